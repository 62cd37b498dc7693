import DeployCompiler

/// Formats diagnostics the way compilers do, relative to the package root, coloured on a terminal.
public struct DiagnosticFormatter: Sendable {
    public var root: String
    public var color: Bool

    public init(root: String, color: Bool) {
        self.root = root
        self.color = color
    }

    /// `path:line:column: error: [rule] message`, an indented `help:` line and a `note:` line per note.
    public func format(_ diagnostic: Diagnostic) -> String {
        var line = diagnostic.formatted(relativeTo: root)
        if color {
            let label = "\(diagnostic.severity.rawValue):"
            let code = diagnostic.severity == .error ? "31" : diagnostic.severity == .warning ? "33" : "36"
            if let range = line.range(of: " \(label) ") {
                line.replaceSubrange(range, with: " \u{1B}[1;\(code)m\(label)\u{1B}[0m ")
            }
        }
        if let help = diagnostic.help {
            line += "\n    " + (color ? "\u{1B}[1mhelp:\u{1B}[0m " : "help: ") + help
        }
        for note in diagnostic.notes {
            line += "\n    " + (color ? "\u{1B}[1;36mnote:\u{1B}[0m " : "note: ") + note.formatted(relativeTo: root)
        }
        return line
    }

    /// Every diagnostic, then a count line such as `2 errors, 1 warning`.
    public func report(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "" }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return diagnostics.map(format).joined(separator: "\n") + "\n" + parts.joined(separator: ", ") + "\n"
    }
}
