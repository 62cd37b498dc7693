/// The choice between a plain and a double-quoted string scalar, and the double-quoted spelling.
///
/// A string is written plain only when no YAML 1.1 or YAML 1.2 parser could read it as anything
/// else: not a null, boolean, number or timestamp in either version, no indicator at the start,
/// no `: ` or ` #` inside, no leading or trailing space, and only printable characters.
/// Everything else is double-quoted, with escapes for the characters a reader could lose.
@usableFromInline
enum YAMLScalarStyle {
    /// `value` as it appears in a document.
    @usableFromInline
    static func render(_ value: String) -> String {
        needsQuotes(value) ? doubleQuoted(value) : value
    }

    /// Appends `render(value)` to `bytes`. An ASCII value is decided, and copied or escaped, in one
    /// look at its bytes; any other takes `needsQuotes` and `doubleQuoted`.
    @usableFromInline
    static func write(_ value: String, into bytes: inout [UInt8]) {
        let written: Bool? = value.utf8.withContiguousStorageIfAvailable { utf8 in
            switch asciiNeedsQuotes(utf8) {
            case false?:
                bytes.append(contentsOf: utf8)
                return true
            case true?: return appendASCIIDoubleQuoted(utf8, into: &bytes)
            case nil: return false
            }
        }
        guard written != true else { return }
        bytes.append(contentsOf: (needsQuotes(value) ? doubleQuoted(value) : value).utf8)
    }

    /// Whether `value` must be quoted to read back as this exact string.
    static func needsQuotes(_ value: String) -> Bool {
        if let ascii = value.utf8.withContiguousStorageIfAvailable(asciiNeedsQuotes), let answer = ascii { return answer }
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return true }
        if !scalars.allSatisfy(isPlainSafe) { return true }
        if indicators.contains(first) || first == " " || (!first.isASCII && isCombiningMark(first)) { return true }
        if last == " " || last == ":" { return true }
        if containsPair(scalars, ":", " ") || containsPair(scalars, " ", "#") { return true }
        if scalars.starts(with: ["." as Unicode.Scalar, ".", "."]) { return true }  // a document end marker at the start of a line
        // Lowercasing keeps the scalar count, so only strings as short as a keyword can be one.
        if scalars.count <= longestKeyword && keywords.contains(asciiLowercased(scalars)) { return true }
        return looksNumeric(scalars)
    }

    /// The same decision as `needsQuotes` for a string whose UTF-8 bytes are all ASCII, made on the
    /// bytes without allocating (most values); nil when a byte is not ASCII. Every check of
    /// `needsQuotes` returns `true` on its own, so their order does not matter; ASCII bytes are
    /// adjacent exactly when their scalars are.
    private static func asciiNeedsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let first = bytes.first, let last = bytes.last else { return true }
        var plainSafe = true
        var previous: UInt8 = 0
        var hasPair = false
        for byte in bytes {
            if byte >= 0x80 { return nil }
            // Letters, digits and most punctuation need no further look: what does is at most '#' (0x23), or DEL.
            if byte <= UInt8(ascii: "#") || byte == 0x7F {
                if byte < 0x20 || byte == 0x7F { plainSafe = false }
                if (previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ")) || (previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#")) {
                    hasPair = true
                }
            }
            previous = byte
        }
        if !plainSafe || hasPair { return true }
        if first == UInt8(ascii: " ") || indicatorASCII[Int(first)] { return true }
        if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return true }
        if bytes.count >= 3 && first == UInt8(ascii: ".") && bytes[1] == UInt8(ascii: ".") && bytes[2] == UInt8(ascii: ".") { return true }
        if bytes.count <= longestKeyword {
            for keyword in keywordBytes where keyword.count == bytes.count {
                // Keywords are lowercase ASCII: compare with each byte lowercased.
                if zip(keyword, bytes).allSatisfy({ $0 == ($1 >= UInt8(ascii: "A") && $1 <= UInt8(ascii: "Z") ? $1 + 0x20 : $1) }) { return true }
            }
        }
        // looksNumeric, on bytes: after an optional sign, a digit or `.` first and only numeric characters.
        var rest = bytes[...]
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        guard let lead = rest.first else { return true }
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lead) || lead == UInt8(ascii: ".") else { return false }
        return rest.allSatisfy { numericASCII[Int($0)] }
    }

    /// `indicators` as a table indexed by ASCII code.
    private static let indicatorASCII: [Bool] = (0..<128).map { indicators.contains(Unicode.Scalar(UInt8($0))) }

    /// The UTF-8 bytes of each keyword.
    private static let keywordBytes: [[UInt8]] = keywords.map { Array($0.utf8) }

    /// `numericCharacters` as a table indexed by ASCII code.
    private static let numericASCII: [Bool] = (0..<128).map { numericCharacters.contains(Unicode.Scalar(UInt8($0))) }

    /// `value` in double quotes, escaping `\`, `"` and every character that is not plain-safe.
    static func doubleQuoted(_ value: String) -> String {
        if let ascii = value.utf8.withContiguousStorageIfAvailable(asciiDoubleQuoted), let quoted = ascii { return quoted }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if isPlainSafe(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += escape(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// `doubleQuoted` for a string whose UTF-8 bytes are all ASCII, built on the bytes (a scalar is a
    /// byte; the escapes are the same); nil when a byte is not ASCII.
    private static func asciiDoubleQuoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2)
        guard appendASCIIDoubleQuoted(bytes, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `asciiDoubleQuoted(bytes)` to `out` and returns true; false, with `out` as it was, when a byte is not ASCII.
    private static func appendASCIIDoubleQuoted(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        let start = out.count
        out.append(UInt8(ascii: "\""))
        func append(escaped byte: UInt8) {
            out.append(UInt8(ascii: "\\"))
            out.append(byte)
        }
        for byte in bytes {
            switch byte {
            case 0x80...:
                out.removeSubrange(start...)
                return false
            case UInt8(ascii: "\\"): append(escaped: UInt8(ascii: "\\"))
            case UInt8(ascii: "\""): append(escaped: UInt8(ascii: "\""))
            case UInt8(ascii: "\n"): append(escaped: UInt8(ascii: "n"))
            case UInt8(ascii: "\t"): append(escaped: UInt8(ascii: "t"))
            case UInt8(ascii: "\r"): append(escaped: UInt8(ascii: "r"))
            case 0: append(escaped: UInt8(ascii: "0"))
            case 0x20..<0x7F: out.append(byte)
            default:
                // The other controls and DEL: `\xNN`, as `escape` writes them.
                append(escaped: UInt8(ascii: "x"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    // MARK: - Character classes

    /// Characters that start a YAML token when they begin a plain scalar.
    private static let indicators: Set<Unicode.Scalar> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]

    /// Null, boolean, merge and value spellings of YAML 1.1 and 1.2, lowercased.
    private static let keywords: Set<String> = [
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=",
    ]

    /// The scalar count of the longest keyword.
    private static let longestKeyword = keywords.map(\.unicodeScalars.count).max() ?? 0

    /// Every character that may appear in a YAML 1.1 or 1.2 int, float, sexagesimal or timestamp
    /// (digits, signs, separators, radix prefixes, hex digits, exponent, `T`/`Z`, `.inf`, `.nan`).
    private static let numericCharacters: Set<Unicode.Scalar> = Set("0123456789+-._: \tabcdefABCDEFxXoObBtTzZiInNfF".unicodeScalars)

    /// A superset of the numbers and timestamps: after an optional sign, a digit or `.` first and only numeric characters.
    private static func looksNumeric(_ scalars: [Unicode.Scalar]) -> Bool {
        var rest = scalars[...]
        if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
        guard let first = rest.first else { return true }
        guard ("0"..."9").contains(first) || first == "." else { return false }
        return rest.allSatisfy(numericCharacters.contains)
    }

    /// Printable ASCII without tab, or a visible non-ASCII character (no control, format, separator, private-use or unassigned code point).
    private static func isPlainSafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// Whether `first` is directly followed by `second` somewhere (code points, not characters).
    private static func containsPair(_ scalars: [Unicode.Scalar], _ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        zip(scalars, scalars.dropFirst()).contains { $0 == first && $1 == second }
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func asciiLowercased(_ scalars: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        for scalar in scalars {
            if ("A"..."Z").contains(scalar), let lower = Unicode.Scalar(scalar.value + 0x20) {
                out.append(lower)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `\xNN`, `\uNNNN` or `\UNNNNNNNN` (uppercase hex).
    private static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        switch scalar.value {
        case ...0xFF: return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        case ...0xFFFF: return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
    }
}
