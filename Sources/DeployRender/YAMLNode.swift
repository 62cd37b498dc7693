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
