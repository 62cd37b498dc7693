/// `docs/RULES.md`: the rule catalogue, rendered from the registry so it cannot drift.
public struct RulesDocument: Sendable {
    public var rules: [any Rule]

    public init(rules: [any Rule]) {
        self.rules = rules
    }

    public var markdown: String {
        var lines = [
            "# Rules",
            "",
            "Every rule `homeiq-gen` proves before it writes a byte. A violation is an error at the line of",
            "`Deployments/` that caused it, and nothing is written. `homeiq-gen explain RULE` prints one entry.",
            "",
            "| rule | proves | waivable |",
            "| --- | --- | --- |",
        ]
        for rule in rules {
            lines.append("| [`\(rule.id)`](#\(anchor(rule.id))) | \(rule.summary) | \(rule.isWaivable ? "yes" : "no") |")
        }
        for rule in rules {
            lines += ["", "## \(rule.id)", "", "\(rule.summary.prefix(1).uppercased())\(rule.summary.dropFirst()).", "", rule.userDocumentation]
            if !rule.isWaivable { lines += ["", "This rule cannot be waived."] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func anchor(_ id: String) -> String {
        String(id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == " " })
    }
}
