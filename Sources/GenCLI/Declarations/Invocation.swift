import DeployCompiler
import DeployModel

/// What the user asked for, parsed from the arguments against `CommandLineInterface`'s declarations.
public struct Invocation: Sendable, Equatable {
    public enum Command: String, Sendable, CaseIterable {
        case generate, check, rules, explain, budget, diff, show, graph, ports, lint, `import`, help, version
    }

    public var command: Command = .generate
    /// Positional arguments, in order (`explain RULE`, `help COMMAND`, `show SERVICE`).
    public var arguments: [String] = []
    /// Values of the options given, by option name (the last occurrence wins).
    public var values: [String: String] = [:]
    /// Flags given, by option name: true, or false for `--no-NAME`.
    public var flags: [String: Bool] = [:]

    public init() {}

    /// The value of `option`, if given.
    public func value(of option: OptionDeclaration) -> String? { values[option.name] }
    /// Whether `option` was given (nil when neither `--NAME` nor `--no-NAME` was).
    public func flag(_ option: OptionDeclaration) -> Bool? { flags[option.name] }

    /// The first positional argument.
    public var operand: String? { arguments.first }
    /// `--output DIR`: where the four deployment files go.
    public var output: String? { value(of: CommandLineInterface.output) }
    /// `--root DIR`: the package root (default: found from the current directory).
    public var root: String? { value(of: CommandLineInterface.root) }
    /// `--color` / `--no-color`.
    public var color: Bool? { flag(CommandLineInterface.color) }
    /// `--target swarm`: also compile for Docker Swarm (a stack without a `Cluster` as one node).
    public var swarmTarget: Bool { value(of: CommandLineInterface.target) == "swarm" }
    /// `--mode M`: one mode, or nil for both.
    public var mode: Mode? { value(of: CommandLineInterface.mode).flatMap(Mode.init(rawValue:)) }
    /// `--format F` of `graph`.
    public var format: GraphFormat { value(of: CommandLineInterface.format).flatMap(GraphFormat.init(rawValue:)) ?? .mermaid }
}

/// A usage error: exit code 2 with a message and a hint.
public struct UsageError: Error, Sendable, Equatable {
    public var message: String
    public var command: Invocation.Command?

    public init(message: String, command: Invocation.Command?) {
        self.message = message
        self.command = command
    }
}

extension Invocation {
    /// Parses `homeiq-gen` arguments the way swift-argument-parser would: options before or after
    /// the subcommand, `--name value` or `--name=value`, `--` ends the options.
    public init(parsing arguments: [String]) throws(UsageError) {
        self.init()
        var given: [(option: OptionDeclaration, spelling: String)] = []
        var commandGiven: Command?
        var positional: [String] = []
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                if commandGiven == nil, !optionsEnded, let command = Command(rawValue: argument),
                    CommandLineInterface.declaration(of: command) != nil
                {
                    commandGiven = command
                } else {
                    positional.append(argument)
                }
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let (option, inverted) = Self.option(spelled: name) else {
                throw UsageError(message: "unknown option '\(name)'" + Self.suggestion(for: name), command: commandGiven)
            }
            switch option.kind {
            case .flag, .invertibleFlag:
                if inlineValue != nil {
                    throw UsageError(message: "'\(name)' takes no value; write '\(name)' alone", command: commandGiven)
                }
                flags[option.name] = !inverted
            case .value(let placeholder, let choices):
                var value = inlineValue
                if value == nil, index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" {
                    value = arguments[index]
                    index += 1
                }
                guard let value else {
                    throw UsageError(message: "missing value for '--\(option.name) <\(placeholder)>'", command: commandGiven)
                }
                if !choices.isEmpty, !choices.contains(value) {
                    throw UsageError(
                        message: "the value '\(value)' is invalid for '--\(option.name) <\(placeholder)>'; "
                            + "use one of: \(choices.joined(separator: ", "))", command: commandGiven)
                }
                values[option.name] = value
            }
            given.append((option, name))
        }
        try finish(command: commandGiven, positional: positional, given: given)
    }

    private mutating func finish(
        command given: Command?, positional: [String],
        given options: [(option: OptionDeclaration, spelling: String)]
    ) throws(UsageError) {
        if flags[CommandLineInterface.help.name] != nil {
            command = .help
            arguments = given.map { [$0.rawValue] } ?? Array(positional.prefix(1))
            return
        }
        if flags[CommandLineInterface.version.name] != nil {
            command = .version
            return
        }
        command = given ?? .generate
        if command == .generate, flags[CommandLineInterface.check.name] == true { command = .check }
        guard let declaration = CommandLineInterface.declaration(of: command) else { return }
        for (option, spelling) in options
        where declaration.option(named: option.name) == nil
            && !CommandLineInterface.globalOptions.contains(option) && !(option == CommandLineInterface.check && command == .check)
        {
            throw UsageError(message: "'\(spelling)' is not an option of 'homeiq-gen \(command.rawValue)'", command: command)
        }
        let accepted = declaration.arguments.contains(where: \.isRepeating) ? Int.max : declaration.arguments.count
        if positional.count > accepted {
            let extra = positional[declaration.arguments.count]
            if Command(rawValue: extra) != nil {
                throw UsageError(message: "'\(extra)' cannot be combined with '\(command.rawValue)': give one subcommand", command: nil)
            }
            // A misspelt subcommand: only where the subcommand word would stand.
            let suggestion = given != nil || extra.count < 2 ? nil : CommandLineInterface.commands.map(\.name).first { $0.hasPrefix(extra.prefix(2)) }
            throw UsageError(
                message: "unexpected argument '\(extra)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                command: given)
        }
        for (position, argument) in declaration.arguments.enumerated() where !argument.isOptional && position >= positional.count {
            throw UsageError(message: "missing expected argument '<\(argument.name)>'", command: command)
        }
        arguments = positional
    }

    /// The declared option spelled `name` (`--output`, `-o`, `--no-color`), and whether it is the inverted spelling.
    private static func option(spelled name: String) -> (OptionDeclaration, inverted: Bool)? {
        for option in CommandLineInterface.allOptions {
            if name == "--\(option.name)" || option.short.map({ name == "-\($0)" }) == true { return (option, false) }
            if option.kind == .invertibleFlag, name == "--no-\(option.name)" { return (option, true) }
        }
        return nil
    }

    /// "; did you mean '--root'?" for a near miss.
    private static func suggestion(for name: String) -> String {
        let stem = name.drop { $0 == "-" }
        guard stem.count >= 2 else { return "" }
        let near = CommandLineInterface.allOptions.first { $0.name.hasPrefix(stem.prefix(3)) || stem.hasPrefix($0.name) }
        return near.map { "; did you mean '--\($0.name)'?" } ?? ""
    }
}
