// The components of a stack body. Each captures the file, line and column it was written at.

/// A network. Its name is made per mode unless `name` is given. `driverOptions` and `ipam` are written
/// as `driver_opts:` and `ipam:` (e.g. `ipam: IPAM(pools: [IPAMPool(subnet: "172.28.0.0/16")])`).
public struct Network: ModeNeutralStackComponent {
    public let stackElements: [StackElement]
    public init(
        _ key: String, name: Value? = nil, driver: String = "bridge", driverOptions: [String: String] = [:], ipam: IPAM? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let spec = NetworkSpec(key: key, name: name, driver: driver, driverOptions: driverOptions, ipam: ipam)
        stackElements = [
            StackElement(
                .network(spec),
                at: SourceLocation(file: file, line: line, column: column))
        ]
    }
}

/// A named volume. Its name is made per mode unless `name` is given; `driver` and `driverOptions`
/// are written as `driver:` and `driver_opts:`.
public struct Volume: ModeNeutralStackComponent {
    public let stackElements: [StackElement]
    public init(
        _ key: String, name: Value? = nil, driver: String? = nil, driverOptions: [String: String] = [:],
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        stackElements = [
            StackElement(
                .volume(VolumeSpec(key: key, name: name, driver: driver, driverOptions: driverOptions)),
                at: SourceLocation(file: file, line: line, column: column))
        ]
    }
}

/// Declarations every service gets unless it says otherwise (restart, logging, health-check timings, networks, environment).
public struct Defaults: StackComponent {
    public let stackElements: [StackElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ServiceBuilder _ content: () -> [ServiceElement]) {
        stackElements = [StackElement(.defaults(content()), at: SourceLocation(file: file, line: line, column: column))]
    }
}

/// The stack's InfluxDB: option A (shared service definition, separate test tenant) or B (a separate test instance).
public struct InfluxDB: StackComponent {
    public let stackElements: [StackElement]
    public init(
        _ option: InfluxOption, service: String = "influxdb", testService: String = "influxdb-test",
        containerPort: Int = 8086, testInstancePort: Int = 8087,
        test: InfluxTenant, production: InfluxTenant,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let setup = InfluxDBSetup(
            option: option, service: service, testService: testService, containerPort: containerPort,
            testInstancePort: testInstancePort, test: test, production: production)
        stackElements = [StackElement(.influxDB(setup), at: SourceLocation(file: file, line: line, column: column))]
    }
}

/// The stack's SQLite metadata database per mode.
public struct SQLite: StackComponent {
    public let stackElements: [StackElement]
    public init(
        databaseFile: String = "metadata.db", workingDirectory: String = "/app", test: SQLiteLocation, production: SQLiteLocation,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let setup = SQLiteSetup(databaseFile: databaseFile, workingDirectory: workingDirectory, test: test, production: production)
        stackElements = [StackElement(.sqlite(setup), at: SourceLocation(file: file, line: line, column: column))]
    }
}

/// The Home Assistant of each mode.
public struct HomeAssistant: StackComponent {
    public let stackElements: [StackElement]
    public init(test: HomeAssistantEndpoint, production: HomeAssistantEndpoint, file: String = #filePath, line: Int = #line, column: Int = #column) {
        stackElements = [
            StackElement(
                .homeAssistant(HomeAssistantSetup(test: test, production: production)),
                at: SourceLocation(file: file, line: line, column: column))
        ]
    }
}

/// The machine the stack must fit (default `.nuc8gb`).
public struct Hardware: StackComponent {
    public let stackElements: [StackElement]
    public init(_ profile: HardwareProfile, file: String = #filePath, line: Int = #line, column: Int = #column) {
        stackElements = [StackElement(.hardware(profile), at: SourceLocation(file: file, line: line, column: column))]
    }
}

/// An extra entry in each mode's env file (the standard entries are derived).
public struct EnvFileEntry: ModeNeutralStackComponent {
    public let stackElements: [StackElement]
    public init(_ key: String, _ value: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        stackElements = [StackElement(.envFileEntry(key: key, value: value), at: SourceLocation(file: file, line: line, column: column))]
    }
    public init(_ key: String, test: Value, production: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        stackElements = [
            StackElement(
                .envFileEntry(key: key, value: .perMode(test: test, production: production)),
                at: SourceLocation(file: file, line: line, column: column))
        ]
    }
}

/// The offset added in test to the host port of a service that runs in both modes (default 10000).
public struct TestPortOffset: StackComponent {
    public let stackElements: [StackElement]
    public init(_ offset: Int, file: String = #filePath, line: Int = #line, column: Int = #column) {
        stackElements = [StackElement(.testPortOffset(offset), at: SourceLocation(file: file, line: line, column: column))]
    }
}

/// Declarations for the test deployment only. Services whose role may not run in test do not compile here.
public struct TestOnly: StackComponent {
    public let stackElements: [StackElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @TestOnlyBuilder _ content: () -> [StackElement]) {
        stackElements = [StackElement(.scoped(.test, content()), at: SourceLocation(file: file, line: line, column: column))]
    }
}

/// Declarations for the production deployment only. Data generators and test fixtures do not compile here.
public struct ProductionOnly: StackComponent {
    public let stackElements: [StackElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ProductionOnlyBuilder _ content: () -> [StackElement]) {
        stackElements = [StackElement(.scoped(.production, content()), at: SourceLocation(file: file, line: line, column: column))]
    }
}
