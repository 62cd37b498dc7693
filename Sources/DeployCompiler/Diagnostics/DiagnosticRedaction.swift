/// What a diagnostic may print of the stack's values: every known secret masked, and no huge value
/// echoed whole. The rule engine passes every diagnostic through it, so no rule has to take care.
public struct DiagnosticRedaction: Sendable {
    /// What a masked secret is printed as.
    public static let mask = "<redacted>"
    /// A run of text without spaces longer than this is cut (its first `keptPrefix` characters stay).
    public static let longestRun = 120
    public static let keptPrefix = 40
    /// A message longer than this is cut (a long list of short names, such as a 2,000-service cycle, stays whole).
    public static let longestMessage = 65_536

    /// The secrets to mask, longest first (so a secret inside another is masked as part of it).
    private let secrets: [String]

    /// Masks `secrets`; texts shorter than 4 characters are not masked (they would mask ordinary words).
    public init(secrets: some Sequence<String>) {
        self.secrets = Set(secrets).filter { $0.count >= 4 }.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
    }

    /// `diagnostic` with its message, help and notes redacted.
    public func apply(_ diagnostic: Diagnostic) -> Diagnostic {
        var result = diagnostic
        result.finding = redact(diagnostic.finding)
        result.help = diagnostic.help.map(redact)
        result.notes = diagnostic.notes.map { DiagnosticNote(redact($0.message), at: $0.location) }
        return result
    }

    /// `text` with every secret masked and long runs cut to `keptPrefix` characters and a byte count.
    public func redact(_ text: String) -> String {
        var masked = text
        for secret in secrets where masked.contains(secret) {
            masked = Self.masking(secret, in: masked)
        }
        return Self.shortened(masked)
    }

    /// Every occurrence of `secret` in `text` replaced by the mask; a short secret (under 8 characters)
    /// only where it is not part of a longer word.
    private static func masking(_ secret: String, in text: String) -> String {
        let needsBoundary = secret.count < 8
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: secret) {
            let before = rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            let bounded =
                !needsBoundary
                || ((before.last.map { !$0.isLetter && !$0.isNumber } ?? true) && (after.first.map { !$0.isLetter && !$0.isNumber } ?? true))
            result += before
            result += bounded ? mask : String(rest[range])
            rest = after
        }
        return result + rest
    }

    /// `text` with runs over `longestRun` characters cut, and the whole at most `longestMessage` characters.
    static func shortened(_ text: String) -> String {
        var result = ""
        var run = Substring()
        func flush() {
            if run.count > longestRun {
                let dropped = run.dropFirst(keptPrefix)
                result += run.prefix(keptPrefix) + "…(\(dropped.utf8.count) more bytes)"
            } else {
                result += run
            }
        }
        var start = text.startIndex
        for index in text.indices where text[index] == " " || text[index] == "\n" {
            run = text[start..<index]
            flush()
            result.append(text[index])
            start = text.index(after: index)
        }
        run = text[start...]
        flush()
        guard result.count > longestMessage else { return result }
        let dropped = result.dropFirst(longestMessage)
        return result.prefix(longestMessage) + "…(\(dropped.utf8.count) more bytes)"
    }
}
