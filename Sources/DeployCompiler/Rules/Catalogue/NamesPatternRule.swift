import DeployModel

/// `names.pattern`: every service, network, volume, container, project name and environment key matches its compose pattern.
public struct NamesPatternRule: Rule {
    public static let id = "names.pattern"
    public var summary: String { "service, network, volume, container and project names and env keys match the compose-spec patterns" }
    public var documentation: String {
        """
        The compose specification restricts names: services, network and volume keys and names \
        `^[a-zA-Z0-9._-]+$`, container names `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`, project names \
        `^[a-z0-9][a-z0-9_-]*$` (the stack name, and the stack name plus `-test`); environment keys \
        must be shell variable names `^[A-Za-z_][A-Za-z0-9_]*$` (in the compose file and in the env \
        files), or `--env-file` and the services' own config loaders drop or misread them. A name \
        that breaks the pattern makes compose reject the whole file at deploy time; here it is an \
        error at the declaration. Names given as deploy-time `${VAR}` values are checked once set, \
        by compose. Fix: rename using letters, digits, `.`, `_` and `-` (lowercase for the stack). \
        Complexity: O(s + n + v + e) over services, networks, volumes and environment keys, each \
        name checked in linear time.
        """
    }
    public var isWaivable: Bool { false }

    /// A name pattern of the compose specification, checked without regular expressions.
    public struct NamePattern: Sendable {
        /// The pattern as the specification writes it.
        public var text: String
        var first: @Sendable (Unicode.Scalar) -> Bool
        var rest: @Sendable (Unicode.Scalar) -> Bool
        var minimumLength: Int

        /// Whether `name` matches.
        public func matches(_ name: String) -> Bool {
            let scalars = name.unicodeScalars
            guard scalars.count >= minimumLength, let head = scalars.first, first(head) else { return false }
            return scalars.dropFirst().allSatisfy(rest)
        }

        static func isLower(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }
        static func isUpper(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
        static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool { isLower(s) || isUpper(s) || isDigit(s) }

        /// Services, network and volume keys and names: `^[a-zA-Z0-9._-]+$`.
        public static let resource = NamePattern(
            text: "^[a-zA-Z0-9._-]+$", first: { isAlphanumeric($0) || "._-".unicodeScalars.contains($0) },
            rest: { isAlphanumeric($0) || "._-".unicodeScalars.contains($0) }, minimumLength: 1)
        /// Container names: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`.
        public static let container = NamePattern(
            text: "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", first: isAlphanumeric,
            rest: { isAlphanumeric($0) || "_.-".unicodeScalars.contains($0) }, minimumLength: 2)
        /// Environment keys: `^[A-Za-z_][A-Za-z0-9_]*$`.
        public static let environmentKey = NamePattern(
            text: "^[A-Za-z_][A-Za-z0-9_]*$", first: { isLower($0) || isUpper($0) || $0 == "_" },
            rest: { isAlphanumeric($0) || $0 == "_" }, minimumLength: 1)
        /// Compose project names: `^[a-z0-9][a-z0-9_-]*$`.
        public static let project = NamePattern(
            text: "^[a-z0-9][a-z0-9_-]*$", first: { isLower($0) || isDigit($0) },
            rest: { isLower($0) || isDigit($0) || $0 == "_" || $0 == "-" }, minimumLength: 1)
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        func check(_ mode: Mode, _ what: String, _ name: String, _ pattern: NamePattern, at location: SourceLocation, service: String? = nil) {
            guard !pattern.matches(name) else { return }
            diagnostics.add(
                Self.id, mode, "\(what) \(Self.quoted(name)) does not match \(pattern.text)", at: location,
                help: "rename it to match \(pattern.text)", service: service)
        }

        // The project names derive from the stack name: one report for the stack.
        let invalidProjects = context.deployments.filter { !NamePattern.project.matches($0.projectName) }
        if let first = invalidProjects.first {
            let names = invalidProjects.map { "\(Self.quoted($0.projectName)) (\($0.mode))" }.joined(separator: " and ")
            diagnostics.error(
                Self.id, "compose project name \(names) does not match \(NamePattern.project.text)",
                at: first.stackLocation, help: "name the stack in lowercase letters, digits, '-' and '_': Stack(\"homeiq\") { … }")
        }

        for deployment in context.deployments {
            let mode = deployment.mode
            for service in deployment.services {
                check(mode, "service name", service.name, .resource, at: service.location, service: service.name)
                // The default container name derives from the service name: only an explicit one is checked here.
                if service.containerName.location != service.location, let name = service.containerName.value.literalText {
                    check(
                        mode, "container name of service '\(service.name)'", name, .container, at: service.containerName.location,
                        service: service.name)
                }
                // A variable every service receives from the env file (a feature flag) is checked once, as the env file key.
                for variable in service.environment.declarations where !variable.derived {
                    check(
                        mode, "environment key of service '\(service.name)'", variable.key, .environmentKey, at: variable.location,
                        service: service.name)
                }
            }
            for network in deployment.networks {
                // A name derived from a bad key is bad too: report the key only.
                check(mode, "network key", network.key, .resource, at: network.location)
                if NamePattern.resource.matches(network.key), !network.name.contains("${") {
                    check(mode, "network name", network.name, .resource, at: network.location)
                }
            }
            for volume in deployment.volumes {
                check(mode, "volume key", volume.key, .resource, at: volume.location)
                if NamePattern.resource.matches(volume.key), !volume.name.contains("${") {
                    check(mode, "volume name", volume.name, .resource, at: volume.location)
                }
            }
            for entry in deployment.envFile {
                check(mode, "env file key", entry.key, .environmentKey, at: entry.location)
            }
        }
    }

    /// `'name'`, with control characters escaped.
    static func quoted(_ name: String) -> String {
        "'" + name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }.joined() + "'"
    }
}
