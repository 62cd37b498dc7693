import DeployModel

/// Resolve stage: `Stack` -> one `ResolvedDeployment` per mode.
///
/// Roles decide membership, per-mode values are chosen, names are made per mode, and the
/// env file is derived from what is present. Nothing is rejected here: the rules do that,
/// with the locations kept in the resolved data (settings a service uses but the stack lacks
/// are recorded in `missingSettings` for rule `stack.settings`).
public struct ModeResolver: Sendable {
    /// The default test port offset for services that run in both modes.
    public static let defaultTestPortOffset = 10_000

    /// Whether a stack without a `Cluster` is compiled for Docker Swarm too, as one node (`--target swarm`).
    public var swarmTarget: Bool

    public init(swarmTarget: Bool = false) {
        self.swarmTarget = swarmTarget
    }

    /// Resolves `stack` for `mode`.
    public func resolve(_ stack: Stack, mode: Mode) -> ResolvedDeployment {
        resolve(StackOutline(stack), stack: stack, mode: mode)
    }

    /// Resolves both modes, one per core.
    public func resolveAll(_ stack: Stack) -> PerMode<ResolvedDeployment> {
        let outline = StackOutline(stack)
        return Mode.concurrentMap { resolve(outline, stack: stack, mode: $0) }
    }

    /// The compose project name of `mode`.
    public static func projectName(stack: String, mode: Mode) -> String {
        mode == .production ? stack : "\(stack)-test"
    }

    func resolve(_ outline: StackOutline, stack: Stack, mode: Mode) -> ResolvedDeployment {
        let project = Self.projectName(stack: stack.name, mode: mode)
        let influx = outline.influxDB.last(in: mode)
        let sqlite = outline.sqlite.last(in: mode)
        let homeAssistant = outline.homeAssistant.last(in: mode)
        let hardware = outline.hardware.last(in: mode)
        let values = ValueResolver(
            mode: mode, projectName: project, influxDB: influx?.value, sqlite: sqlite?.value,
            homeAssistant: homeAssistant?.value)
        let envFile = EnvFileDerivation(
            mode: mode, projectName: project, values: values, outline: outline,
            influx: influx, sqlite: sqlite, homeAssistant: homeAssistant
        )
        .entries()
        let context = ServiceResolution(
            mode: mode, projectName: project, values: values, sqlite: sqlite?.value,
            testPortOffset: outline.testPortOffsets.last(in: mode)?.value ?? Self.defaultTestPortOffset,
            defaults: outline.defaults.all(in: mode).flatMap(\.value),
            everyService: envFile.filter(\.deliveredToEveryService).map {
                ResolvedEnvironmentVariable(key: $0.key, value: $0.value, location: $0.location, fromDefaults: true, derived: true)
            })

        let guardSpec = outline.egressGuards.last(in: mode)
        // The guard shares the host's network: the defaults' networks are not its own.
        var guardContext = context
        guardContext.defaults = context.defaults.filter { if case .network = $0.declaration { false } else { true } }
        var services: [ResolvedService] = []
        var definitions: [ServiceDefinition] = []  // of the services in this mode
        var declared: [ResolvedEnvironmentVariable] = []  // by the service resolved last
        for scoped in outline.services {
            let modes = scoped.modes
            guard modes.value.contains(mode) else { continue }
            let isGuard = guardSpec.map { scoped.definition.location == $0.location && scoped.definition.name == $0.value.service.name } ?? false
            services.append((isGuard ? guardContext : context).resolve(scoped.definition, modes: modes, declared: &declared))
            definitions.append(scoped.definition)
        }

        var networks = outline.networks.all(in: mode).map { scoped in
            ResolvedNetwork(
                key: scoped.value.key,
                nameValue: scoped.value.name.map { values.resolve($0).0 }
                    ?? .literal(mode == .production ? scoped.value.key : "\(scoped.value.key)-test"),
                driver: scoped.value.driver, driverOptions: scoped.value.driverOptions, ipam: scoped.value.ipam,
                location: scoped.location)
        }
        let egressGuard = guardSpec.flatMap { spec in
            Self.closeNetwork(spec.value, at: spec.location, mode: mode, services: &services, networks: &networks)
        }
        let volumes = outline.volumes.all(in: mode).map { scoped in
            ResolvedVolume(
                key: scoped.value.key,
                nameValue: scoped.value.name.map { values.resolve($0).0 } ?? .literal("\(project)_\(scoped.value.key)"),
                driver: scoped.value.driver, driverOptions: scoped.value.driverOptions, location: scoped.location)
        }

        let inNoMode = outline.services.compactMap { scoped -> Located<String>? in
            let modes = scoped.modes
            return modes.value.isEmpty ? Located(scoped.definition.name, at: modes.location) : nil
        }

        var deployment = ResolvedDeployment(
            mode: mode, projectName: project,
            hardware: Located(hardware?.value ?? .nuc8gb, at: hardware?.location ?? stack.location),
            influxDB: influx.map { Located($0.value, at: $0.location) },
            sqlite: sqlite.map { Located($0.value, at: $0.location) },
            homeAssistant: homeAssistant.map { Located($0.value, at: $0.location) },
            testPortOffset: context.testPortOffset,
            services: services, networks: networks, volumes: volumes, envFile: envFile,
            waivers: outline.waivers.all(in: mode).map(\.value), stackLocation: stack.location)
        deployment.servicesInNoMode = inNoMode
        deployment.egressGuard = egressGuard
        deployment.largeBuilderBlocks = outline.largeBuilderBlocks
        deployment.duplicateDeclarations =
            outline.defaults.all(in: mode).flatMap { DuplicateDeclaration.find(in: $0.value, mode: mode, service: nil) }
            + definitions.flatMap { DuplicateDeclaration.find(in: $0.elements, mode: mode, service: $0.name) }
        deployment.enclosingBlocks = DeclarationBlocks(
            defaults: outline.defaults.all(in: mode).map { ($0.value, $0.location) }, services: definitions)
        if let declared = outline.clusters.last(in: mode) {
            deployment.cluster = ResolvedCluster(nodes: declared.value.nodes, isDeclared: true, location: declared.location)
            deployment.cluster?.placements = declared.value.placements
            Self.applyGroupPlacements(declared.value.placements, to: &deployment.services)
        } else if swarmTarget {
            deployment.cluster = .implicit(hardware: deployment.hardware)
        }
        return deployment
    }

    /// Closes the guard's network in a mode where the guard runs: names its bridge, adds the exit
    /// network to the services that declare `Egress`, and makes every other service wait for the
    /// guard to be healthy. Nil when the guard does not run in this mode. What does not fit (an
    /// undeclared network, a bridge name the engine refuses) is left for rule `mode.test-egress`.
    static func closeNetwork(
        _ spec: EgressGuardSpec, at location: SourceLocation, mode: Mode,
        services: inout [ResolvedService], networks: inout [ResolvedNetwork]
    ) -> ResolvedEgressGuard? {
        guard services.contains(where: { $0.name == spec.service.name && $0.location == location }) else { return nil }
        if let index = networks.firstIndex(where: { $0.key == spec.network }),
            networks[index].driverOptions[EgressGuardSpec.bridgeNameOption] == nil
        {
            networks[index].driverOptions[EgressGuardSpec.bridgeNameOption] = spec.bridge
        }
        var egressServices: [String] = []
        for index in services.indices {
            if services[index].name == spec.service.name && services[index].location == location { continue }
            if let egress = services[index].egress {
                egressServices.append(services[index].name)
                services[index].networks.append(Located(spec.exitNetwork, at: egress.location))
            }
            services[index].dependencies.append(ResolvedDependency(service: spec.service.name, condition: .healthy, location: location))
        }
        if !egressServices.isEmpty && !networks.contains(where: { $0.key == spec.exitNetwork }) {
            networks.append(
                ResolvedNetwork(
                    key: spec.exitNetwork, nameValue: .literal(mode == .production ? spec.exitNetwork : "\(spec.exitNetwork)-test"),
                    driver: "bridge", driverOptions: [:], ipam: nil, location: location))
        }
        return ResolvedEgressGuard(
            service: spec.service.name, network: spec.network, bridge: spec.bridge, exitNetwork: spec.exitNetwork,
            egressServices: egressServices.sorted(), location: location)
    }

    /// Gives each service without a `Placement` of its own the last `Place` that names it, else the last of its role.
    static func applyGroupPlacements(_ placements: [GroupPlacement], to services: inout [ResolvedService]) {
        for index in services.indices where services[index].swarm.placement == nil {
            let service = services[index]
            let byName = placements.last { if case .services(let names) = $0.selection { names.contains(service.name) } else { false } }
            let byRole = placements.last { $0.selection == .role(service.role) }
            if let chosen = byName ?? byRole {
                services[index].swarm.placement = Located(chosen.selectors, at: chosen.location)
            }
        }
    }
}
