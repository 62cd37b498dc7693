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
        var first: ASCIISet
        var rest: ASCIISet
        var minimumLength: Int

        /// Whether `name` matches. The patterns are ASCII, so any other byte fails; no allocation.
        public func matches(_ name: String) -> Bool {
            if let answer = name.utf8.withContiguousStorageIfAvailable({ matches($0) }) { return answer }
            return matches(name.utf8)
        }

        private func matches(_ bytes: some Sequence<UInt8>) -> Bool {
            var count = 0
            for byte in bytes {
                guard (count == 0 ? first : rest).contains(byte) else { return false }
                count += 1
            }
            return count >= minimumLength
        }

        static let lower = ASCIISet("a"..."z")
        static let upper = ASCIISet("A"..."Z")
        static let digits = ASCIISet("0"..."9")
        static let alphanumeric = lower.union(upper).union(digits)

        /// Services, network and volume keys and names: `^[a-zA-Z0-9._-]+$`.
        public static let resource = NamePattern(
            text: "^[a-zA-Z0-9._-]+$", first: alphanumeric.union(ASCIISet("._-")), rest: alphanumeric.union(ASCIISet("._-")),
            minimumLength: 1)
        /// Container names: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`.
        public static let container = NamePattern(
            text: "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", first: alphanumeric, rest: alphanumeric.union(ASCIISet("_.-")), minimumLength: 2)
        /// Environment keys: `^[A-Za-z_][A-Za-z0-9_]*$`.
        public static let environmentKey = NamePattern(
            text: "^[A-Za-z_][A-Za-z0-9_]*$", first: lower.union(upper).union(ASCIISet("_")), rest: alphanumeric.union(ASCIISet("_")),
            minimumLength: 1)
        /// Compose project names: `^[a-z0-9][a-z0-9_-]*$`.
        public static let project = NamePattern(
            text: "^[a-z0-9][a-z0-9_-]*$", first: lower.union(digits), rest: lower.union(digits).union(ASCIISet("_-")), minimumLength: 1)
    }

    /// A set of ASCII bytes as two bit masks.
    struct ASCIISet: Sendable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        /// The bytes of `characters` (ASCII).
        init(_ characters: String) {
            for byte in characters.utf8 { insert(byte) }
        }

        /// The bytes from `range.lowerBound` through `range.upperBound` (ASCII).
        init(_ range: ClosedRange<Unicode.Scalar>) {
            for value in range.lowerBound.value...range.upperBound.value { insert(UInt8(value)) }
        }

        private mutating func insert(_ byte: UInt8) {
            precondition(byte < 128, "ASCIISet holds ASCII only")
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }

        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
        }

        func union(_ other: ASCIISet) -> ASCIISet {
            var result = self
            result.low |= other.low
            result.high |= other.high
            return result
        }
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // `what` is built only for a name that fails: the rule sees every key of every service.
        func check(
            _ mode: Mode, _ what: @autoclosure () -> String, _ name: String, _ pattern: NamePattern, at location: SourceLocation,
            service: String? = nil
        ) {
            guard !pattern.matches(name) else { return }
            diagnostics.add(
                Self.id, mode, "\(what()) \(Self.quoted(name)) does not match \(pattern.text)", at: location,
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
