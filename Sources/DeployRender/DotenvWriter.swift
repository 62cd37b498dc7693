/// Writes dotenv lines that docker compose's dotenv parser and python-dotenv both read back exactly.
///
/// A literal is written plain when it is made only of `[A-Za-z0-9_./:@,+=%-]`; else in single
/// quotes when it has no `'`, `\` or `${` (single quotes are literal in compose, but
/// python-dotenv still expands `${…}`); else in double quotes, escaping `\` and `"`, when it has
/// no `$` (both parsers interpolate inside double quotes). A value with a line break (`\n`, `\r`)
/// or NUL has no spelling: the deploy scripts read one entry a line (`scripts/lib/envfile.sh`,
/// the same grammar) and no environment variable can hold NUL. Anything else has no portable
/// spelling either. The empty value is `''`.
public enum DotenvWriter {
    /// `KEY=VALUE` (no newline), quoted so that docker compose's dotenv parser and python-dotenv both read back exactly the value.
    public static func line(key: String, value: DotenvValue) throws(DotenvEncodingError) -> String {
        guard isValidKey(key) else {
            throw DotenvEncodingError(key: key, reason: "not a valid variable name (expected [A-Za-z_][A-Za-z0-9_]*)")
        }
        switch value {
        case .reference(let name):
            guard isValidKey(name) else {
                throw DotenvEncodingError(key: key, reason: "reference to an invalid variable name \(quotedForMessage(name))")
            }
            return "\(key)=${\(name)}"
        case .referenceWithDefault(let name, let fallback):
            guard isValidKey(name) else {
                throw DotenvEncodingError(key: key, reason: "reference to an invalid variable name \(quotedForMessage(name))")
            }
            // Unquoted, so the default must be plain text: both parsers read `${NAME:-text}` alike then.
            guard fallback.unicodeScalars.allSatisfy(isPlain) else {
                throw DotenvEncodingError(
                    key: key, reason: "the default \(quotedForMessage(fallback)) of ${\(name)} is not plain text ([A-Za-z0-9_./:@,+=%-])")
            }
            return "\(key)=${\(name):-\(fallback)}"
        case .literal(let text):
            guard let encoded = encode(literal: text) else {
                throw DotenvEncodingError(
                    key: key,
                    reason:
                        "the value \(quotedForMessage(text)) has no spelling that both docker compose and python-dotenv read back exactly (it contains a line break or NUL, which the deploy scripts cannot read, or `$` together with a quote or backslash, or `${`)"
                )
            }
            return "\(key)=\(encoded)"
        }
    }

    /// The encoded literal, or nil when no quoting is read back identically by both parsers.
    public static func encode(literal: String) -> String? {
        let scalars = literal.unicodeScalars
        if scalars.isEmpty { return "''" }
        if scalars.allSatisfy(isPlain) { return literal }
        if scalars.contains("\n") || scalars.contains("\r") || scalars.contains("\u{0}") { return nil }
        let hasInterpolation = zip(scalars, scalars.dropFirst()).contains { $0 == "$" && $1 == "{" }
        if !scalars.contains("'") && !scalars.contains("\\") && !hasInterpolation {
            return "'" + literal + "'"
        }
        if !scalars.contains("$") {
            var out = "\""
            for scalar in scalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        return nil
    }

    /// Whether `key` is a valid variable name ([A-Za-z_][A-Za-z0-9_]*).
    public static func isValidKey(_ key: String) -> Bool {
        // On bytes: every allowed character is ASCII, and no byte of a non-ASCII character is one of them.
        func isKeyByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_")
        }
        guard let first = key.utf8.first, isKeyByte(first), first > 0x39 else { return false }
        if let answer = key.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(isKeyByte) }) { return answer }
        return key.utf8.allSatisfy(isKeyByte)
    }

    // MARK: - Character classes

    private static let plainPunctuation: Set<Unicode.Scalar> = ["_", ".", "/", ":", "@", ",", "+", "=", "%", "-"]

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || isDigit(scalar) || plainPunctuation.contains(scalar)
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// `text` in double quotes with Swift-style escapes, for error messages.
    private static func quotedForMessage(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() + "\""
    }
}
