import DeployModel
import DeployRender

/// Emit stage: a `ResolvedDeployment` -> the compose document (canonical key order, sorted services).
public struct ComposeEmitter: Sendable {
    public var paths: PathMapping

    public init(paths: PathMapping) {
        self.paths = paths
    }

    /// The compose document of `deployment`, without header, as YAML; `other` is the other mode
    /// of the stack (its services are the ones the facts forbid in this mode).
    public func document(_ deployment: ResolvedDeployment, other: ResolvedDeployment? = nil) -> YAMLNode {
        composeDocument(deployment, other: other).yaml
    }

    /// The compose document of `deployment`: every string escaped for Compose (see `ComposeNode`).
    public func composeDocument(_ deployment: ResolvedDeployment, other: ResolvedDeployment? = nil) -> ComposeNode {
        composeDocument(deployment, other: other, variableUses: deployment.variableUses)
    }

    /// `composeDocument(_:other:)` with `deployment.variableUses` already found (the compiler finds them
    /// once for this file and ENVIRONMENT.md).
    func composeDocument(_ deployment: ResolvedDeployment, other: ResolvedDeployment?, variableUses: [VariableUse]) -> ComposeNode {
        let facts = DeploymentFacts(deployment: deployment, other: other, outputDirectory: paths.outputDirectory, variableUses: variableUses)
        var root: [ComposeNode.Entry] = [.init("name", .string(deployment.projectName)), .init("x-homeiq", facts.node)]
        let services = deployment.services.sorted { $0.name < $1.name }
        var repeats = Repeats()
        root.append(.init("services", .mapping(services.map { .init($0.name, service($0, repeats: &repeats)) })))
        let networks = deployment.networks.sorted { $0.key < $1.key }
        if !networks.isEmpty {
            root.append(.init("networks", .mapping(networks.map { .init($0.key, network($0)) })))
        }
        let volumes = deployment.volumes.sorted { $0.key < $1.key }
        if !volumes.isEmpty {
            root.append(.init("volumes", .mapping(volumes.map { .init($0.key, volume($0)) })))
        }
        return .mapping(root)
    }

    /// What the previous service's nodes were made of. Services repeat their logging, resources, health check
    /// and most of their environment, so the next service that says the same takes the same node (a node is
    /// a value: taking it copies no text) instead of making and later freeing its own.
    struct Repeats {
        fileprivate var logging: (spec: LoggingSpec, node: ComposeNode)?
        fileprivate var resources: (spec: Resources, node: ComposeNode?)?
        fileprivate var healthcheck: (spec: HealthcheckSpec, node: ComposeNode)?
        fileprivate var environment: (variables: ResolvedEnvironment, entries: [ComposeNode.Entry]) = (ResolvedEnvironment(), [])
    }

    /// The compose node of `service`; `repeats` holds what the service emitted before it was made of, and then this one's.
    func service(_ service: ResolvedService, repeats: inout Repeats) -> ComposeNode {
        var entries: [ComposeNode.Entry] = []
        entries.reserveCapacity(Self.typicalServiceKeys)
        func add(_ key: String, _ node: ComposeNode?) { if let node { entries.append(.init(key, node)) } }
        func strings(_ values: [String]) -> ComposeNode { .strings(values) }

        // Added in the order `putInComposeConfigOrder` sorts them into, so that its (stable) sort finds one run.
        add("profiles", service.profiles.isEmpty ? nil : strings(service.profiles.map(\.value)))
        add("build", service.build.map { build($0.value) })
        add("command", service.command.map { strings($0.value) })
        add("container_name", .value(service.containerName.value))
        add("cpu_shares", Self.cpuShares(service).map { .integer($0) })
        if !service.dependencies.isEmpty {
            // The first dependency on each service, sorted by service.
            let dependencies = service.dependencies
            let unique = EqualKeyRuns.of(dependencies).map { dependencies[$0.first] }
            add("depends_on", .mapping(unique.map { .init($0.service, .mapping([.init("condition", .string($0.condition.rawValue))])) }))
        }
        add(
            "deploy",
            Self.node(of: Resources(limits: service.limits?.value, reservations: service.reservations?.value), after: &repeats.resources, resources))
        add("entrypoint", service.entrypoint.map { strings($0.value) })
        add("env_file", service.envFiles.isEmpty ? nil : strings(service.envFiles.map { paths.fromOutput($0.value) }))
        let environment = service.environment
        add("environment", environment.isEmpty ? nil : .mapping(Self.environmentEntries(environment, repeats: &repeats)))
        add(
            "extra_hosts",
            service.extraHosts.isEmpty
                ? nil
                : strings(service.extraHosts.map { "\($0.value.host):\($0.value.address)" }.sorted()))
        add("healthcheck", service.healthcheck.map { Self.node(of: $0.value, after: &repeats.healthcheck, healthcheck) })
        add("image", service.image.map { .string($0.value) })
        // Each key once, sorted, with its last value (a later label overrides an earlier one; the key keeps its first spelling).
        let labels = service.labels.map { $0.value }
        add(
            "labels",
            .mapping(EqualKeyRuns.of(labels).map { .init(labels[$0.first].key, .string(labels[$0.last].value)) }))
        add("logging", service.logging.map { Self.node(of: $0.value, after: &repeats.logging, logging) })
        add("networks", service.networks.isEmpty ? nil : strings(service.networks.map(\.value).sorted()))
        add("ports", service.ports.isEmpty ? nil : strings(service.ports.map(\.composeValue)))
        add("restart", service.restart.map { .string($0.rawValue) })
        add("stop_grace_period", service.stopGracePeriod.map { .string($0.value.composeValue) })
        add("user", service.user.map { .string($0.value) })
        add("volumes", service.mounts.isEmpty ? nil : strings(service.mounts.map(mount)))
        entries += ContainerOptionsEmitter.entries(service.options)
        Self.putInComposeConfigOrder(&entries)
        return .mapping(entries)
    }

    /// Room for a service's keys, so that its entries are not copied as they grow (the HomeIQ services write about 20).
    private static let typicalServiceKeys = 32

    /// Sorts a service's keys into the order `docker compose config` writes them: `profiles` first, then by key
    /// (in place: the entries are not copied).
    static func putInComposeConfigOrder(_ entries: inout [ComposeNode.Entry]) {
        entries.sort { ($0.key == "profiles" ? 0 : 1, $0.key) < ($1.key == "profiles" ? 0 : 1, $1.key) }
    }

    /// A network in the order `docker compose config` writes it.
    private func network(_ network: ResolvedNetwork) -> ComposeNode {
        var entries: [ComposeNode.Entry] = [.init("name", .value(network.nameValue)), .init("driver", .string(network.driver))]
        if !network.driverOptions.isEmpty { entries.append(.init("driver_opts", ContainerOptionsEmitter.sortedMapping(network.driverOptions))) }
        if let ipam = network.ipam {
            var ipamEntries: [ComposeNode.Entry] = []
            if let driver = ipam.driver { ipamEntries.append(.init("driver", .string(driver))) }
            if !ipam.pools.isEmpty {
                ipamEntries.append(
                    .init(
                        "config",
                        .sequence(
                            ipam.pools.map { pool in
                                var poolEntries: [ComposeNode.Entry] = [.init("subnet", .string(pool.subnet))]
                                if let gateway = pool.gateway { poolEntries.append(.init("gateway", .string(gateway))) }
                                if let range = pool.ipRange { poolEntries.append(.init("ip_range", .string(range))) }
                                return .mapping(poolEntries)
                            })))
            }
            entries.append(.init("ipam", .mapping(ipamEntries)))
        }
        return .mapping(entries)
    }

    /// A named volume in the order `docker compose config` writes it.
    private func volume(_ volume: ResolvedVolume) -> ComposeNode {
        var entries: [ComposeNode.Entry] = [.init("name", .value(volume.nameValue))]
        if let driver = volume.driver { entries.append(.init("driver", .string(driver))) }
        if !volume.driverOptions.isEmpty { entries.append(.init("driver_opts", ContainerOptionsEmitter.sortedMapping(volume.driverOptions))) }
        return .mapping(entries)
    }

    private func build(_ build: ResolvedBuild) -> ComposeNode {
        var entries: [ComposeNode.Entry] = [.init("context", .string(paths.fromOutput(build.context)))]
        if let dockerfile = build.dockerfile { entries.append(.init("dockerfile", .string(dockerfile))) }
        if let target = build.target { entries.append(.init("target", .string(target))) }
        if !build.arguments.isEmpty {
            entries.append(.init("args", .mapping(build.arguments.map { .init($0.key, .value($0.value)) })))
        }
        return .mapping(entries)
    }

    private func mount(_ mount: ResolvedMount) -> String {
        let source: String
        switch mount.source {
        case .volume(let key): source = key
        case .bind(let path): source = paths.fromOutput(path)
        }
        return "\(source):\(mount.target)" + (mount.readOnly ? ":ro" : "")
    }

    private func healthcheck(_ check: HealthcheckSpec) -> ComposeNode {
        if check.disabled { return .mapping([.init("disable", .boolean(true))]) }
        var entries: [ComposeNode.Entry] = [.init("test", .strings(check.test))]
        entries.reserveCapacity(5)
        if let interval = check.interval { entries.append(.init("interval", .string(interval.composeValue))) }
        if let timeout = check.timeout { entries.append(.init("timeout", .string(timeout.composeValue))) }
        if let retries = check.retries { entries.append(.init("retries", .integer(retries))) }
        if let startPeriod = check.startPeriod { entries.append(.init("start_period", .string(startPeriod.composeValue))) }
        return .mapping(entries)
    }

    private func logging(_ logging: LoggingSpec) -> ComposeNode {
        var entries: [ComposeNode.Entry] = [.init("driver", .string(logging.driver))]
        if !logging.options.isEmpty {
            entries.append(.init("options", .mapping(logging.options.keys.sorted().map { .init($0, .string(logging.options[$0]!)) })))
        }
        return .mapping(entries)
    }

    /// `cpu_shares` in proportion to the CPU limit (`cpus × 1024`, Docker's default weight for one CPU), so that
    /// the cores are divided by limit when every service is busy (rule `resources.cpu-overcommit`); nil without a limit.
    static func cpuShares(_ service: ResolvedService) -> Int? {
        guard let cpus = service.limits?.value.cpus, cpus.millicores > 0 else { return nil }
        return max(2, (cpus.millicores * 1024 + 500) / 1000)
    }

    /// The `environment` entries of `environment`: a variable that is the same declaration as the previous service's
    /// at that place (resolution shares it) takes that service's entry.
    private static func environmentEntries(_ environment: ResolvedEnvironment, repeats: inout Repeats) -> [ComposeNode.Entry] {
        let before = repeats.environment
        var entries: [ComposeNode.Entry] = []
        entries.reserveCapacity(environment.count)
        for (offset, variable) in environment.enumerated() {
            if offset < before.variables.count, before.variables[offset].isSameDeclaration(as: variable) {
                entries.append(before.entries[offset])
            } else {
                entries.append(.init(variable.key, .value(variable.value)))
            }
        }
        repeats.environment = (environment, entries)
        return entries
    }

    /// The node `make` makes of `spec`, or the previous service's (`last`) when its spec was equal; kept in `last` for the next.
    private static func node<Spec: Equatable, Node>(of spec: Spec, after last: inout (spec: Spec, node: Node)?, _ make: (Spec) -> Node) -> Node {
        if let last, last.spec == spec { return last.node }
        let node = make(spec)
        last = (spec, node)
        return node
    }

    /// A service's limits and reservations: what its `deploy: resources:` says.
    fileprivate struct Resources: Equatable {
        var limits: ResourceSpec?
        var reservations: ResourceSpec?
    }

    private func resources(_ resources: Resources) -> ComposeNode? {
        let limits = resources.limits
        let reservations = resources.reservations
        func spec(_ spec: ResourceSpec) -> ComposeNode {
            var entries: [ComposeNode.Entry] = []
            entries.reserveCapacity(2)
            if let cpus = spec.cpus { entries.append(.init("cpus", .string(cpus.composeValue))) }
            if let memory = spec.memory { entries.append(.init("memory", .string(memory.composeValue))) }
            return .mapping(entries)
        }
        var entries: [ComposeNode.Entry] = []
        if let limits { entries.append(.init("limits", spec(limits))) }
        if let reservations { entries.append(.init("reservations", spec(reservations))) }
        return entries.isEmpty ? nil : .mapping([.init("resources", .mapping(entries))])
    }
}
