/// The value of one dotenv variable: literal text, or a reference to another variable.
public enum DotenvValue: Sendable, Hashable {
    /// Exactly this text.
    case literal(String)
    /// The value of the variable `NAME`, written `${NAME}`.
    case reference(String)
    /// The value of the variable `NAME`, or `fallback` when it is unset or empty: `${NAME:-fallback}`.
    case referenceWithDefault(String, fallback: String)
}

/// Why a dotenv line cannot be written.
public struct DotenvEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key of the line.
    public var key: String
    /// What is wrong, in words.
    public var reason: String

    /// An error for `key`.
    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    /// `KEY: reason`.
    public var description: String { "\(key): \(reason)" }
}
