// The components of a service body. Each captures the file, line and column it was written at.

/// `image:` with a pinned tag, e.g. `Image("influxdb:2.7.10")`.
public struct Image: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ reference: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.image(reference), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `build:` from a context relative to the package root.
public struct Build: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(context: String, dockerfile: String? = nil, arguments: [String: Value] = [:], target: String? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = BuildSpec(context: context, dockerfile: dockerfile, arguments: arguments, target: target)
        serviceElements = Declaration(.build(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// A published port: `Port(8086)`, `Port(8124, container: 8123)`, or per mode `Port(production: 8001, test: 8002, container: 8001)`.
///
/// A service that runs in both modes and gives one host port publishes it in production,
/// and that port plus the stack's test port offset in test, so the modes never share a port.
public struct Port: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(_ host: Int, container: Int? = nil, protocol networkProtocol: PortSpec.NetworkProtocol = .tcp, hostIP: String? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = PortSpec(testHost: nil, productionHost: host, container: container ?? host, networkProtocol: networkProtocol, hostIP: hostIP)
        serviceElements = Declaration(.port(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }

    public init(production: Int, test: Int, container: Int, protocol networkProtocol: PortSpec.NetworkProtocol = .tcp, hostIP: String? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = PortSpec(testHost: test, productionHost: production, container: container, networkProtocol: networkProtocol, hostIP: hostIP)
        serviceElements = Declaration(.port(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// An environment variable: `Env("LOG_LEVEL", "info")`, `Env("INFLUXDB_BUCKET", .influxBucket)`,
/// `Env("API_KEY", .secret("WEATHER_API_KEY"))`, or `Env("X", test: "a", production: "b")`.
public struct Env: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(_ key: String, _ value: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.environment(key: key, value: value), SourceLocation(file: file, line: line, column: column)).serviceElements
    }

    public init(_ key: String, test: Value, production: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let value = Value.perMode(test: test, production: production)
        serviceElements = Declaration(.environment(key: key, value: value), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `env_file:` relative to the package root.
public struct EnvFile: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ path: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.envFile(path), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// A mount: `Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")`,
/// `Mount(bind: "infrastructure/ha-test", at: "/config", readOnly: true)`,
/// `Mount(test: "data/test/x", production: "data/production/x", at: "/x")`, or `Mount.database`.
public struct Mount: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(volume: String, at target: String, readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = MountSpec(source: .volume(volume), target: target, readOnly: readOnly)
        serviceElements = Declaration(.mount(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }

    public init(bind path: String, at target: String, readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = MountSpec(source: .bind(test: path, production: path), target: target, readOnly: readOnly)
        serviceElements = Declaration(.mount(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }

    public init(test: String, production: String, at target: String, readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = MountSpec(source: .bind(test: test, production: production), target: target, readOnly: readOnly)
        serviceElements = Declaration(.mount(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }

    /// The current mode's SQLite database directory, mounted where the stack's `SQLite` settings say.
    public init(databaseReadOnly readOnly: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = MountSpec(source: .databaseDirectory, target: nil, readOnly: readOnly)
        serviceElements = Declaration(.mount(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// Attaches the service to a network declared in the stack.
public struct OnNetwork: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ network: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.network(network), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `depends_on:` another service of the same mode, with a condition (default: started).
public struct DependsOn: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ service: String, _ condition: DependencyCondition = .started, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.dependsOn(service: service, condition: condition), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// A health check. Timings not given come from the stack's `Defaults`.
public struct Healthcheck: ServiceComponent {
    public let serviceElements: [ServiceElement]

    public init(_ test: [String], interval: Seconds? = nil, timeout: Seconds? = nil, retries: Int? = nil, startPeriod: Seconds? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        let spec = HealthcheckSpec(test: test, interval: interval, timeout: timeout, retries: retries, startPeriod: startPeriod)
        serviceElements = Declaration(.healthcheck(spec), SourceLocation(file: file, line: line, column: column)).serviceElements
    }

    /// `curl -fsS http://localhost:PORT/PATH` inside the container.
    public static func http(port: Int, path: String = "/health", startPeriod: Seconds? = nil,
                            file: String = #filePath, line: Int = #line, column: Int = #column) -> Healthcheck {
        Healthcheck(["CMD", "curl", "-fsS", "http://localhost:\(port)\(path)"], startPeriod: startPeriod, file: file, line: line, column: column)
    }

    /// The default timings for every health check in the stack (use inside `Defaults`).
    public static func timings(interval: Seconds, timeout: Seconds, retries: Int, startPeriod: Seconds,
                               file: String = #filePath, line: Int = #line, column: Int = #column) -> Healthcheck {
        Healthcheck([], interval: interval, timeout: timeout, retries: retries, startPeriod: startPeriod, file: file, line: line, column: column)
    }
}

/// `restart:` policy.
public struct Restart: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ policy: RestartPolicy, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.restart(policy), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `logging:` driver and options.
public struct Logging: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(driver: String, options: [String: String] = [:], file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.logging(LoggingSpec(driver: driver, options: options)), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `deploy.resources.limits`: `Limits(memory: .mib(512), cpus: 0.5)`.
public struct Limits: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(memory: Memory?, cpus: CPUs?, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.limits(ResourceSpec(memory: memory, cpus: cpus)), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `deploy.resources.reservations`: `Reservations(memory: .mib(256), cpus: 0.25)`.
public struct Reservations: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(memory: Memory?, cpus: CPUs?, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.reservations(ResourceSpec(memory: memory, cpus: cpus)), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// A compose profile (optional services inside one mode's file).
public struct Profile: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.profile(name), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// A container label (the `com.homeiq.*` labels are added by the compiler).
public struct Label: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ key: String, _ value: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.label(key: key, value: value), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `extra_hosts:` entry.
public struct ExtraHost: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ host: String, _ address: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.extraHost(host: host, address: address), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `command:` in exec form.
public struct Command: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ arguments: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.command(arguments), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `entrypoint:` in exec form.
public struct Entrypoint: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ arguments: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.entrypoint(arguments), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `user:` e.g. `User("1000:1000")`.
public struct User: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ user: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.user(user), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `container_name:`; by default the compiler names containers `<project>-<service>`.
public struct ContainerName: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: Value, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.containerName(name), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// `stop_grace_period:`.
public struct StopGracePeriod: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ period: Seconds, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.stopGracePeriod(period), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// Declares that this service backs a feature flag (`ENABLE_WEATHER_API`): the flag is `true`
/// in the env file of every mode the service runs in and `false` elsewhere. Never type the flag by hand.
public struct FeatureFlag: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.featureFlag(name), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// Overrides the modes a service runs in (its role decides otherwise). Rules check that the role permits it.
public struct RunsIn: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ modes: Modes, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = Declaration(.runsIn(modes), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// Declarations that apply in test only.
public struct InTest: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ServiceBuilder _ content: () -> [ServiceElement]) {
        serviceElements = Declaration(.scoped(.test, content()), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}

/// Declarations that apply in production only.
public struct InProduction: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ServiceBuilder _ content: () -> [ServiceElement]) {
        serviceElements = Declaration(.scoped(.production, content()), SourceLocation(file: file, line: line, column: column)).serviceElements
    }
}
