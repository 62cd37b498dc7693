/// The command line of `homeiq-bench`.
struct BenchOptions: Sendable, Equatable {
    /// What to do.
    enum Action: Sendable, Equatable {
        /// Time the phases over `runs` runs.
        case measure
        /// Compile once and report the diagnostics (exit 1 on an error).
        case validate
        /// Time reading a YAML file with DeployRead (CPU time per read, median of `runs`).
        case readYAML(String)
        /// Print the help text.
        case help
    }

    var action: Action = .measure
    /// Services in the synthetic stack.
    var services = 1000
    /// Timed runs (after one untimed warm-up).
    var runs = 5
    /// When set, the generated files of the synthetic stack are written under this folder.
    var writeDirectory: String?
    /// How many of the slowest rules the report lists (each timed alone); more than there are lists them all.
    var rulesShown = 5

    /// The largest stack the generator makes.
    static let maximumServices = 100_000

    static let help = """
        OVERVIEW: Time homeiq-gen's compiler on a synthetic HomeIQ-like stack of N services.

        Builds the stack through the public DSL, checks that it compiles without errors, then times
        each phase in-process (construct, resolve, rules, render, the whole Compiler.compile, and the
        release of its result) over K runs with a monotonic clock. Prints per-phase medians, the
        slowest rules, the peak memory (VmHWM), and as its last line: services=N total_ms=X peak_mb=Y
        (total = construct + compile + release, median over the runs).

        USAGE: homeiq-bench [--services N] [--runs K] [--rules R] [--validate] [--write DIR]

        OPTIONS:
          --services N   services in the stack, \(SyntheticStack.minimumCount)...\(maximumServices) (default 1000)
          --runs K       timed runs, at least 1 (default 5)
          --rules R      list the R slowest rules, each timed alone (default 5; 0 lists none,
                         a number above the catalogue's size lists every rule)
          --validate     compile once, print the diagnostics and a summary line
                         (services=N errors=E warnings=W); exit 1 when an error stands
          --write DIR    also write the generated files of the stack under DIR
          --read-yaml F  instead, time DeployRead reading the YAML file F (median CPU time of K runs, MB/s)
          -h, --help     show this help

        See scripts/bench.sh and docs/PERFORMANCE.md.
        """

    /// A usage error: what was wrong.
    struct UsageError: Error, Sendable, Equatable {
        var message: String
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            return next
        }
        func number(_ flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
            let text = try value(flag)
            guard let number = Int(text), range.contains(number) else {
                throw UsageError(message: "\(flag) takes a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
            }
            return number
        }
        while let argument = rest.popFirst() {
            var flag = argument
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                flag = String(argument[..<equals])
                rest.insert(String(argument[argument.index(after: equals)...]), at: rest.startIndex)
            }
            switch flag {
            case "--services": options.services = try number(flag, in: SyntheticStack.minimumCount...maximumServices)
            case "--runs": options.runs = try number(flag, in: 1...1000)
            case "--rules": options.rulesShown = try number(flag, in: 0...1000)
            case "--write": options.writeDirectory = try value(flag)
            case "--validate": options.action = .validate
            case "--read-yaml": options.action = .readYAML(try value(flag))
            case "-h", "--help": options.action = .help
            default: throw UsageError(message: "unknown argument '\(argument)'")
            }
        }
        return options
    }
}
