import DeployModel

/// Compose variable interpolation, parsed into the DSL's value forms so the rules see what they
/// see in the DSL: `${X}` and `${X:-d}`/`${X-d}` are variables (with their default), `${X:?e}`/`${X?e}`
/// are required (secret-style) references, `${X:+v}`/`${X+v}` are variables without default,
/// `$$` is a literal `$`, nested defaults are kept as written.
public enum Interpolation {
    public static func value(_ text: String) -> Value {
        var parts: [Value] = []
        var literal = ""
        let characters = Array(text)
        var index = 0
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
        }
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                literal.append(character)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "$" {
                literal.append("$")
                index += 2
            } else if next == "{" {
                // Find the matching brace (defaults may nest `${…}`).
                var depth = 1
                var end = index + 2
                while end < characters.count && depth > 0 {
                    if characters[end] == "{" { depth += 1 }
                    if characters[end] == "}" { depth -= 1 }
                    if depth > 0 { end += 1 }
                }
                guard end < characters.count else {
                    literal.append(contentsOf: characters[index...])
                    index = characters.count
                    continue
                }
                flush()
                parts.append(reference(String(characters[(index + 2)..<end])))
                index = end + 1
            } else if next == "_" || next.isLetter {
                var end = index + 1
                while end < characters.count && (characters[end] == "_" || characters[end].isLetter || characters[end].isNumber) { end += 1 }
                flush()
                parts.append(.variable(String(characters[(index + 1)..<end]), default: nil))
                index = end
            } else {
                literal.append(character)
                index += 1
            }
        }
        flush()
        if parts.isEmpty { return .literal("") }
        return parts.count == 1 ? parts[0] : .joined(parts)
    }

    /// The references in `text` that the DSL's value forms only approximate: `${X:+v}`/`${X+v}` (read as
    /// `${X}`), `${X-d}`/`${X?e}` (the DSL has only the `:` forms, which also treat an empty value as unset),
    /// and nested references inside a default or message.
    public static func approximations(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if rest[..<start.lowerBound].hasSuffix("$") && !rest[..<start.lowerBound].hasSuffix("$$") {
                rest = rest[start.upperBound...]
                continue
            }
            let body = rest[start.upperBound...]
            let name = body.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
            let after = body.dropFirst(name.count)
            var depth = 1
            var end = after.startIndex
            while end < after.endIndex && depth > 0 {
                if after[end] == "{" { depth += 1 }
                if after[end] == "}" { depth -= 1 }
                if depth > 0 { end = after.index(after: end) }
            }
            let reference = "${" + name + after[..<end] + "}"
            if after.hasPrefix(":+") || after.hasPrefix("+") || after.hasPrefix("-") || after.hasPrefix("?") || after[..<end].contains("$") {
                found.append(reference)
            }
            rest = end < after.endIndex ? after[after.index(after: end)...] : ""
        }
        return found
    }

    /// The inside of `${…}`.
    static func reference(_ body: String) -> Value {
        let name = String(body.prefix { $0 == "_" || $0.isLetter || $0.isNumber })
        let rest = body.dropFirst(name.count)
        for (operator_, kind) in [(":-", 0), ("-", 0), (":?", 1), ("?", 1), (":+", 2), ("+", 2)] where rest.hasPrefix(operator_) {
            let argument = String(rest.dropFirst(operator_.count))
            switch kind {
            case 0: return .variable(name, default: argument)
            case 1: return .secret(name, message: argument.isEmpty ? nil : argument)
            default: return .variable(name, default: nil)
            }
        }
        return .variable(name, default: nil)
    }
}
