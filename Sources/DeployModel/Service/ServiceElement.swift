/// One declaration inside a service body, with where it was written.
public struct ServiceElement: Sendable, Hashable {
    public var declaration: ServiceDeclaration
    public var location: SourceLocation
    /// Where the `ServiceGroup`s holding it were used, innermost first (empty when written in place).
    public var groupUses: [SourceLocation] = []

    public init(_ declaration: ServiceDeclaration, at location: SourceLocation) {
        self.declaration = declaration
        self.location = location
    }

    /// A declaration written at `file`:`line`:`column` (what every component captures).
    public init(_ declaration: ServiceDeclaration, file: String, line: Int, column: Int) {
        self.init(declaration, at: SourceLocation(file: file, line: line, column: column))
    }
}

/// What a service declaration says.
public indirect enum ServiceDeclaration: Sendable, Hashable {
    case image(String)
    case build(BuildSpec)
    case port(PortSpec)
    case environment(key: String, value: Value)
    case envFile(String)
    case mount(MountSpec)
    case network(String)
    case dependsOn(service: String, condition: DependencyCondition)
    case healthcheck(HealthcheckSpec)
    /// Default health-check timings (from `Defaults`).
    case healthcheckTimings(HealthcheckTimingsSpec)
    case restart(RestartPolicy)
    case logging(LoggingSpec)
    case limits(ResourceSpec)
    case reservations(ResourceSpec)
    case profile(String)
    case label(key: String, value: String)
    case extraHost(host: String, address: String)
    case command([String])
    case entrypoint([String])
    case user(String)
    case containerName(Value)
    case featureFlag(String)
    /// Reaches beyond the NUC where an `EgressGuard` closes the mode's network (the reason is for the reader).
    case egress(reason: String)
    case waiver(Waiver)
    case runsIn(Modes)
    case stopGracePeriod(Seconds)
    /// Where the service may run in a cluster (all selectors must hold).
    case placement([NodeSelector])
    /// How many tasks a cluster runs.
    case replicas(Int)
    /// An environment variable holding a secret that the service reads from the environment only.
    case secretFromEnvironment(String)
    /// A runtime option of the container (`tmpfs`, `read_only`, `cap_drop`, …).
    case option(ContainerOption)
    /// Declarations that apply in one mode only.
    case scoped(Mode, [ServiceElement])
}

/// `build:` of a service; paths are relative to the package root.
public struct BuildSpec: Sendable, Hashable {
    public var context: String
    public var dockerfile: String?
    public var arguments: [String: Value]
    public var target: String?

    public init(context: String, dockerfile: String? = nil, arguments: [String: Value] = [:], target: String? = nil) {
        self.context = context
        self.dockerfile = dockerfile
        self.arguments = arguments
        self.target = target
    }
}

/// A published port. The host port may differ per mode.
public struct PortSpec: Sendable, Hashable {
    public enum NetworkProtocol: String, Sendable, Hashable { case tcp, udp }
    /// The host port in each mode; nil means "the stack's default for that mode".
    public var testHost: Int?
    public var productionHost: Int?
    public var container: Int
    public var networkProtocol: NetworkProtocol
    /// Host address to bind. nil publishes on the loopback only (`PortSpec.loopback`): nothing
    /// faces the LAN unless its `Port` says so (e.g. `hostIP: "0.0.0.0"`), since a port published
    /// on every address is reachable from the other mode's containers through their gateway.
    public var hostIP: String?

    /// Where a port is published when its `Port` names no address.
    public static let loopback = "127.0.0.1"

    public init(testHost: Int?, productionHost: Int?, container: Int, networkProtocol: NetworkProtocol = .tcp, hostIP: String? = nil) {
        self.testHost = testHost
        self.productionHost = productionHost
        self.container = container
        self.networkProtocol = networkProtocol
        self.hostIP = hostIP
    }
}

/// A volume or bind mount.
public struct MountSpec: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// A named volume declared in the stack (its key).
        case volume(String)
        /// A host path relative to the package root (or absolute), per mode.
        case bind(test: String, production: String)
        /// The directory of the current mode's SQLite database.
        case databaseDirectory
    }
    public var source: Source
    /// The path inside the container; nil for `databaseDirectory` (taken from the stack's SQLite settings).
    public var target: String?
    public var readOnly: Bool

    public init(source: Source, target: String?, readOnly: Bool = false) {
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }
}

/// `depends_on` conditions.
public enum DependencyCondition: String, Sendable, Hashable {
    case started = "service_started"
    case healthy = "service_healthy"
    case completedSuccessfully = "service_completed_successfully"
}

/// A container health check. Timings left nil take the stack defaults.
public struct HealthcheckSpec: Sendable, Hashable {
    public var test: [String]
    public var interval: Seconds?
    public var timeout: Seconds?
    public var retries: Int?
    public var startPeriod: Seconds?
    public var disabled: Bool

    public init(
        test: [String], interval: Seconds? = nil, timeout: Seconds? = nil, retries: Int? = nil, startPeriod: Seconds? = nil, disabled: Bool = false
    ) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
        self.disabled = disabled
    }
}

/// Health-check timings that apply to every health check unless it gives its own.
public struct HealthcheckTimingsSpec: Sendable, Hashable {
    public var interval: Seconds?
    public var timeout: Seconds?
    public var retries: Int?
    public var startPeriod: Seconds?

    public init(interval: Seconds? = nil, timeout: Seconds? = nil, retries: Int? = nil, startPeriod: Seconds? = nil) {
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }
}

/// `restart:` policies.
public enum RestartPolicy: String, Sendable, Hashable {
    case no = "no"
    case always
    case onFailure = "on-failure"
    case unlessStopped = "unless-stopped"
}

/// `logging:` driver and options.
public struct LoggingSpec: Sendable, Hashable {
    public var driver: String
    public var options: [String: String]

    public init(driver: String, options: [String: String] = [:]) {
        self.driver = driver
        self.options = options
    }
}

/// Memory and CPUs, for limits or reservations.
public struct ResourceSpec: Sendable, Hashable {
    public var memory: Memory?
    public var cpus: CPUs?

    public init(memory: Memory?, cpus: CPUs?) {
        self.memory = memory
        self.cpus = cpus
    }
}

/// A deliberate exception to a rule, with the reason it is acceptable.
public struct Waiver: Sendable, Hashable {
    public var rule: String
    public var reason: String
    public var location: SourceLocation

    public init(rule: String, reason: String, location: SourceLocation) {
        self.rule = rule
        self.reason = reason
        self.location = location
    }
}
