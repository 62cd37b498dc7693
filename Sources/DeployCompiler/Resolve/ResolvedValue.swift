import DeployModel

/// A configuration value resolved for one mode.
public struct ResolvedValue: Sendable, Hashable {
    /// One piece of a resolved value.
    public enum Part: Sendable, Hashable {
        case literal(String)
        /// `${NAME:?message}`: required at deploy time, never defaulted.
        case secret(name: String, message: String)
        /// `${NAME:-default}` (or `${NAME}` without a default).
        case variable(name: String, default: String?)
    }

    public let parts: [Part]
    /// Services of the same mode this value names (service URLs).
    public var serviceReferences: [String]
    /// Whether a part is a `${…}` reference (a secret or a variable): a walk over the references of many
    /// values skips the literal ones (most) without looking at their parts.
    public let hasReferences: Bool

    public init(parts: [Part], serviceReferences: [String] = []) {
        self.parts = Self.merged(parts)
        self.serviceReferences = serviceReferences
        hasReferences = self.parts.contains { if case .literal = $0 { false } else { true } }
    }

    public static func literal(_ text: String) -> ResolvedValue { ResolvedValue(parts: [.literal(text)]) }

    /// The value as written into a compose file: literal `$` doubled, references interpolated (see `ComposeText.value`).
    public var composeText: String { ComposeText.value(self).raw }

    /// The value for people and comparisons: literals as they are, references as `${NAME}`.
    public var displayText: String {
        // One literal (most values): the text itself, without an array of one and a joined copy.
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        return parts.map { part in
            switch part {
            case .literal(let text): text
            case .secret(let name, _): "${\(name)}"
            case .variable(let name, _): "${\(name)}"
            }
        }.joined()
    }

    /// The exact text when the value is a literal, else nil.
    public var literalText: String? {
        if parts.isEmpty { return "" }
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        return nil
    }

    /// The secret names this value requires.
    public var secretNames: [String] {
        parts.compactMap { if case .secret(let name, _) = $0 { name } else { nil } }
    }

    /// The literal text of every literal part (where a secret literal would hide).
    public var literalParts: [String] {
        parts.compactMap { if case .literal(let text) = $0 { text } else { nil } }
    }

    private static func merged(_ parts: [Part]) -> [Part] {
        // One part (most values) is already merged unless it is an empty literal: keep the array.
        if parts.count == 1, case .literal(let text) = parts[0], text.isEmpty { return [] }
        if parts.count <= 1 { return parts }
        var result: [Part] = []
        for part in parts {
            if case .literal(let text) = part {
                if text.isEmpty { continue }
                if case .literal(let previous)? = result.last {
                    result[result.count - 1] = .literal(previous + text)
                    continue
                }
            }
            result.append(part)
        }
        return result
    }
}
