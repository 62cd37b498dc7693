import DeployModel

/// Swift source spellings of values, exact for every string: what the literal means is the text it came from.
enum SwiftLiteral {
    /// A string literal: printable ASCII as is (with `\\` and `\"` escaped), letters and digits of other
    /// scripts as is, and every other scalar (controls, line and paragraph separators, combining marks,
    /// format and bidi controls, unassigned) as `\u{…}`, so nothing in the literal can end a line,
    /// combine with a quote or reorder the source.
    static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                let category = scalar.properties.generalCategory
                switch category {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .decimalNumber:
                    out.unicodeScalars.append(scalar)
                default:
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            }
        }
        return out + "\""
    }

    static func optionalString(_ text: String?) -> String { text.map(string) ?? "nil" }

    /// A DSL `Value`, in the spelling an engineer would write.
    static func value(_ value: Value) -> String {
        switch value {
        case .literal(let text): return string(text)
        case .perMode(let test, let production): return ".mode(test: \(self.value(test)), production: \(self.value(production)))"
        case .secret(let name, let message):
            return message.map { ".secret(\(string(name)), message: \(string($0)))" } ?? ".secret(\(string(name)))"
        case .variable(let name, let fallback): return ".variable(\(string(name)), default: \(optionalString(fallback)))"
        case .derived(let derived): return ".derived(.\(derived.rawValue))"
        case .serviceURL(let service, let port, let scheme, let path):
            return ".url(of: \(string(service)), port: \(port), scheme: \(string(scheme)), path: \(string(path)))"
        case .joined(let parts): return ".joined([" + parts.map { self.value($0) }.joined(separator: ", ") + "])"
        }
    }

    /// `.mib(1536)`, or `.gib(2)` when whole gibibytes.
    static func memory(_ memory: Memory) -> String {
        memory.mebibytes % 1024 == 0 && memory.mebibytes != 0 ? ".gib(\(memory.mebibytes / 1024))" : ".mib(\(memory.mebibytes))"
    }

    /// `0.5`, `2`: thousandths written out exactly.
    static func cpus(_ cpus: CPUs) -> String {
        let whole = cpus.millicores / 1000
        let fraction = abs(cpus.millicores % 1000)
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return (cpus.millicores < 0 && whole == 0 ? "-" : "") + "\(whole).\(digits)"
    }

    static func modes(_ modes: Modes) -> String {
        switch modes {
        case .both: ".both"
        case .test: "[.test]"
        case .production: "[.production]"
        default: "[]"
        }
    }
}
