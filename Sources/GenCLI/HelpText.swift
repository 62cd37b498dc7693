/// Help text generated from `CommandLineInterface`'s declarations, laid out like swift-argument-parser's.
public enum HelpText {
    public static let version = "0.1.0"

    /// The column where option and argument descriptions start.
    static let descriptionColumn = 26
    /// The width help text is wrapped to.
    static let width = 100

    /// `homeiq-gen --help`.
    public static var root: String {
        let generate = CommandLineInterface.commands[0]
        var sections = ["OVERVIEW: \(CommandLineInterface.overview)", wrap(CommandLineInterface.discussion, indent: 0)]
        sections.append("USAGE: homeiq-gen [<subcommand>] " + generate.options.map { "[\($0.synopsis)]" }.joined(separator: " "))
        sections.append("OPTIONS:\n" + optionList(generate.options + CommandLineInterface.globalOptions))
        let subcommands = CommandLineInterface.commands.map { command in
            entry(command.name + command.arguments.map { " " + $0.synopsis }.joined(), command.abstract)
        }
        sections.append(
            "SUBCOMMANDS:\n" + subcommands.joined(separator: "\n")
                + "\n\n  See 'homeiq-gen help <subcommand>' for detailed help.")
        sections.append("EXIT CODES: \(CommandLineInterface.exitCodes)")
        return sections.joined(separator: "\n\n")
    }

    /// `homeiq-gen help <subcommand>`.
    public static func help(for command: Invocation.Command) -> String {
        guard let declaration = CommandLineInterface.declaration(of: command), command != .generate else { return root }
        var sections = ["OVERVIEW: \(declaration.abstract)"]
        if !declaration.discussion.isEmpty { sections.append(wrap(declaration.discussion, indent: 0)) }
        sections.append("USAGE: \(declaration.usage)")
        if !declaration.arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + declaration.arguments.map { entry("<\($0.name)>", $0.help) }.joined(separator: "\n"))
        }
        sections.append("OPTIONS:\n" + optionList(declaration.options + [CommandLineInterface.help]))
        return sections.joined(separator: "\n\n")
    }

    /// The README's "Command line" block: each subcommand's usage (without the options every
    /// subcommand that reads the package takes) and, indented below, what it does.
    public static var synopsis: String {
        let common = CommandLineInterface.packageOptions
        let lines = CommandLineInterface.commands.filter { $0.command != .help }.flatMap { command in
            let name = command.command == .generate ? "[generate]" : command.name
            let usage =
                ["homeiq-gen", name] + command.arguments.map(\.synopsis)
                + command.options.filter { !common.contains($0) }.map { "[\($0.synopsis)]" }
            return [usage.joined(separator: " "), "    " + command.abstract]
        }
        return
            (lines + [
                "homeiq-gen --help | help <subcommand> | --version",
                "Where they apply, subcommands also take " + common.map(\.synopsis).joined(separator: " and ")
                    + " (see 'homeiq-gen help <subcommand>').",
            ]).joined(separator: "\n")
    }

    public static func usageError(_ error: UsageError) -> String {
        let usage = error.command.map { "homeiq-gen help \($0.rawValue)" } ?? "homeiq-gen --help"
        return "error: \(error.message)\nhelp: see '\(usage)'.\n"
    }

    private static func optionList(_ options: [OptionDeclaration]) -> String {
        options.map { option in
            var text = option.help
            if !option.choices.isEmpty, !text.contains(option.choices[0]) {
                text += " (values: \(option.choices.joined(separator: ", ")))"
            }
            if let defaultDescription = option.defaultDescription { text += " (default: \(defaultDescription))" }
            return entry(option.label, text)
        }.joined(separator: "\n")
    }

    /// `  label                   description`, the description wrapped at the description column
    /// (and on its own line when the label is too long).
    private static func entry(_ label: String, _ description: String) -> String {
        let head = "  " + label
        let body = wrap(description, indent: descriptionColumn)
        if head.count + 2 <= descriptionColumn {
            return head.padding(descriptionColumn) + body.dropFirst(descriptionColumn)
        }
        return head + "\n" + body
    }

    /// `text` wrapped at `width`, every line indented by `indent` spaces.
    static func wrap(_ text: String, indent: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, indent + line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        let pad = String(repeating: " ", count: indent)
        return lines.map { pad + $0 }.joined(separator: "\n")
    }
}
