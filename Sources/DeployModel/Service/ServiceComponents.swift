// The components of a service body. Each captures the file, line and column it was written at.

/// `image:` with a pinned tag, e.g. `Image("influxdb:2.7.10")`.
public struct Image: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ reference: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.image(reference), file: file, line: line, column: column)]
    }
}

/// `build:` from a context relative to the package root.
public struct Build: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(
        context: String, dockerfile: String? = nil, arguments: [String: Value] = [:], target: String? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let spec = BuildSpec(context: context, dockerfile: dockerfile, arguments: arguments, target: target)
        serviceElements = [ServiceElement(.build(spec), file: file, line: line, column: column)]
    }
}

/// A published port: `Port(8086)`, `Port(8124, container: 8123)`, or per mode `Port(test: 8002, production: 8001, container: 8001)`.
///
/// A service that runs in both modes and gives one host port publishes it in production,
/// and that port plus the stack's test port offset in test, so the modes never share a port.
public struct Port: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(
        _ host: Int, container: Int? = nil, protocol networkProtocol: PortSpec.NetworkProtocol = .tcp, hostIP: String? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let spec = PortSpec(testHost: nil, productionHost: host, container: container ?? host, networkProtocol: networkProtocol, hostIP: hostIP)
        serviceElements = [ServiceElement(.port(spec), file: file, line: line, column: column)]
    }

    public init(
        test: Int, production: Int, container: Int, protocol networkProtocol: PortSpec.NetworkProtocol = .tcp, hostIP: String? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let spec = PortSpec(testHost: test, productionHost: production, container: container, networkProtocol: networkProtocol, hostIP: hostIP)
        serviceElements = [ServiceElement(.port(spec), file: file, line: line, column: column)]
    }
}

/// An environment variable: `Env("LOG_LEVEL", "info")`, `Env("INFLUXDB_BUCKET", .influxBucket)`,
/// `Env("API_KEY", .secret("WEATHER_API_KEY"))`, or `Env("X", test: "a", production: "b")`.
public struct Env: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(_ key: String, _ value: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.environment(key: key, value: value), file: file, line: line, column: column)]
    }

    public init(_ key: String, test: Value, production: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let value = Value.perMode(test: test, production: production)
        serviceElements = [ServiceElement(.environment(key: key, value: value), file: file, line: line, column: column)]
    }
}

/// `env_file:` relative to the package root.
public struct EnvFile: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ path: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.envFile(path), file: file, line: line, column: column)]
    }
}

/// A mount: `Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")`,
/// `Mount(bind: "infrastructure/ha-test", at: "/config", readOnly: true)`,
/// `Mount(test: "data/test/x", production: "data/production/x", at: "/x")`, or `Mount.database(readOnly:)`.
public struct Mount: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(volume: String, at target: String, readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = MountSpec(source: .volume(volume), target: target, readOnly: readOnly)
        serviceElements = [ServiceElement(.mount(spec), file: file, line: line, column: column)]
    }

    public init(bind path: String, at target: String, readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = MountSpec(source: .bind(test: path, production: path), target: target, readOnly: readOnly)
        serviceElements = [ServiceElement(.mount(spec), file: file, line: line, column: column)]
    }

    public init(
        test: String, production: String, at target: String, readOnly: Bool = false, file: String = #filePath, line: Int = #line,
        column: Int = #column
    ) {
        let spec = MountSpec(source: .bind(test: test, production: production), target: target, readOnly: readOnly)
        serviceElements = [ServiceElement(.mount(spec), file: file, line: line, column: column)]
    }

    /// The current mode's SQLite database directory, mounted where the stack's `SQLite` settings say:
    /// `Mount.database()`, `Mount.database(readOnly: true)`.
    public static func database(readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) -> Mount {
        Mount(MountSpec(source: .databaseDirectory, target: nil, readOnly: readOnly), file: file, line: line, column: column)
    }

    private init(_ spec: MountSpec, file: String, line: Int, column: Int) {
        serviceElements = [ServiceElement(.mount(spec), file: file, line: line, column: column)]
    }
}

/// Attaches the service to a network declared in the stack.
public struct OnNetwork: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ network: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.network(network), file: file, line: line, column: column)]
    }
}

/// `depends_on:` another service of the same mode, with a condition (default: started).
public struct DependsOn: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ service: String, _ condition: DependencyCondition = .started, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.dependsOn(service: service, condition: condition), file: file, line: line, column: column)]
    }
}

/// A health check. Timings not given come from the stack's `Defaults`.
public struct Healthcheck: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(
        _ test: [String], interval: Seconds? = nil, timeout: Seconds? = nil, retries: Int? = nil, startPeriod: Seconds? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let spec = HealthcheckSpec(test: test, interval: interval, timeout: timeout, retries: retries, startPeriod: startPeriod)
        serviceElements = [ServiceElement(.healthcheck(spec), file: file, line: line, column: column)]
    }

    /// `curl -fsS http://localhost:PORT/PATH` inside the container.
    public static func http(
        port: Int, path: String = "/health", startPeriod: Seconds? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Healthcheck {
        Healthcheck(["CMD", "curl", "-fsS", "http://localhost:\(port)\(path)"], startPeriod: startPeriod, file: file, line: line, column: column)
    }

    /// `healthcheck: {disable: true}`: turns off a check the image declares (counts as no health check).
    public static func disabled(file: String = #filePath, line: Int = #line, column: Int = #column) -> Healthcheck {
        Healthcheck(elements: [ServiceElement(.healthcheck(HealthcheckSpec(test: ["NONE"], disabled: true)), file: file, line: line, column: column)])
    }

    private init(elements: [ServiceElement]) {
        serviceElements = elements
    }
}

/// The default timings of every health check in the stack (use inside `Defaults`):
/// `HealthcheckTimings(interval: 30, timeout: 5, retries: 3, startPeriod: 10)`. A service's own `Healthcheck` timings win.
public struct HealthcheckTimings: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(
        interval: Seconds? = nil, timeout: Seconds? = nil, retries: Int? = nil, startPeriod: Seconds? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let timings = HealthcheckTimingsSpec(interval: interval, timeout: timeout, retries: retries, startPeriod: startPeriod)
        serviceElements = [ServiceElement(.healthcheckTimings(timings), file: file, line: line, column: column)]
    }
}

/// `restart:` policy.
public struct Restart: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ policy: RestartPolicy, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.restart(policy), file: file, line: line, column: column)]
    }
}

/// `logging:` driver and options.
public struct Logging: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(driver: String, options: [String: String] = [:], file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.logging(LoggingSpec(driver: driver, options: options)), file: file, line: line, column: column)]
    }
}

/// `deploy.resources.limits`: `Limits(memory: .mib(512), cpus: 0.5)`, `Limits(memory: .gib(1.5))`; what is left out
/// comes from `Defaults`.
public struct Limits: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(memory: Memory? = nil, cpus: CPUs? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.limits(ResourceSpec(memory: memory, cpus: cpus)), file: file, line: line, column: column)]
    }
}

/// `deploy.resources.reservations`: `Reservations(memory: .mib(256), cpus: 0.25)`; what is left out comes from `Defaults`.
public struct Reservations: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(memory: Memory? = nil, cpus: CPUs? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.reservations(ResourceSpec(memory: memory, cpus: cpus)), file: file, line: line, column: column)]
    }
}

/// A compose profile (optional services inside one mode's file).
public struct Profile: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.profile(name), file: file, line: line, column: column)]
    }
}

/// A container label (the `com.homeiq.*` labels are added by the compiler).
public struct Label: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ key: String, _ value: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.label(key: key, value: value), file: file, line: line, column: column)]
    }
}

/// `extra_hosts:` entry.
public struct ExtraHost: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ host: String, _ address: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.extraHost(host: host, address: address), file: file, line: line, column: column)]
    }
}

/// `command:` in exec form.
public struct Command: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ arguments: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.command(arguments), file: file, line: line, column: column)]
    }
}

/// `entrypoint:` in exec form.
public struct Entrypoint: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ arguments: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.entrypoint(arguments), file: file, line: line, column: column)]
    }
}

/// `user:` e.g. `User("1000:1000")`.
public struct User: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ user: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.user(user), file: file, line: line, column: column)]
    }
}

/// `container_name:`; by default the compiler names containers `<project>-<service>`.
public struct ContainerName: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.containerName(name), file: file, line: line, column: column)]
    }
}

/// `stop_grace_period:`.
public struct StopGracePeriod: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ period: Seconds, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.stopGracePeriod(period), file: file, line: line, column: column)]
    }
}

/// Declares that this service backs a feature flag (`ENABLE_WEATHER_API`): the flag is `true`
/// in the env file of every mode the service runs in and `false` elsewhere. Never type the flag by hand.
public struct FeatureFlag: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.featureFlag(name), file: file, line: line, column: column)]
    }
}

/// Overrides the modes a service runs in (its role decides otherwise). Rules check that the role permits it.
public struct RunsIn: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ modes: Modes, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.runsIn(modes), file: file, line: line, column: column)]
    }
}

/// Declarations that apply in test only.
public struct InTest: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ServiceBuilder _ content: () -> [ServiceElement]) {
        serviceElements = [ServiceElement(.scoped(.test, content()), file: file, line: line, column: column)]
    }
}

/// Declarations that apply in production only.
public struct InProduction: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ServiceBuilder _ content: () -> [ServiceElement]) {
        serviceElements = [ServiceElement(.scoped(.production, content()), file: file, line: line, column: column)]
    }
}
