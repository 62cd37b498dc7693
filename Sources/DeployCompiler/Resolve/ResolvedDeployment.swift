import DeployModel

/// One mode of the stack as plain data: what the rules prove and the emitters write.
public struct ResolvedDeployment: Sendable, Hashable {
    public var mode: Mode
    /// The compose project name (`homeiq` or `homeiq-test`).
    public var projectName: String
    public var hardware: Located<HardwareProfile>
    public var influxDB: Located<InfluxDBSetup>?
    public var sqlite: Located<SQLiteSetup>?
    public var homeAssistant: Located<HomeAssistantSetup>?
    public var testPortOffset: Int
    /// Services of this mode, in declaration order (duplicates kept for the rules to report).
    public var services: [ResolvedService]
    public var networks: [ResolvedNetwork]
    public var volumes: [ResolvedVolume]
    /// The mode's env file, in output order.
    public var envFile: [ResolvedEnvFileEntry]
    /// Stack-level waivers.
    public var waivers: [Waiver]
    public var stackLocation: SourceLocation
    /// Services declared in the stack that run in no mode at all (their `RunsIn` and enclosing block exclude every mode).
    public var servicesInNoMode: [Located<String>] = []
    /// Single-valued declarations written twice in one scope (services and `Defaults` of this mode).
    public var duplicateDeclarations: [DuplicateDeclaration] = []
    /// The `Defaults`/`InTest`/`InProduction`/`ServiceGroup` blocks around nested declarations (see `origin(of:in:)`).
    public var enclosingBlocks = DeclarationBlocks()
    /// Builder blocks of the stack (any mode) holding more services than type-check quickly, at their first service.
    public var largeBuilderBlocks: [Located<[String]>] = []
    /// The Docker Swarm it is compiled for: nil for the compose target alone.
    public var cluster: ResolvedCluster?
    /// The guard that closes this mode's network (`EgressGuard`), nil when the network is open.
    public var egressGuard: ResolvedEgressGuard?

    /// The first service called `name`.
    public func service(named name: String) -> ResolvedService? { services.first { $0.name == name } }

    /// Each name's first service, as `service(named:)` finds it: for many lookups by name without a scan each.
    public var servicesByName: [String: ResolvedService] {
        var byName: [String: ResolvedService] = [:]
        byName.reserveCapacity(services.count)
        for service in services where byName[service.name] == nil { byName[service.name] = service }
        return byName
    }
}

/// A service resolved for one mode: its ``Fields``, read and changed as its own properties
/// (`service.ports`). Copies share one storage until one of them changes (rules and emitters pass
/// services around by value, and a service has some forty fields).
@dynamicMemberLookup
public struct ResolvedService: Sendable, Hashable {
    /// Everything known about the service in one mode.
    public struct Fields: Sendable, Hashable {
        public var name: String
        public var role: Role
        public var location: SourceLocation
        /// The modes it runs in, and where that was decided (its `RunsIn`, or its declaration).
        public var modes: Located<Modes>
        public var image: Located<String>?
        public var build: Located<ResolvedBuild>?
        public var ports: [ResolvedPort]
        /// The environment as the container sees it, and every declaration behind it.
        public var environment: ResolvedEnvironment
        public var envFiles: [Located<String>]
        public var mounts: [ResolvedMount]
        public var networks: [Located<String>]
        public var dependencies: [ResolvedDependency]
        public var healthcheck: Located<HealthcheckSpec>?
        public var restart: RestartPolicy?
        public var logging: Located<LoggingSpec>?
        public var limits: Located<ResourceSpec>?
        public var reservations: Located<ResourceSpec>?
        public var profiles: [Located<String>]
        public var labels: [Located<LabelEntry>]
        /// `extra_hosts:`: host name and address.
        public var extraHosts: [Located<ExtraHostEntry>]
        public var command: Located<[String]>?
        public var entrypoint: Located<[String]>?
        public var user: Located<String>?
        public var containerName: Located<ResolvedValue>
        public var stopGracePeriod: Located<Seconds>?
        /// Container runtime options (`tmpfs`, `read_only`, capabilities, devices, …).
        public var options = ResolvedContainerOptions()
        public var featureFlags: [Located<String>]
        /// Why it reaches beyond the NUC (`Egress(because:)`), nil when it declares no egress.
        public var egress: Located<String>? = nil
        public var waivers: [Waiver]
        /// Stack settings (`InfluxDB`, `SQLite`, `HomeAssistant`) its values use but the stack does not declare.
        public var missingSettings: [Located<String>]
        /// Placement, replicas and secret delivery on a cluster (ignored by the compose target).
        public var swarm = ResolvedSwarmSettings()
        /// Text of its declarations that Compose would read as something else (rule `compose.valid`).
        var unfaithfulText: [Located<UnfaithfulText.Problem>] = []
    }

    private final class Storage: @unchecked Sendable {
        // Changed only through `fields` below, after a copy when shared: each instance is owned by one value at a time.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// A service with these fields.
    public init(_ fields: Fields) { storage = Storage(fields) }

    public subscript<T>(dynamicMember field: KeyPath<Fields, T>) -> T { storage.fields[keyPath: field] }

    public subscript<T>(dynamicMember field: WritableKeyPath<Fields, T>) -> T {
        get { storage.fields[keyPath: field] }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields[keyPath: field]
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }
}

/// A label: key and value.
public struct LabelEntry: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// `build:` of a service in one mode, its arguments resolved like environment values.
public struct ResolvedBuild: Sendable, Hashable {
    public var context: String
    public var dockerfile: String?
    public var target: String?
    /// The build arguments, sorted by key.
    public var arguments: [ResolvedBuildArgument]
}

/// One build argument in one mode.
public struct ResolvedBuildArgument: Sendable, Hashable {
    public var key: String
    public var value: ResolvedValue
    public var location: SourceLocation
}

/// An `extra_hosts:` entry: a host name and the address it resolves to.
public struct ExtraHostEntry: Sendable, Hashable {
    public var host: String
    public var address: String
    public init(host: String, address: String) {
        self.host = host
        self.address = address
    }
}

/// A service's environment in one mode: the effective variables (the last declaration of each key wins),
/// sorted by key, and every declaration behind them.
public struct ResolvedEnvironment: Sendable, Hashable, RandomAccessCollection {
    /// Every declaration, defaults first, in order (duplicates kept, for the rules to report).
    public let declarations: [ResolvedEnvironmentVariable]
    /// The last declaration of each key, sorted by key: what the container sees.
    public let effective: [ResolvedEnvironmentVariable]
    /// Whether a key is declared more than once (by `Defaults` or the service, or both).
    public var hasRepeatedKeys: Bool { effective.count < declarations.count }

    public init(_ declarations: [ResolvedEnvironmentVariable] = []) {
        self.declarations = declarations
        // The last declaration of each key is the one that wins.
        var effective: [ResolvedEnvironmentVariable] = []
        effective.reserveCapacity(declarations.count)
        EqualKeyRuns.forEach(in: declarations) { _, last in effective.append(declarations[last]) }
        self.effective = effective
    }

    public var startIndex: Int { effective.startIndex }
    public var endIndex: Int { effective.endIndex }
    public subscript(position: Int) -> ResolvedEnvironmentVariable { effective[position] }

    /// The effective variable `key` (its last declaration), if declared: found by binary search in `effective`.
    public subscript(key: String) -> ResolvedEnvironmentVariable? {
        var low = 0
        var high = effective.count
        while low < high {
            let middle = (low + high) / 2
            if effective[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < effective.count && effective[low].key == key ? effective[low] : nil
    }
}

/// A published port in one mode.
public struct ResolvedPort: Sendable, Hashable {
    public var host: Int
    public var container: Int
    public var networkProtocol: PortSpec.NetworkProtocol
    /// The host address it is published on: the one its `Port` names, else `PortSpec.loopback`.
    public var hostIP: String?
    public var location: SourceLocation
    /// Whether its `Port` named `hostIP` (a Swarm routing mesh ignores addresses: only a named one is a finding).
    public var hostIPDeclared: Bool = true

    /// The host address its `Port` named, if any.
    public var declaredHostIP: String? { hostIPDeclared ? hostIP : nil }

    /// The compose short syntax: `127.0.0.1:8086:8086`, `0.0.0.0:8086:8086/udp`.
    public var composeValue: String {
        var text = "\(host):\(container)"
        if let hostIP { text = "\(hostIP):" + text }
        if networkProtocol != .tcp { text += "/\(networkProtocol.rawValue)" }
        return text
    }

    /// The short syntax for a Swarm stack: without an address its `Port` did not name.
    public var swarmValue: String {
        var port = self
        if !hostIPDeclared { port.hostIP = nil }
        return port.composeValue
    }
}

/// An environment variable of a service in one mode.
///
/// Immutable, its fields in one shared storage: every rule and emitter walks every variable of every
/// service, and a copy is then one reference instead of one per field.
public struct ResolvedEnvironmentVariable: Sendable, Hashable {
    private final class Storage: Sendable {
        let key: String
        let value: ResolvedValue
        let location: SourceLocation
        let fromDefaults: Bool
        let derived: Bool

        init(key: String, value: ResolvedValue, location: SourceLocation, fromDefaults: Bool, derived: Bool) {
            self.key = key
            self.value = value
            self.location = location
            self.fromDefaults = fromDefaults
            self.derived = derived
        }
    }

    private let storage: Storage

    public var key: String { storage.key }
    public var value: ResolvedValue { storage.value }
    public var location: SourceLocation { storage.location }
    /// Whether it came from the stack's `Defaults`.
    public var fromDefaults: Bool { storage.fromDefaults }
    /// Whether homeiq-gen derived it (an env-file entry every service receives, such as a feature
    /// flag), rather than a declaration typing it.
    public var derived: Bool { storage.derived }

    public init(key: String, value: ResolvedValue, location: SourceLocation, fromDefaults: Bool, derived: Bool = false) {
        storage = Storage(key: key, value: value, location: location, fromDefaults: fromDefaults, derived: derived)
    }

    /// Whether both are one shared object, not only equal: a variable every service receives (a feature flag),
    /// or one that resolution shares because the previous service declared it identically at the same place.
    /// Answered without reading either's fields.
    func isSameDeclaration(as other: Self) -> Bool { storage === other.storage }

    public static func == (first: Self, second: Self) -> Bool {
        first.storage === second.storage
            || (first.key == second.key && first.value == second.value && first.location == second.location
                && first.fromDefaults == second.fromDefaults && first.derived == second.derived)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(location)
        hasher.combine(fromDefaults)
        hasher.combine(derived)
    }
}

/// A mount in one mode.
public struct ResolvedMount: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// A named volume: its key in the stack.
        case volume(key: String)
        /// A host path relative to the package root (or absolute).
        case bind(path: String)
    }
    public var source: Source
    public var target: String
    public var readOnly: Bool
    public var location: SourceLocation
}

/// A `depends_on` entry in one mode.
public struct ResolvedDependency: Sendable, Hashable {
    public var service: String
    public var condition: DependencyCondition
    public var location: SourceLocation
}

/// A network in one mode.
public struct ResolvedNetwork: Sendable, Hashable {
    public var key: String
    /// The name as written (references included), for people and comparisons.
    public var name: String { nameValue.displayText }
    /// The name resolved for this mode, as Compose will interpolate it.
    public var nameValue: ResolvedValue
    public var driver: String
    public var driverOptions: [String: String] = [:]
    public var ipam: IPAM?
    public var location: SourceLocation
}

/// A named volume in one mode.
public struct ResolvedVolume: Sendable, Hashable {
    public var key: String
    /// The name as written (references included), for people and comparisons.
    public var name: String { nameValue.displayText }
    /// The name resolved for this mode, as Compose will interpolate it.
    public var nameValue: ResolvedValue
    public var driver: String?
    public var driverOptions: [String: String] = [:]
    public var location: SourceLocation
}

/// One line of a mode's env file.
public struct ResolvedEnvFileEntry: Sendable, Hashable {
    public var key: String
    public var value: ResolvedValue
    public var location: SourceLocation
    /// A one-line comment written above it (section headings), if any.
    public var section: String?
    /// Whether every service of the mode receives it in its `environment:` (the feature flags
    /// story 40.4 has services read); the other keys reach only the services that declare them.
    public var deliveredToEveryService: Bool = false
}

/// A mode's network closed to everything beyond it by a guard service (`EgressGuard`).
public struct ResolvedEgressGuard: Sendable, Hashable {
    /// The guard service's name.
    public var service: String
    /// The key of the closed network.
    public var network: String
    /// The bridge interface name of the closed network.
    public var bridge: String
    /// The key of the exit network (present in the file only when a service declares `Egress`).
    public var exitNetwork: String
    /// The services that join the exit network, sorted.
    public var egressServices: [String]
    public var location: SourceLocation
}
