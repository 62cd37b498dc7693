/// One declaration at stack level, with where it was written.
public struct StackElement: Sendable, Hashable {
    public var declaration: StackDeclaration
    public var location: SourceLocation

    public init(_ declaration: StackDeclaration, at location: SourceLocation) {
        self.declaration = declaration
        self.location = location
    }
}

/// What a stack-level declaration says.
public indirect enum StackDeclaration: Sendable, Hashable {
    case service(ServiceDefinition)
    case network(NetworkSpec)
    case volume(VolumeSpec)
    /// Declarations applied to every service unless it says otherwise.
    case defaults([ServiceElement])
    case influxDB(InfluxDBSetup)
    case sqlite(SQLiteSetup)
    case homeAssistant(HomeAssistantSetup)
    case hardware(HardwareProfile)
    case waiver(Waiver)
    /// An extra entry of the mode's env file.
    case envFileEntry(key: String, value: Value)
    /// The offset added to a shared service's host port in test.
    case testPortOffset(Int)
    /// The Docker Swarm the stack runs on (`Cluster { … }`).
    case cluster(ClusterSpec)
    /// The mode's network closed to everything beyond it, and its guard service (`EgressGuard`).
    case egressGuard(EgressGuardSpec)
    /// Declarations for some modes only (`TestOnly { … }`, `ProductionOnly { … }`).
    case scoped(Modes, [StackElement])
    /// One builder block holding more services than type-check quickly (see `BuilderBlock`), at its first service.
    case largeBuilderBlock(services: [String])
}

/// A network; its name is made per mode (`homeiq-network` in production, `homeiq-network-test` in test).
public struct NetworkSpec: Sendable, Hashable {
    public var key: String
    /// Explicit name; nil derives one per mode.
    public var name: Value?
    public var driver: String
    /// `driver_opts:`.
    public var driverOptions: [String: String]
    /// `ipam:` address management; nil leaves it to Docker.
    public var ipam: IPAM?

    public init(key: String, name: Value?, driver: String, driverOptions: [String: String] = [:], ipam: IPAM? = nil) {
        self.key = key
        self.name = name
        self.driver = driver
        self.driverOptions = driverOptions
        self.ipam = ipam
    }
}

/// A named volume; its name is made per mode (`homeiq_x` in production, `homeiq-test_x` in test).
public struct VolumeSpec: Sendable, Hashable {
    public var key: String
    /// Explicit name; nil derives one per mode.
    public var name: Value?
    /// `driver:`; nil is Docker's `local`.
    public var driver: String?
    /// `driver_opts:`.
    public var driverOptions: [String: String]

    public init(key: String, name: Value?, driver: String? = nil, driverOptions: [String: String] = [:]) {
        self.key = key
        self.name = name
        self.driver = driver
        self.driverOptions = driverOptions
    }
}

/// How the test deployment gets its InfluxDB.
public enum InfluxOption: String, Sendable, Hashable, CaseIterable {
    /// Option A (default, 8 GB NUC): the same InfluxDB service definition in each mode, with a separate test bucket, org and token.
    case sharedInstance = "option-a"
    /// Option B (16 GB NUC): a separate `influxdb-test` instance on host port 8087, its own volume and image version.
    case separateTestInstance = "option-b"
}

/// The InfluxDB organisation, bucket, token and retention of one mode.
public struct InfluxTenant: Sendable, Hashable {
    public var org: String
    public var bucket: String
    public var token: Value
    public var retention: Retention

    public init(org: String, bucket: String, token: Value, retention: Retention) {
        self.org = org
        self.bucket = bucket
        self.token = token
        self.retention = retention
    }
}

/// How long InfluxDB keeps a bucket's data: `.days(7)`.
public struct Retention: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var days: Int

    public static func days(_ days: Int) -> Retention { Retention(days: days) }

    public static func < (lhs: Retention, rhs: Retention) -> Bool { lhs.days < rhs.days }

    /// InfluxDB's spelling: `7d`.
    public var description: String { "\(days)d" }
}

/// The stack's InfluxDB: which services serve each mode and each mode's tenant.
public struct InfluxDBSetup: Sendable, Hashable {
    public var option: InfluxOption
    public var service: String
    public var testService: String
    public var containerPort: Int
    public var testInstancePort: Int
    public var test: InfluxTenant
    public var production: InfluxTenant

    public init(
        option: InfluxOption, service: String, testService: String, containerPort: Int, testInstancePort: Int,
        test: InfluxTenant, production: InfluxTenant
    ) {
        self.option = option
        self.service = service
        self.testService = testService
        self.containerPort = containerPort
        self.testInstancePort = testInstancePort
        self.test = test
        self.production = production
    }

    /// The tenant of `mode`.
    public func tenant(_ mode: Mode) -> InfluxTenant { mode == .test ? test : production }

    /// The service that serves `mode`.
    public func serviceName(_ mode: Mode) -> String {
        mode == .test && option == .separateTestInstance ? testService : service
    }
}

/// Where one mode's SQLite database lives, on the host and in the containers.
public struct SQLiteLocation: Sendable, Hashable {
    /// Host directory, relative to the package root (e.g. `data/test`).
    public var hostDirectory: String
    /// Where that directory is mounted in a container (e.g. `/app/data/test`).
    public var containerDirectory: String

    public init(hostDirectory: String, containerDirectory: String) {
        self.hostDirectory = hostDirectory
        self.containerDirectory = containerDirectory
    }
}

/// The stack's SQLite metadata database per mode.
public struct SQLiteSetup: Sendable, Hashable {
    /// The database file's name inside each mode's directory (`metadata.db`).
    public var databaseFile: String
    /// The containers' working directory; `DATABASE_URL` is relative to it, as services expect.
    public var workingDirectory: String
    public var test: SQLiteLocation
    public var production: SQLiteLocation

    public init(databaseFile: String, workingDirectory: String, test: SQLiteLocation, production: SQLiteLocation) {
        self.databaseFile = databaseFile
        self.workingDirectory = workingDirectory
        self.test = test
        self.production = production
    }

    public func location(_ mode: Mode) -> SQLiteLocation { mode == .test ? test : production }
}

/// How one mode reaches Home Assistant.
public struct HomeAssistantEndpoint: Sendable, Hashable {
    public var url: Value
    public var webSocketURL: Value
    public var token: Value

    public init(url: Value, webSocketURL: Value, token: Value) {
        self.url = url
        self.webSocketURL = webSocketURL
        self.token = token
    }
}

/// The Home Assistant each mode talks to: the test container in test, the real one in production.
public struct HomeAssistantSetup: Sendable, Hashable {
    public var test: HomeAssistantEndpoint
    public var production: HomeAssistantEndpoint

    public init(test: HomeAssistantEndpoint, production: HomeAssistantEndpoint) {
        self.test = test
        self.production = production
    }

    public func endpoint(_ mode: Mode) -> HomeAssistantEndpoint { mode == .test ? test : production }
}

/// The machine the stack must fit.
public struct HardwareProfile: Sendable, Hashable, CustomStringConvertible {
    public var id: String
    /// The memory limits of one mode must sum to at most this.
    public var memoryPerMode: Memory
    /// No CPU limit may exceed this, and the CPU reservations of one mode must sum to at most this.
    public var cpusPerMode: CPUs
    /// Whether both modes may run side by side (then their sum must fit `combinedMemory`).
    public var allowsSideBySide: Bool
    public var combinedMemory: Memory
    /// Whether InfluxDB option B (a second instance) is allowed.
    public var allowsSeparateInfluxInstance: Bool
    /// How far the CPU limits of one mode may add up beyond the cores: their sum must be at most
    /// `cpusPerMode × cpuOvercommit` (rule `resources.cpu-overcommit`).
    public var cpuOvercommit: Int

    public init(
        id: String, memoryPerMode: Memory, cpusPerMode: CPUs, allowsSideBySide: Bool, combinedMemory: Memory, allowsSeparateInfluxInstance: Bool,
        cpuOvercommit: Int = 3
    ) {
        self.id = id
        self.memoryPerMode = memoryPerMode
        self.cpusPerMode = cpusPerMode
        self.allowsSideBySide = allowsSideBySide
        self.combinedMemory = combinedMemory
        self.allowsSeparateInfluxInstance = allowsSeparateInfluxInstance
        self.cpuOvercommit = cpuOvercommit
    }

    /// The most the CPU limits of one mode may add up to: `cpusPerMode × cpuOvercommit`.
    public var cpuLimitsPerMode: CPUs { CPUs(millicores: cpusPerMode.millicores * cpuOvercommit) }

    /// Intel NUC with 8 GB: 6 GiB of limits and 4 CPUs per mode (CPU limits at most 3 × 4); modes never run together; option A only.
    public static let nuc8gb = HardwareProfile(
        id: "nuc-8gb", memoryPerMode: .gib(6), cpusPerMode: 4, allowsSideBySide: false,
        combinedMemory: .gib(6), allowsSeparateInfluxInstance: false)
    /// Intel NUC with 16 GB: 6 GiB and 4 CPUs per mode (CPU limits at most 3 × 4), both modes side by side within 13 GiB; option B allowed.
    public static let nuc16gb = HardwareProfile(
        id: "nuc-16gb", memoryPerMode: .gib(6), cpusPerMode: 4, allowsSideBySide: true,
        combinedMemory: .gib(13), allowsSeparateInfluxInstance: true)

    public static let all: [HardwareProfile] = [.nuc8gb, .nuc16gb]

    public var description: String { id }
}
