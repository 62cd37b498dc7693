/// A YAML document tree as the emitter writes it: string scalars, verbatim literals, sequences and ordered mappings.
public enum YAMLNode: Sendable, Hashable {
    /// A string scalar; the emitter quotes it whenever a YAML 1.1 or 1.2 parser could read it as anything but this exact string.
    case string(String)
    /// Text written verbatim: numbers and booleans the caller means, e.g. `3`, `true`, `0.5` (must be a single line).
    case literal(String)
    /// A block sequence.
    case sequence([YAMLNode])
    /// A block mapping, keys in the given order; keys are quoted by the same rules as `.string`.
    case mapping([Entry])

    /// One key/value pair of a mapping.
    public struct Entry: Sendable, Hashable {
        /// The key, a string scalar.
        public var key: String
        /// The value.
        public var value: YAMLNode

        /// An entry `key: value`.
        public init(_ key: String, _ value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The literal `true` or `false`.
    public static func bool(_ value: Bool) -> YAMLNode { .literal(value ? "true" : "false") }

    /// The literal decimal integer.
    public static func int(_ value: Int) -> YAMLNode { .literal(String(value)) }
}

/// A tree `YAMLEmitter` writes as it is, without a `YAMLNode` copy: each node a scalar, a sequence or
/// a mapping (`YAMLNode`, and the compose emitter's own tree).
public protocol YAMLTree {
    /// A mapping's entries.
    associatedtype Entry: YAMLTreeEntry where Entry.Value == Self
    /// What the node is, and its scalar text or children.
    var shape: YAMLShape<Self, Entry> { get }
}

/// One key/value pair of a `YAMLTree` mapping.
public protocol YAMLTreeEntry {
    associatedtype Value
    /// The key, written as a string scalar.
    var key: String { get }
    var value: Value { get }
}

/// A node of a `YAMLTree`: the cases of `YAMLNode`, with the tree's own children.
public enum YAMLShape<Node, Entry> {
    /// A string scalar (quoted when a reader could take it for anything else).
    case string(String)
    /// Text written verbatim (a number or boolean the caller means).
    case literal(String)
    case sequence([Node])
    case mapping([Entry])
}

extension YAMLNode: YAMLTree {
    public var shape: YAMLShape<YAMLNode, Entry> {
        switch self {
        case .string(let text): .string(text)
        case .literal(let text): .literal(text)
        case .sequence(let items): .sequence(items)
        case .mapping(let entries): .mapping(entries)
        }
    }
}

extension YAMLNode.Entry: YAMLTreeEntry {}
