import DeployRender

/// The compose document as the compose emitter builds it.
///
/// Every scalar string is a `ComposeText`: `.string(_:)` takes a literal and escapes it, and
/// `.value(_:)` takes a resolved value. There is no case for raw text, so the emitter cannot
/// write a literal that Compose would interpolate. Mapping keys are written as they are:
/// Compose does not interpolate keys.
public enum ComposeNode: Sendable, Hashable {
    /// A string scalar, escaped for Compose.
    case text(ComposeText)
    /// A decimal integer.
    case integer(Int)
    /// `true` or `false`.
    case boolean(Bool)
    /// A block sequence.
    case sequence([ComposeNode])
    /// A block mapping, keys in the given order.
    case mapping([Entry])

    /// One key/value pair of a mapping; the key is not interpolated by Compose, so it is written exactly.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: ComposeNode

        public init(_ key: String, _ value: ComposeNode) {
            self.key = key
            self.value = value
        }
    }

    /// Exactly `literal` (every `$` doubled).
    public static func string(_ literal: String) -> ComposeNode { .text(.literal(literal)) }

    /// A resolved value with its references.
    public static func value(_ value: ResolvedValue) -> ComposeNode { .text(.value(value)) }

    /// A sequence of literals.
    public static func strings(_ literals: [String]) -> ComposeNode { .sequence(literals.map(string)) }

    /// The same tree as a `YAMLNode` (the emitter writes `ComposeNode` itself: see `shape`).
    public var yaml: YAMLNode {
        switch shape {
        case .string(let text): .string(text)
        case .literal(let text): .literal(text)
        case .sequence(let items): .sequence(items.map(\.yaml))
        case .mapping(let entries): .mapping(entries.map { YAMLNode.Entry($0.key, $0.value.yaml) })
        }
    }
}

extension ComposeNode: YAMLTree {
    /// The node as the YAML emitter writes it: the one place compose text becomes a YAML scalar.
    public var shape: YAMLShape<ComposeNode, Entry> {
        switch self {
        case .text(let text): .string(text.raw)
        case .integer(let value): .literal(String(value))
        case .boolean(let value): .literal(value ? "true" : "false")
        case .sequence(let items): .sequence(items)
        case .mapping(let entries): .mapping(entries)
        }
    }
}

extension ComposeNode.Entry: YAMLTreeEntry {}
