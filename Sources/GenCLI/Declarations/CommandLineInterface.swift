import DeployCompiler
import DeployModel

/// Every option and subcommand of `homeiq-gen`, declared once. The parser (`Invocation`), the
/// help text (`HelpText`) and the README's "Command line" section are generated from here.
///
/// To add an option: declare it below, list it in the commands that take it, and read it with
/// `invocation.value(of:)` / `invocation.flag(_:)` (or a typed accessor in `Invocation`).
/// To add a subcommand: a case in `Invocation.Command`, a declaration in `commands`, and its
/// handler in `CommandLineTool.run`.
public enum CommandLineInterface {
    public static let overview = "Compile the HomeIQ stack in Deployments/*.swift into the test and production deployments."

    public static let discussion = """
        Writes generated/ (compose and env files per mode), docs/RULES.md, docs/ENVIRONMENT.md and the \
        architecture diagram in docs/DEPLOYMENT_GUIDE.md. \
        Before it writes a byte, homeiq-gen proves the mode invariants (see 'homeiq-gen rules'): \
        production never holds data generation or test services, test never calls external APIs, \
        the modes share no network, volume, bucket, database file or port, and every service has \
        limits that fit the NUC. A failed proof is an error at the line that caused it, and nothing \
        is written.
        """

    public static let exitCodes = "0 success, 1 invariant failure or stale files, 2 usage error."

    // MARK: Options

    public static let check = OptionDeclaration(
        "check", help: "Write nothing; exit 1 with a unified diff when a generated file is stale or missing (what CI runs).")
    public static let output = OptionDeclaration(
        "output", short: "o", kind: .value(placeholder: "directory"),
        help: "Where the four deployment files go, inside the package root.", default: "generated/")
    public static let root = OptionDeclaration(
        "root", kind: .value(placeholder: "directory"), help: "The package root.",
        default: "the nearest folder above the current one holding Package.swift and Deployments/")
    public static let color = OptionDeclaration(
        "color", kind: .invertibleFlag, help: "Colour diagnostics.", default: "only on a terminal")
    public static let mode = OptionDeclaration(
        "mode", kind: .value(placeholder: "mode", choices: Mode.allCases.map(\.rawValue)),
        help: "Only this mode.", default: "both modes")
    public static let format = OptionDeclaration(
        "format", kind: .value(placeholder: "format", choices: GraphFormat.allCases.map(\.rawValue)),
        help: "mermaid (for Markdown) or dot (Graphviz).", default: "mermaid")
    public static let target = OptionDeclaration(
        "target", kind: .value(placeholder: "target", choices: ["compose", "swarm"]),
        help: "'swarm' also writes generated/docker-stack.test.yml and docker-stack.prod.yml, compiling a stack without a Cluster as one node.",
        default: "compose, plus swarm when Deployments/ declares a Cluster")
    public static let hardware = OptionDeclaration(
        "hardware", kind: .value(placeholder: "id", choices: HardwareProfile.all.map(\.id)),
        help: "The machine each mode must fit.", default: "nuc-8gb")
    public static let profiles = OptionDeclaration(
        "profiles", kind: .value(placeholder: "test=P,production=P"),
        help: "The compose profile that selects each mode; services without profiles run in both.", default: "test=test,production=production")
    public static let into = OptionDeclaration(
        "into", kind: .value(placeholder: "directory"), help: "The folder import writes the DSL source into.", default: "Deployments/")
    public static let force = OptionDeclaration(
        "force", help: "Let import replace the folder's Swift files (every *.swift there; the files written are listed).")
    public static let envFile = OptionDeclaration(
        "env-file", kind: .value(placeholder: "file | test=F,production=G"),
        help: "The env file compose reads (for both modes, or one per mode); its entries are judged as EnvFileEntry declarations.")
    public static let testFile = OptionDeclaration(
        "test-file", kind: .value(placeholder: "file"),
        help: "With --production-file: the compose file of the test deployment (one file per mode instead of profiles).")
    public static let productionFile = OptionDeclaration(
        "production-file", kind: .value(placeholder: "file"), help: "With --test-file: the compose file of the production deployment.")
    public static let version = OptionDeclaration("version", help: "Show the version.")
    public static let help = OptionDeclaration("help", short: "h", help: "Show help information.")

    /// Taken by every subcommand that reads the package (left out of the README's synopsis).
    public static let packageOptions = [root, color]

    /// Accepted by every subcommand.
    public static let globalOptions = [version, help]

    // MARK: Subcommands

    /// In the order `--help` lists them; the first is the default.
    public static let commands: [CommandDeclaration] = [
        CommandDeclaration(
            .generate, abstract: "Compile, prove, and write generated/ and the generated docs (the default).",
            discussion: discussion, options: [check, output, target, root, color]),
        CommandDeclaration(
            .check, abstract: "Check that the generated files are up to date, writing nothing (the same as --check).",
            discussion: """
                Compiles and proves the stack, then compares every generated file with what is on disk. \
                Exit 0 when all are up to date; 1 with a unified diff per stale or missing file (or when \
                a rule fails). Run 'swift run homeiq-gen' to regenerate.
                """,
            options: [output, target, root, color]),
        CommandDeclaration(.rules, abstract: "List every rule: ID, waivable or not, and summary."),
        CommandDeclaration(
            .explain, abstract: "Print a rule's documentation: what it proves, why, how to fix a violation.",
            arguments: [ArgumentDeclaration("rule", help: "A rule ID, e.g. isolation.volume (see 'homeiq-gen rules').")]),
        CommandDeclaration(
            .budget, abstract: "Print each mode's memory and CPU limits against the hardware profile.",
            options: [root, color]),
        CommandDeclaration(
            .diff, abstract: "Show test and production side by side: every difference, with its Deployments/ line.",
            discussion: """
                Lists the services that run in one mode only, the networks and volumes whose names differ, \
                the env-file entries whose values differ, and, service by service, every environment value, port, mount, network, dependency, health \
                check and limit that differs between the modes or is set in one only. Each value names the \
                line of Deployments/ it comes from, the Defaults, InTest or InProduction block around it, and \
                where the ServiceGroup it came in was used. \
                Shows the stack as resolved, whether or not it passes the rules.
                """,
            options: [root]),
        CommandDeclaration(
            .show, abstract: "Show one service as resolved in each mode, every value with where it came from.",
            discussion: """
                Prints the service's image, container name, ports, environment, mounts, networks, \
                dependencies, health check, limits and reservations in each mode, each with the line of \
                Deployments/ that set it, the Defaults, InTest or InProduction block around it, and where the \
                ServiceGroup it came in was used.
                """,
            arguments: [ArgumentDeclaration("service", help: "A service name, as in the compose files.")],
            options: [mode, root]),
        CommandDeclaration(
            .graph, abstract: "Print the dependency graph: services with roles, depends_on with its condition.",
            discussion: """
                One cluster per mode. A node is a service with its role, published ports and whether it \
                has a health check; a solid edge is a depends_on labelled with its condition (healthy, \
                started, completed); a dashed edge ('uses') is a service a value names, such as a URL, \
                without a depends_on. The architecture diagram in docs/DEPLOYMENT_GUIDE.md is this graph \
                (mermaid, both modes), regenerated by 'homeiq-gen' and checked by --check.
                """,
            options: [mode, format]),
        CommandDeclaration(
            .ports, abstract: "Print the published ports of both modes in one table, with the test port offset.",
            discussion: """
                One row per service and container port: the host port in test and in production, whether \
                the test port is production's plus the stack's test port offset or an explicit test port, \
                and the line of Deployments/ that declares it.
                """,
            options: [root]),
        CommandDeclaration(
            .lint, abstract: "Run the rules on existing compose files; diagnostics at their YAML lines.",
            discussion: """
                Reads the compose files (the first is the main file; the others override it, merged as \
                'docker compose -f a.yml -f b.yml' merges them, with !reset and !override), turns its \
                profiles into the test and production modes, and proves the same rules as for Deployments/: \
                diagnostics are FILE:LINE:COL at the YAML node, with the same rule IDs ('homeiq-gen explain'). \
                Interpolation is parsed (${X:-default} is a variable with a default, ${X:?message} a required \
                one). Roles come from the com.homeiq.role label, else are guessed from profiles and names, \
                each guess listed as a note. Keys the rules do not know are lint.unsupported warnings. \
                Exit 0 clean, 1 when a rule fails, 2 when a file is missing or not valid YAML.
                """,
            arguments: [ArgumentDeclaration("file", help: "Compose files, main file first.", isRepeating: true)],
            options: [hardware, profiles, envFile, color]),
        CommandDeclaration(
            .import, abstract: "Write Deployments/ source that reproduces compose files, mistakes included.",
            discussion: """
                Reads the compose files as 'lint' does (overrides, profiles as modes, roles from labels or \
                guessed) and writes DSL source: HomeIQ.swift, Platform.swift (hardware, networks, volumes, \
                and each x- block used through an alias or merge key as a ServiceGroup) and one file per \
                role, at most 8 services per builder getter. Every declaration ends in a comment with its \
                YAML origin (// docker-compose.yml:118). Nothing is corrected: the next 'swift run \
                homeiq-gen' reports each mistake at a line of Deployments/ with the rule ID 'lint' reports \
                at the YAML line. Keys the DSL cannot hold are import.not-imported warnings and comments in \
                their service. With --test-file and --production-file (one compose file per mode, such as \
                generated/docker-compose.test.yml and .prod.yml), what both files say alike is declared once, \
                a value that differs becomes per mode (Env(_, .mode(test:production:)), Port(test:production:)), \
                other differences go into InTest { } / InProduction { }, and a service in one file runs in \
                that mode only. Relative host paths are rebased onto the package root (the folder above \
                --into). Writes nothing when the folder holds Swift files, unless --force. \
                Exit 0 written, 2 when a file is missing or not valid YAML, or the folder is not empty.
                """,
            arguments: [
                ArgumentDeclaration(
                    "file", help: "Compose files, main file first (or --test-file and --production-file).", isOptional: true, isRepeating: true)
            ],
            options: [into, force, testFile, productionFile, envFile, hardware, profiles, color]),
        CommandDeclaration(
            .help, abstract: "Show help for a subcommand.",
            arguments: [ArgumentDeclaration("subcommand", help: "The subcommand to explain.", isOptional: true)]),
    ]

    /// The declaration of `command`.
    public static func declaration(of command: Invocation.Command) -> CommandDeclaration? {
        commands.first { $0.command == command }
    }

    /// Every option any subcommand takes, each once, in declaration order.
    public static var allOptions: [OptionDeclaration] {
        var seen = Set<String>()
        return (commands.flatMap(\.options) + globalOptions).filter { seen.insert($0.name).inserted }
    }
}
