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

    /// The parts of a value, in order: adjacent literals merged, no empty literal.
    ///
    /// A collection rather than an array: a value of one literal text (most values) holds the text itself,
    /// so reading it costs no array allocated, walked or freed.
    public struct Parts: RandomAccessCollection, Sendable, Hashable {
        /// One representation per list of parts (`text` exactly when the list is one literal), so that the
        /// synthesized equality is the parts' equality.
        fileprivate enum Storage: Sendable, Hashable {
            case text(String)
            case list([Part])
        }

        fileprivate let storage: Storage

        /// Already merged `parts`.
        fileprivate init(merged parts: [Part]) {
            if parts.count == 1, case .literal(let text) = parts[0] { storage = .text(text) } else { storage = .list(parts) }
        }

        /// The parts of a value that is the one non-empty literal `text`.
        fileprivate init(text: String) { storage = .text(text) }

        public var startIndex: Int { 0 }
        public var endIndex: Int {
            switch storage {
            case .text: 1
            case .list(let parts): parts.count
            }
        }

        public subscript(position: Int) -> Part {
            switch storage {
            case .text(let text):
                precondition(position == 0, "Index out of range")
                return .literal(text)
            case .list(let parts): return parts[position]
            }
        }
    }

    public let parts: Parts
    /// Services of the same mode this value names (service URLs).
    public var serviceReferences: [String]
    /// Whether a part is a `${…}` reference (a secret or a variable): a walk over the references of many
    /// values skips the literal ones (most) without looking at their parts.
    public let hasReferences: Bool

    public init(parts: [Part], serviceReferences: [String] = []) {
        self.parts = Parts(merged: Self.merged(parts))
        self.serviceReferences = serviceReferences
        hasReferences = self.parts.contains { if case .literal = $0 { false } else { true } }
    }

    /// A value that is the one literal `text`.
    public static func literal(_ text: String) -> ResolvedValue {
        text.isEmpty ? ResolvedValue(parts: []) : ResolvedValue(literal: text)
    }

    /// `literal(_:)` of non-empty text: no array of parts is made.
    private init(literal text: String) {
        parts = Parts(text: text)
        serviceReferences = []
        hasReferences = false
    }

    /// The value as written into a compose file: literal `$` doubled, references interpolated (see `ComposeText.value`).
    public var composeText: String { ComposeText.value(self).raw }

    /// The value for people and comparisons: literals as they are, references as `${NAME}`.
    public var displayText: String {
        // One literal (most values): the text itself, without an array of one and a joined copy.
        if case .text(let text) = parts.storage { return text }
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
        switch parts.storage {
        case .text(let text): text
        case .list(let parts): parts.isEmpty ? "" : nil
        }
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
