import DeployModel
import DeployRender

/// Emit stage: a `ResolvedDeployment` -> the compose document (canonical key order, sorted services).
public struct ComposeEmitter: Sendable {
    public var paths: PathMapping

    public init(paths: PathMapping) {
        self.paths = paths
    }

    /// The compose document of `deployment`, without header.
    public func document(_ deployment: ResolvedDeployment) -> YAMLNode {
        var root: [YAMLNode.Entry] = [.init("name", .string(deployment.projectName)), .init("x-homeiq", facts(deployment))]
        let services = deployment.services.sorted { $0.name < $1.name }
        root.append(.init("services", .mapping(services.map { .init($0.name, service($0, in: deployment)) })))
        let networks = deployment.networks.sorted { $0.key < $1.key }
        if !networks.isEmpty {
            root.append(.init("networks", .mapping(networks.map { network in
                .init(network.key, .mapping([.init("name", .string(network.name)), .init("driver", .string(network.driver))]))
            })))
        }
        let volumes = deployment.volumes.sorted { $0.key < $1.key }
        if !volumes.isEmpty {
            root.append(.init("volumes", .mapping(volumes.map { volume in
                .init(volume.key, .mapping([.init("name", .string(volume.name))]))
            })))
        }
        return .mapping(root)
    }

    /// `x-homeiq:` the deployment's facts inside the digested body, so scripts can trust them
    /// (a hand edit of a header line goes unnoticed; one of the body does not).
    func facts(_ deployment: ResolvedDeployment) -> YAMLNode {
        var entries: [YAMLNode.Entry] = [
            .init("mode", .string(deployment.mode.rawValue)),
            .init("hardware", .string(deployment.hardware.value.id)),
        ]
        if let influx = deployment.influxDB { entries.append(.init("influxdb", .string(influx.value.option.rawValue))) }
        entries.append(.init("generator", .string("homeiq-gen")))
        return .mapping(entries)
    }

    func service(_ service: ResolvedService, in deployment: ResolvedDeployment) -> YAMLNode {
        var entries: [YAMLNode.Entry] = []
        func add(_ key: String, _ node: YAMLNode?) { if let node { entries.append(.init(key, node)) } }
        func strings(_ values: [String]) -> YAMLNode { .sequence(values.map { .string($0) }) }

        add("image", service.image.map { .string($0.value) })
        add("build", service.build.map { build($0.value) })
        add("container_name", .string(service.containerName.value.composeText))
        add("command", service.command.map(strings))
        add("entrypoint", service.entrypoint.map(strings))
        add("user", service.user.map { .string($0) })
        add("restart", service.restart.map { .string($0.rawValue) })
        add("profiles", service.profiles.isEmpty ? nil : strings(service.profiles))
        if !service.dependencies.isEmpty {
            var seen: Set<String> = []
            let unique = service.dependencies.filter { seen.insert($0.service).inserted }.sorted { $0.service < $1.service }
            add("depends_on", .mapping(unique.map { .init($0.service, .mapping([.init("condition", .string($0.condition.rawValue))])) }))
        }
        add("env_file", service.envFiles.isEmpty ? nil : strings(service.envFiles.map { paths.fromOutput($0.value) }))
        let environment = service.environment
        add("environment", environment.isEmpty ? nil : .mapping(environment.map { .init($0.key, .string($0.value.composeText)) }))
        add("ports", service.ports.isEmpty ? nil : strings(service.ports.map(\.composeValue)))
        add("volumes", service.mounts.isEmpty ? nil : strings(service.mounts.map(mount)))
        add("networks", service.networks.isEmpty ? nil : strings(service.networks.map(\.value).sorted()))
        add("extra_hosts", service.extraHosts.isEmpty ? nil
            : strings(service.extraHosts.map { "\($0.value.key):\($0.value.value)" }.sorted()))
        add("healthcheck", service.healthcheck.map { healthcheck($0.value) })
        add("logging", service.logging.map(logging))
        add("deploy", resources(service))
        add("stop_grace_period", service.stopGracePeriod.map { .string($0.composeValue) })
        var labels: [String: String] = [:]
        for label in service.labels { labels[label.value.key] = label.value.value }
        add("labels", .mapping(labels.keys.sorted().map { .init($0, .string(labels[$0]!)) }))
        return .mapping(entries)
    }

    private func build(_ build: BuildSpec) -> YAMLNode {
        var entries: [YAMLNode.Entry] = [.init("context", .string(paths.fromOutput(build.context)))]
        if let dockerfile = build.dockerfile { entries.append(.init("dockerfile", .string(dockerfile))) }
        if let target = build.target { entries.append(.init("target", .string(target))) }
        if !build.arguments.isEmpty {
            entries.append(.init("args", .mapping(build.arguments.keys.sorted().map { key in
                .init(key, .string(ResolvedValue.literal(Self.plainText(build.arguments[key]!)).composeText))
            })))
        }
        return .mapping(entries)
    }

    /// Build arguments are literals or references; per-mode arguments are not supported in builds.
    private static func plainText(_ value: Value) -> String {
        if case .literal(let text) = value { return text }
        return ""
    }

    private func mount(_ mount: ResolvedMount) -> String {
        let source: String
        switch mount.source {
        case .volume(let key): source = key
        case .bind(let path): source = paths.fromOutput(path)
        }
        return "\(source):\(mount.target)" + (mount.readOnly ? ":ro" : "")
    }

    private func healthcheck(_ check: HealthcheckSpec) -> YAMLNode {
        var entries: [YAMLNode.Entry] = [.init("test", .sequence(check.test.map { .string($0) }))]
        if let interval = check.interval { entries.append(.init("interval", .string(interval.composeValue))) }
        if let timeout = check.timeout { entries.append(.init("timeout", .string(timeout.composeValue))) }
        if let retries = check.retries { entries.append(.init("retries", .int(retries))) }
        if let startPeriod = check.startPeriod { entries.append(.init("start_period", .string(startPeriod.composeValue))) }
        return .mapping(entries)
    }

    private func logging(_ logging: LoggingSpec) -> YAMLNode {
        var entries: [YAMLNode.Entry] = [.init("driver", .string(logging.driver))]
        if !logging.options.isEmpty {
            entries.append(.init("options", .mapping(logging.options.keys.sorted().map { .init($0, .string(logging.options[$0]!)) })))
        }
        return .mapping(entries)
    }

    private func resources(_ service: ResolvedService) -> YAMLNode? {
        func spec(_ spec: ResourceSpec) -> YAMLNode {
            var entries: [YAMLNode.Entry] = []
            if let cpus = spec.cpus { entries.append(.init("cpus", .string(cpus.composeValue))) }
            if let memory = spec.memory { entries.append(.init("memory", .string(memory.composeValue))) }
            return .mapping(entries)
        }
        var entries: [YAMLNode.Entry] = []
        if let limits = service.limits { entries.append(.init("limits", spec(limits.value))) }
        if let reservations = service.reservations { entries.append(.init("reservations", spec(reservations.value))) }
        return entries.isEmpty ? nil : .mapping([.init("resources", .mapping(entries))])
    }
}
