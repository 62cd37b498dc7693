/// Scalar resolution under the YAML 1.2 core schema, the one Compose's Go reader uses.
///
/// YAML 1.1 readers such as PyYAML differ on plain scalars; each difference is deliberate and tested:
/// - `yes`, `no`, `on`, `off`, `y`, `n` (any case form) are booleans in 1.1, strings here;
/// - `0o17` is an integer here, a string in 1.1; `017` is octal 15 in 1.1, decimal 17 here;
/// - `0b101`, `1_000`, sexagesimal `1:30` are integers (and `1_0.5`, `1:30.5` floats) in 1.1, strings here;
/// - `1e3` (no dot), `1.0e5` (unsigned exponent) and `-.5` (sign before a leading dot) are floats here, strings in 1.1;
/// - `09` (leading zero, not octal) is the integer 9 here, a string in 1.1;
/// - `2001-12-14` and other timestamps are timestamps in 1.1, strings here;
/// - `=` is the 1.1 "value" tag, a string here;
/// - only `\n` and `\r` break lines here; 1.1 also breaks at U+0085, U+2028 and U+2029.
public enum CoreSchema {
    /// A resolved scalar.
    public enum Value: Sendable, Hashable {
        case null
        case bool(Bool)
        /// An integer; `text` is the digits as written when the value does not fit 64 bits.
        case int(Int?, text: String)
        case float(Double)
        case string(String)

        /// The short name used in diagnostics and tests: `null`, `bool`, `int`, `float`, `str`.
        public var kind: String {
            switch self {
            case .null: "null"
            case .bool: "bool"
            case .int: "int"
            case .float: "float"
            case .string: "str"
            }
        }
    }

    static let strTag = "tag:yaml.org,2002:str"

    /// Resolves `text` written in `style` with an optional explicit tag.
    public static func resolve(_ text: String, style: YAML.ScalarStyle, tag: String?) -> Value {
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
                let value = resolvePlain(text)
                return value == .string(text) ? .string(text) : value
            case "!": return .string(text)
            default:
                if tag == strTag || style != .plain { return .string(text) }
                // Local tags such as `!reset` do not change what a plain scalar means.
                return resolvePlain(text)
            }
        }
        return style == .plain ? resolvePlain(text) : .string(text)
    }

    /// Resolves a plain scalar.
    public static func resolvePlain(_ text: String) -> Value {
        guard let lead = text.utf8.first else { return .null }
        if lead >= 97 && lead <= 122 || lead >= 65 && lead <= 90, !"nNtTfF".utf8.contains(lead) { return .string(text) }
        let bytes = Array(text.utf8)
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        guard let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || isDigit(first) else {
            return .string(text)
        }
        var sign = 1
        var start = 0
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            start = 1
        }
        let body = Array(bytes[start...])
        let bodyText = String(decoding: body, as: UTF8.self)
        if [".inf", ".Inf", ".INF"].contains(bodyText) { return .float(Double(sign) * .infinity) }
        if !body.isEmpty && body.allSatisfy(isDigit) {
            return .int(Int(text), text: text)
        }
        if start == 0 && bytes.count > 2 && bytes[0] == UInt8(ascii: "0") {
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            if bytes[1] == UInt8(ascii: "o") && bytes[2...].allSatisfy({ $0 >= 48 && $0 <= 55 }) {
                return .int(Int(digits, radix: 8), text: text)
            }
            if bytes[1] == UInt8(ascii: "x") && bytes[2...].allSatisfy(isHexDigit) {
                return .int(Int(digits, radix: 16), text: text)
            }
        }
        if isCoreFloat(body), let value = Double(bodyText.hasPrefix(".") ? "0" + bodyText : bodyText) {
            return .float(Double(sign) * value)
        }
        return .string(text)
    }

    /// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    static func isCoreFloat(_ body: [UInt8]) -> Bool {
        var index = 0
        let count = body.count
        func digits() -> Int {
            let start = index
            while index < count && isDigit(body[index]) { index += 1 }
            return index - start
        }
        if index < count && body[index] == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { return false }
        } else {
            if digits() == 0 { return false }
            if index < count && body[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < count && (body[index] == UInt8(ascii: "e") || body[index] == UInt8(ascii: "E")) {
            index += 1
            if index < count && (body[index] == UInt8(ascii: "+") || body[index] == UInt8(ascii: "-")) { index += 1 }
            if digits() == 0 { return false }
        }
        return index == count
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
    }
}
