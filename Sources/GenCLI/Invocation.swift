/// What the user asked for, parsed from the arguments.
public struct Invocation: Sendable, Equatable {
    public enum Command: String, Sendable, CaseIterable {
        case generate, check, rules, explain, budget, help, version
    }

    public var command: Command = .generate
    /// `--output DIR`: where the four deployment files go.
    public var output: String?
    /// `--root DIR`: the package root (default: found from the current directory).
    public var root: String?
    public var color: Bool?
    /// The argument of `explain RULE` or `help COMMAND`.
    public var operand: String?

    public init() {}
}

/// A usage error: exit code 2 with a message and a hint.
public struct UsageError: Error, Sendable, Equatable {
    public var message: String
    public var command: Invocation.Command?
}

/// Parses `homeiq-gen` arguments the way swift-argument-parser would.
public enum ArgumentParser {
    public static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var invocation = Invocation()
        var commandGiven = false
        var sawCheck = false
        var index = 0
        func value(for option: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                throw UsageError(message: "missing value for '\(option) <directory>'", command: invocation.command)
            }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--check":
                sawCheck = true
            case "--output", "-o":
                if let inlineValue { invocation.output = inlineValue } else { invocation.output = try value(for: name) }
            case "--root":
                if let inlineValue { invocation.root = inlineValue } else { invocation.root = try value(for: name) }
            case "--color": invocation.color = true
            case "--no-color": invocation.color = false
            case "--help", "-h":
                if invocation.command != .help {
                    invocation.operand = commandGiven ? invocation.command.rawValue : nil
                    invocation.command = .help
                }
            case "--version":
                invocation.command = .version
            default:
                if argument.hasPrefix("-") {
                    throw UsageError(message: "unknown option '\(argument)'", command: commandGiven ? invocation.command : nil)
                }
                if !commandGiven, let command = Invocation.Command(rawValue: argument), command != .version {
                    try setCommand(command, &invocation, &commandGiven, allowOverride: true)
                } else if commandGiven, [.explain, .help].contains(invocation.command), invocation.operand == nil {
                    invocation.operand = argument
                } else {
                    let suggestion = Invocation.Command.allCases.map(\.rawValue).first { $0.hasPrefix(argument.prefix(2)) }
                    throw UsageError(message: "unexpected argument '\(argument)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                                     command: commandGiven ? invocation.command : nil)
                }
            }
            index += 1
        }
        if sawCheck {
            switch invocation.command {
            case .generate, .check: invocation.command = .check
            case .help, .version: break
            default: throw UsageError(message: "'--check' cannot be combined with '\(invocation.command.rawValue)'", command: invocation.command)
            }
        }
        if invocation.command == .explain, invocation.operand == nil {
            throw UsageError(message: "missing expected argument '<rule>'", command: .explain)
        }
        return invocation
    }

    /// A subcommand word may appear once.
    private static func setCommand(_ command: Invocation.Command, _ invocation: inout Invocation, _ given: inout Bool, allowOverride: Bool) throws(UsageError) {
        if given && invocation.command != command {
            throw UsageError(message: "'\(command.rawValue)' cannot be combined with '\(invocation.command.rawValue)'", command: nil)
        }
        invocation.command = command
        given = true
    }
}
