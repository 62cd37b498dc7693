/// Help text, laid out like swift-argument-parser's.
public enum HelpText {
    public static let version = "0.1.0"

    public static var root: String {
        """
        OVERVIEW: Compile the HomeIQ stack in Deployments/*.swift into the test and production deployments.

        Before it writes a byte, homeiq-gen proves the mode invariants (see 'homeiq-gen rules'):
        production never holds data generation or test services, test never calls external APIs,
        the modes share no network, volume, bucket, database file or port, and every service has
        limits that fit the NUC. A failed proof is an error at the line that caused it, and nothing
        is written.

        USAGE: homeiq-gen [<subcommand>] [--output <directory>] [--root <directory>] [--check]

        OPTIONS:
          --check                 Write nothing; exit 1 with a unified diff when a generated file is
                                  stale or missing (what CI runs).
          -o, --output <directory>
                                  Where the four deployment files go, inside the package root.
                                  (default: generated/)
          --root <directory>      The package root. (default: the nearest folder above the current
                                  one holding Package.swift and Deployments/)
          --color / --no-color    Colour diagnostics. (default: only on a terminal)
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          generate (default)      Compile, prove, and write generated/, docs/RULES.md and docs/ENVIRONMENT.md.
          check                   The same as --check.
          rules                   List every rule: ID and summary.
          explain <rule>          Print a rule's documentation.
          budget                  Print each mode's memory and CPU budget.

          See 'homeiq-gen help <subcommand>' for detailed help.

        EXIT CODES: 0 success, 1 invariant failure or stale files, 2 usage error.
        """
    }

    public static func help(for command: Invocation.Command) -> String {
        switch command {
        case .generate, .help, .version: return root
        case .check:
            return """
            OVERVIEW: Check that generated files are up to date, writing nothing.

            Compiles and proves the stack, then compares every generated file with what is on disk.
            Exit 0 when all are up to date; 1 with a unified diff per stale or missing file (or when
            a rule fails). Run 'swift run homeiq-gen' to regenerate.

            USAGE: homeiq-gen check [--output <directory>] [--root <directory>]
            """
        case .rules:
            return """
            OVERVIEW: List every rule homeiq-gen proves: ID, waivable or not, and summary.

            USAGE: homeiq-gen rules
            """
        case .explain:
            return """
            OVERVIEW: Print a rule's documentation: what it proves, why, how to fix a violation.

            USAGE: homeiq-gen explain <rule>

            ARGUMENTS:
              <rule>                  A rule ID, e.g. isolation.volume (see 'homeiq-gen rules').
            """
        case .budget:
            return """
            OVERVIEW: Print each mode's memory limits and CPU reservations against the hardware profile.

            USAGE: homeiq-gen budget
            """
        }
    }

    public static func usageError(_ error: UsageError) -> String {
        let usage = error.command.map { "homeiq-gen help \($0.rawValue)" } ?? "homeiq-gen --help"
        return "error: \(error.message)\nhelp: see '\(usage)'.\n"
    }
}
