/// One option of `homeiq-gen`, declared once: the parser, the help text and the README's
/// "Command line" section all read this declaration.
public struct OptionDeclaration: Sendable, Hashable {
    /// What follows the option's name.
    public enum Kind: Sendable, Hashable {
        /// `--check`: present or not.
        case flag
        /// `--color` / `--no-color`: on, off, or not given.
        case invertibleFlag
        /// `--mode <mode>`: one value, from `choices` when they are given (the last occurrence wins).
        case value(placeholder: String, choices: [String] = [])
    }

    /// The long name without dashes: `output` for `--output`.
    public var name: String
    /// The one-letter name without the dash: `o` for `-o`.
    public var short: Character?
    public var kind: Kind
    /// One or two sentences for the help text.
    public var help: String
    /// What happens when it is not given, for the help text.
    public var defaultDescription: String?

    public init(_ name: String, short: Character? = nil, kind: Kind = .flag, help: String, default defaultDescription: String? = nil) {
        self.name = name
        self.short = short
        self.kind = kind
        self.help = help
        self.defaultDescription = defaultDescription
    }

    /// `--output <directory>`, `--color / --no-color`, `--check`.
    public var synopsis: String {
        switch kind {
        case .flag: "--\(name)"
        case .invertibleFlag: "--\(name) / --no-\(name)"
        case .value(let placeholder, _): "--\(name) <\(placeholder)>"
        }
    }

    /// `-o, --output <directory>`: the label in the OPTIONS list.
    public var label: String { (short.map { "-\($0), " } ?? "") + synopsis }

    /// The values it accepts, empty for any.
    public var choices: [String] {
        if case .value(_, let choices) = kind { return choices }
        return []
    }

    public var takesValue: Bool {
        if case .value = kind { return true }
        return false
    }
}

/// A positional argument of a subcommand: `<rule>`, `<service>`, `<file> ...`.
public struct ArgumentDeclaration: Sendable, Hashable {
    public var name: String
    public var help: String
    public var isOptional: Bool
    public var isRepeating: Bool

    public init(_ name: String, help: String, isOptional: Bool = false, isRepeating: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isRepeating = isRepeating
    }

    /// `<rule>`, `[<subcommand>]`, `<file> ...`.
    public var synopsis: String {
        let text = "<\(name)>" + (isRepeating ? " ..." : "")
        return isOptional ? "[\(text)]" : text
    }
}
