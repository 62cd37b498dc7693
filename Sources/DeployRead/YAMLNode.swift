/// The YAML reader's namespace: a node tree with positions, read from UTF-8 bytes.
public enum YAML {}

extension YAML {
    /// A position in the source: 1-based line and column (columns count Unicode scalars, as editors do).
    public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public static func < (lhs: Mark, rhs: Mark) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }

        public var description: String { "\(line):\(column)" }
    }

    /// How a scalar was written; plain scalars are the only ones the schema resolves to non-strings.
    public enum ScalarStyle: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// One node: a scalar, a sequence or a mapping, with its position, explicit tag and anchor.
    ///
    /// Aliases are resolved while reading: an alias is a copy of the anchored node (with the
    /// anchored node's position). Merge keys (`<<`) stay as written until `resolvingMerges()`.
    public struct Node: Sendable, Hashable {
        /// What the node holds.
        public enum Content: Sendable, Hashable {
            case scalar(String, ScalarStyle)
            case sequence([Node])
            case mapping([Pair])
        }

        public var content: Content
        /// Where the node starts (its anchor or tag, when it has one).
        public var mark: Mark
        /// The explicit tag, with `!!x` expanded to `tag:yaml.org,2002:x` (`!reset`, `!override` stay as written).
        public var tag: String?
        /// The anchor defined on this node, if any.
        public var anchor: String?

        public init(_ content: Content, mark: Mark, tag: String? = nil, anchor: String? = nil) {
            self.content = content
            self.mark = mark
            self.tag = tag
            self.anchor = anchor
        }

        /// The scalar text, or nil for collections.
        public var scalar: String? {
            if case .scalar(let text, _) = content { return text }
            return nil
        }

        /// The pairs of a mapping, or nil.
        public var pairs: [Pair]? {
            if case .mapping(let pairs) = content { return pairs }
            return nil
        }

        /// The items of a sequence, or nil.
        public var items: [Node]? {
            if case .sequence(let items) = content { return items }
            return nil
        }

        /// The value of the first pair whose key is the scalar `key`.
        public subscript(key: String) -> Node? {
            pairs?.first(where: { $0.key.scalar == key })?.value
        }

        /// The scalar's value under the YAML 1.2 core schema (as Compose reads it).
        public var resolved: CoreSchema.Value? {
            guard case .scalar(let text, let style) = content else { return nil }
            return CoreSchema.resolve(text, style: style, tag: tag)
        }

        /// True for a plain empty scalar without tag: an omitted value (`key:`), i.e. null.
        public var isNull: Bool {
            if case .null = resolved { return true }
            return false
        }
    }

    /// A key and its value.
    public struct Pair: Sendable, Hashable {
        public var key: Node
        public var value: Node

        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    /// Why a document could not be read: where, what, and what to do.
    public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        public var mark: Mark
        public var message: String
        /// What to do about it.
        public var help: String
        /// A second position the message refers to (the first of two duplicate keys).
        public var related: Mark?

        public init(mark: Mark, message: String, help: String, related: Mark? = nil) {
            self.mark = mark
            self.message = message
            self.help = help
            self.related = related
        }

        public var description: String { "\(mark): \(message) (\(help))" }
    }
}
