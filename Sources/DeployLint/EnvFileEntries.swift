import DeployModel

/// A compose `--env-file` read into the DSL's env-file entries (`EnvFileEntry`), each at its line,
/// so the env-file and secret rules judge hand-written env files as they judge `Deployments/`.
public enum EnvFileEntries {
    /// One `KEY=VALUE` line.
    public struct Entry: Equatable {
        public var key: String
        public var value: Value
        public var line: Int
    }

    /// The entries of `text`: `#` comments and blank lines skipped, `export ` allowed, a single-quoted
    /// value is literal, a double-quoted one takes `\n`, `\"` and `\\`, an unquoted one ends at ` #`;
    /// unquoted and double-quoted values are interpolated as Compose does (`${X:-d}` is a variable).
    public static func read(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            line = line.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingSpaces
            var value = String(line[line.index(after: equals)...]).trimmingLeadingSpaces
            let parsed: Value
            if value.hasPrefix("'"), let close = value.dropFirst().firstIndex(of: "'") {
                parsed = .literal(String(value[value.index(after: value.startIndex)..<close]))
            } else if value.hasPrefix("\"") {
                var out = ""
                var escaped = false
                for character in value.dropFirst() {
                    if escaped {
                        out.append(character == "n" ? "\n" : character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        out.append(character)
                    }
                }
                parsed = Interpolation.value(out)
            } else {
                if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
                parsed = Interpolation.value(value.trimmingSpaces)
            }
            entries.append(Entry(key: key, value: parsed, line: index + 1))
        }
        return entries
    }

    /// The stack elements for one env file per mode (the same file for both, or two): an entry both
    /// give alike once; any other entry in its own mode only (`TestOnly`/`ProductionOnly`), at its own line.
    public static func elements(test: (path: String, entries: [Entry]), production: (path: String, entries: [Entry])) -> [StackElement] {
        func at(_ path: String, _ entry: Entry) -> SourceLocation { SourceLocation(file: path, line: entry.line, column: 1) }
        if test.path == production.path {
            return test.entries.map { StackElement(.envFileEntry(key: $0.key, value: $0.value), at: at(test.path, $0)) }
        }
        var elements: [StackElement] = []
        for entry in test.entries {
            if let other = production.entries.last(where: { $0.key == entry.key }), other.value == entry.value {
                elements.append(StackElement(.envFileEntry(key: entry.key, value: entry.value), at: at(test.path, entry)))
            } else {
                let element = StackElement(.envFileEntry(key: entry.key, value: entry.value), at: at(test.path, entry))
                elements.append(StackElement(.scoped(.test, [element]), at: element.location))
            }
        }
        // Each mode's own value at its own line (a finding about production points at production's file).
        for entry in production.entries where test.entries.last(where: { $0.key == entry.key })?.value != entry.value {
            let element = StackElement(.envFileEntry(key: entry.key, value: entry.value), at: at(production.path, entry))
            elements.append(StackElement(.scoped(.production, [element]), at: element.location))
        }
        return elements
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
    fileprivate var trimmingSpaces: String {
        var text = Substring(self).drop { $0 == " " || $0 == "\t" }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
