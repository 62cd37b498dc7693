/// One subcommand of `homeiq-gen`, declared once: what it is for, its arguments and its options.
public struct CommandDeclaration: Sendable {
    public var command: Invocation.Command
    /// One line, for the SUBCOMMANDS list and the README.
    public var abstract: String
    /// A paragraph for `homeiq-gen help <subcommand>`.
    public var discussion: String
    public var arguments: [ArgumentDeclaration]
    public var options: [OptionDeclaration]

    public init(
        _ command: Invocation.Command, abstract: String, discussion: String = "",
        arguments: [ArgumentDeclaration] = [], options: [OptionDeclaration] = []
    ) {
        self.command = command
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
    }

    public var name: String { command.rawValue }

    /// `homeiq-gen show <service> [--mode <mode>]`: the usage line.
    public var usage: String {
        let parts = [name] + arguments.map(\.synopsis) + options.map { "[\($0.synopsis)]" }
        return "homeiq-gen " + parts.joined(separator: " ")
    }

    /// The declaration of the option called `name`, if this command takes it.
    public func option(named name: String) -> OptionDeclaration? { options.first { $0.name == name } }
}
