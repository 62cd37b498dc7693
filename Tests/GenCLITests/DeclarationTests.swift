import Foundation
import GenCLI
import TestSupport
import Testing

/// The options and subcommands are declared once (`CommandLineInterface`); these tests derive
/// their expectations from the declarations, so a declaration the parser or the help text
/// ignores fails here.
@Suite("Command line declarations")
struct DeclarationTests {
    private static let commands = CommandLineInterface.commands

    @Test("every subcommand except version is declared, once")
    func everyCommandDeclared() {
        let declared = Self.commands.map(\.command)
        #expect(Set(declared).count == declared.count, "a subcommand is declared twice")
        for command in Invocation.Command.allCases where command != .version {
            #expect(declared.contains(command), "'\(command.rawValue)' has no declaration in CommandLineInterface.commands")
        }
        #expect(declared.first == .generate, "the default subcommand is listed first")
    }

    @Test("option names are unique, long and short")
    func uniqueNames() {
        let options = CommandLineInterface.allOptions
        #expect(Set(options.map(\.name)).count == options.count)
        let shorts = options.compactMap(\.short)
        #expect(Set(shorts).count == shorts.count)
        for option in options where option.kind == .invertibleFlag {
            #expect(!options.contains { $0.name == "no-\(option.name)" }, "--no-\(option.name) is both an option and an inversion")
        }
    }

    /// One spelling of `option` for `command` with a value it accepts, and what the invocation must then hold.
    private static func spellings(_ option: OptionDeclaration) -> [(arguments: [String], value: String?, flag: Bool?)] {
        switch option.kind {
        case .flag: return [(["--\(option.name)"], nil, true)]
        case .invertibleFlag: return [(["--\(option.name)"], nil, true), (["--no-\(option.name)"], nil, false)]
        case .value:
            let value = option.choices.last ?? "some/value"
            var forms: [(arguments: [String], value: String?, flag: Bool?)] = [
                (["--\(option.name)", value], value, nil), (["--\(option.name)=\(value)"], value, nil),
            ]
            if let short = option.short { forms.append((["-\(short)", value], value, nil)) }
            return forms
        }
    }

    @Test(
        "each subcommand parses each option it declares, before or after the subcommand word",
        arguments: commands.map(\.name))
    func parsesDeclaredOptions(name: String) throws {
        let declaration = try #require(Self.commands.first { $0.name == name })
        let required = declaration.arguments.filter { !$0.isOptional }.map { "<\($0.name)-value>" }
        for option in declaration.options {
            for form in Self.spellings(option) {
                for arguments in [[name] + required + form.arguments, form.arguments + [name] + required] {
                    let invocation = try Invocation(parsing: arguments)
                    let expected: Invocation.Command = option == CommandLineInterface.check ? .check : declaration.command
                    #expect(invocation.command == expected, "\(arguments)")
                    #expect(invocation.arguments == required, "\(arguments)")
                    if let value = form.value { #expect(invocation.value(of: option) == value, "\(arguments)") }
                    if let flag = form.flag { #expect(invocation.flag(option) == flag, "\(arguments)") }
                }
            }
        }
    }

    @Test(
        "an option a subcommand does not declare is a usage error naming it and the subcommand",
        arguments: commands.map(\.name))
    func refusesUndeclaredOptions(name: String) throws {
        let declaration = try #require(Self.commands.first { $0.name == name })
        let required = declaration.arguments.filter { !$0.isOptional }.map { "<\($0.name)-value>" }
        let foreign = CommandLineInterface.allOptions.filter {
            declaration.option(named: $0.name) == nil && !CommandLineInterface.globalOptions.contains($0)
                && !($0 == CommandLineInterface.check && declaration.command == .check)
        }
        for option in foreign {
            let form = Self.spellings(option)[0].arguments
            #expect(throws: UsageError.self, "\(name) accepted \(form)") { try Invocation(parsing: [name] + required + form) }
            do {
                _ = try Invocation(parsing: [name] + required + form)
            } catch {
                #expect(error.message.contains("'--\(option.name)'"), "\(error.message)")
                #expect(error.message.contains("homeiq-gen \(name)"), "\(error.message)")
            }
        }
    }

    @Test("a value outside an option's choices is refused with the choices listed")
    func refusesBadChoice() throws {
        for declaration in Self.commands {
            for option in declaration.options where !option.choices.isEmpty {
                let required = declaration.arguments.filter { !$0.isOptional }.map { "<\($0.name)-value>" }
                do {
                    _ = try Invocation(parsing: [declaration.name] + required + ["--\(option.name)", "not-a-choice"])
                    Issue.record("\(declaration.name) --\(option.name) not-a-choice was accepted")
                } catch {
                    #expect(error.message.contains("'not-a-choice'"))
                    for choice in option.choices { #expect(error.message.contains(choice), "\(error.message)") }
                }
            }
        }
    }

    @Test("--help lists every subcommand and every option of the default subcommand; help SUBCOMMAND lists its own")
    func helpFromDeclarations() {
        let root = HelpText.root
        for declaration in Self.commands {
            #expect(root.contains("\n  \(declaration.name)"), "\(declaration.name) missing from --help")
            let help = HelpText.help(for: declaration.command)
            if declaration.command != .generate { #expect(help.contains("USAGE: \(declaration.usage)"), "\(declaration.name)") }
            for option in declaration.options + [CommandLineInterface.help] {
                #expect(help.contains("  \(option.label)"), "\(declaration.name): \(option.label) missing")
                for choice in option.choices { #expect(help.contains(choice), "\(declaration.name): \(choice) missing") }
            }
            for argument in declaration.arguments { #expect(help.contains("<\(argument.name)>")) }
        }
        for option in CommandLineInterface.globalOptions { #expect(root.contains(option.label)) }
        for line in (Self.commands.map { HelpText.help(for: $0.command) } + [root]).flatMap({ $0.split(separator: "\n") })
        where !line.hasPrefix("USAGE:") {
            #expect(line.count <= 100, "help line longer than 100 columns: \(line)")
        }
    }

    @Test("README's 'Command line' block is the synopsis generated from the declarations")
    func readmeInSync() throws {
        let readme = try String(contentsOf: PackageRoot.url().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "\n## Command line\n"), "README.md has no '## Command line' section")
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```\n"), "no code block in README's 'Command line' section")
        let close = try #require(rest[open.upperBound...].range(of: "\n```"))
        let block = String(rest[open.upperBound..<close.lowerBound])
        #expect(
            block == HelpText.synopsis,
            """
            README.md's 'Command line' block is out of date; replace it with:
            \(HelpText.synopsis)
            """)
    }
}
