import DeployModel

/// Resolves one service for one mode: defaults first, then its own declarations, the last word winning.
struct ServiceResolution: Sendable {
    var mode: Mode
    var projectName: String
    var values: ValueResolver
    var sqlite: SQLiteSetup?
    var testPortOffset: Int
    /// The stack's defaults; every service inherits them (`inherited`: opened for this mode once, not per service).
    var defaults: [ServiceElement] {
        didSet { inherited = flatten(defaults) }
    }
    private var inherited: [ServiceElement] = []
    /// The env-file entries every service receives (the feature flags), as variables marked derived:
    /// they come first, and a variable the service declares itself wins.
    var everyService: [ResolvedEnvironmentVariable] = []

    init(
        mode: Mode, projectName: String, values: ValueResolver, sqlite: SQLiteSetup?, testPortOffset: Int, defaults: [ServiceElement],
        everyService: [ResolvedEnvironmentVariable]
    ) {
        self.mode = mode
        self.projectName = projectName
        self.values = values
        self.sqlite = sqlite
        self.testPortOffset = testPortOffset
        self.defaults = defaults
        self.everyService = everyService
        inherited = flatten(defaults)
    }

    /// The role and mode labels every generated service carries.
    static let roleLabel = "com.homeiq.role"
    static let modeLabel = "com.homeiq.mode"

    /// The service `definition` resolved for this mode.
    ///
    /// `declared` holds the variables the previously resolved service declared (its own and its defaults', in
    /// order), and afterwards this service's. A variable identical to the one at the same place there (a
    /// default, or a declaration that services share through a helper) shares its storage: one object for
    /// all the services that declare it, which every later walk reads from the cache.
    func resolve(_ definition: ServiceDefinition, modes: Located<Modes>, declared: inout [ResolvedEnvironmentVariable]) -> ResolvedService {
        var service = ResolvedService(
            .init(
                name: definition.name, role: definition.role, location: definition.location, modes: modes,
                image: nil, build: nil, ports: [], environment: ResolvedEnvironment(), envFiles: [], mounts: [], networks: [],
                dependencies: [], healthcheck: nil, restart: nil, logging: nil, limits: nil, reservations: nil,
                profiles: [], labels: [], extraHosts: [], command: nil, entrypoint: nil, user: nil,
                containerName: Located(.literal("\(projectName)-\(definition.name)"), at: definition.location),
                stopGracePeriod: nil, featureFlags: [], waivers: [], missingSettings: []))
        var timings = HealthcheckTimingsSpec()
        var check: Located<HealthcheckSpec>?
        var declaring = DeclaredEnvironment(previous: declared)

        let own = flatten(definition.elements)
        for (elements, fromDefaults) in [(inherited, true), (own, false)] {
            for element in elements {
                apply(
                    element, fromDefaults: fromDefaults, runsInBoth: modes.value == .both, to: &service,
                    environment: &declaring, timings: &timings, check: &check)
            }
        }
        let environment = declaring.variables
        declared = environment
        // A flag the service sets itself wins; most set none, which a signature of each key shows without comparing texts.
        let flags = TextSignatures(everyService.map(\.key))
        let setsAFlag = environment.contains { variable in
            flags.mayContain(variable.key) && everyService.contains { $0.key == variable.key }
        }
        let delivered = setsAFlag ? everyService.filter { variable in !environment.contains { $0.key == variable.key } } : everyService
        service.environment = ResolvedEnvironment(delivered.isEmpty ? environment : delivered + environment)
        if var check {
            check.value.interval = check.value.interval ?? timings.interval
            check.value.timeout = check.value.timeout ?? timings.timeout
            check.value.retries = check.value.retries ?? timings.retries
            check.value.startPeriod = check.value.startPeriod ?? timings.startPeriod
            service.healthcheck = check
        }
        service.labels.append(Located(LabelEntry(key: Self.roleLabel, value: definition.role.rawValue), at: definition.location))
        service.labels.append(Located(LabelEntry(key: Self.modeLabel, value: mode.rawValue), at: definition.location))
        return service
    }

    /// The elements for this mode, with `InTest`/`InProduction` blocks opened.
    private func flatten(_ elements: [ServiceElement]) -> [ServiceElement] {
        var result: [ServiceElement] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            if case .scoped(let scope, let inner) = element.declaration {
                if scope == mode { result += flatten(inner) }
            } else {
                result.append(element)
            }
        }
        return result
    }

    private func apply(
        _ element: ServiceElement, fromDefaults: Bool, runsInBoth: Bool, to service: inout ResolvedService,
        environment: inout DeclaredEnvironment,
        timings: inout HealthcheckTimingsSpec, check: inout Located<HealthcheckSpec>?
    ) {
        let location = element.location
        for problem in UnfaithfulText.problems(element.declaration) { service.unfaithfulText.append(Located(problem, at: location)) }
        switch element.declaration {
        case .image(let reference): service.image = Located(reference, at: location)
        case .build(let spec):
            let arguments = spec.arguments.keys.sorted().map { key in
                ResolvedBuildArgument(key: key, value: resolveValue(spec.arguments[key]!, at: location, service: &service), location: location)
            }
            service.build = Located(
                ResolvedBuild(context: spec.context, dockerfile: spec.dockerfile, target: spec.target, arguments: arguments),
                at: location)
        case .port(let spec):
            let explicit = mode == .test ? spec.testHost : spec.productionHost
            let host = explicit ?? (spec.productionHost ?? spec.container).saturatingAdd(runsInBoth ? testPortOffset : 0)
            service.ports.append(
                ResolvedPort(
                    host: host, container: spec.container, networkProtocol: spec.networkProtocol,
                    hostIP: spec.hostIP ?? PortSpec.loopback, location: location,
                    hostIPDeclared: spec.hostIP != nil))
        case .environment(let key, let value):
            let resolved = resolveValue(value, at: location, service: &service)
            environment.append(key: key, value: resolved, location: location, fromDefaults: fromDefaults)
        case .envFile(let path): service.envFiles.append(Located(path, at: location))
        case .mount(let spec):
            let mount = resolveMount(spec, at: location, service: &service)
            service.mounts.append(mount)
        case .network(let key):
            if !service.networks.contains(where: { $0.value == key }) { service.networks.append(Located(key, at: location)) }
        case .dependsOn(let target, let condition):
            service.dependencies.append(ResolvedDependency(service: target, condition: condition, location: location))
        case .healthcheck(let spec): check = Located(spec, at: location)
        case .healthcheckTimings(let spec):
            timings.interval = spec.interval ?? timings.interval
            timings.timeout = spec.timeout ?? timings.timeout
            timings.retries = spec.retries ?? timings.retries
            timings.startPeriod = spec.startPeriod ?? timings.startPeriod
        case .restart(let policy): service.restart = policy
        case .logging(let spec): service.logging = Located(spec, at: location)
        case .limits(let spec): service.limits = merge(service.limits, spec, at: location)
        case .reservations(let spec): service.reservations = merge(service.reservations, spec, at: location)
        case .profile(let name): service.profiles.append(Located(name, at: location))
        case .label(let key, let value): service.labels.append(Located(LabelEntry(key: key, value: value), at: location))
        case .extraHost(let host, let address): service.extraHosts.append(Located(ExtraHostEntry(host: host, address: address), at: location))
        case .command(let arguments): service.command = Located(arguments, at: location)
        case .entrypoint(let arguments): service.entrypoint = Located(arguments, at: location)
        case .user(let user): service.user = Located(user, at: location)
        case .containerName(let value):
            service.containerName = Located(resolveValue(value, at: location, service: &service), at: location)
        case .stopGracePeriod(let period): service.stopGracePeriod = Located(period, at: location)
        case .option(let option): service.options.apply(option, at: location)
        case .featureFlag(let name): service.featureFlags.append(Located(name, at: location))
        case .egress(let reason): service.egress = Located(reason, at: location)
        case .waiver(let waiver): service.waivers.append(waiver)
        case .placement(let selectors): service.swarm.placement = Located(selectors, at: location)
        case .replicas(let count): service.swarm.replicas = Located(count, at: location)
        case .secretFromEnvironment(let key): service.swarm.secretsFromEnvironment.append(Located(key, at: location))
        case .runsIn, .scoped: break
        }
    }

    private func merge(_ current: Located<ResourceSpec>?, _ spec: ResourceSpec, at location: SourceLocation) -> Located<ResourceSpec> {
        Located(ResourceSpec(memory: spec.memory ?? current?.value.memory, cpus: spec.cpus ?? current?.value.cpus), at: location)
    }

    private func resolveValue(_ value: Value, at location: SourceLocation, service: inout ResolvedService) -> ResolvedValue {
        let (resolved, missing) = values.resolve(value)
        if let missing { service.missingSettings.append(Located(missing, at: location)) }
        return resolved
    }

    private func resolveMount(_ spec: MountSpec, at location: SourceLocation, service: inout ResolvedService) -> ResolvedMount {
        switch spec.source {
        case .volume(let key):
            return ResolvedMount(source: .volume(key: key), target: spec.target ?? "", readOnly: spec.readOnly, location: location)
        case .bind(let test, let production):
            return ResolvedMount(
                source: .bind(path: mode == .test ? test : production), target: spec.target ?? "",
                readOnly: spec.readOnly, location: location)
        case .databaseDirectory:
            guard let sqlite else {
                service.missingSettings.append(Located("SQLite", at: location))
                return ResolvedMount(source: .bind(path: "data"), target: spec.target ?? "/app/data", readOnly: spec.readOnly, location: location)
            }
            let database = sqlite.location(mode)
            return ResolvedMount(
                source: .bind(path: database.hostDirectory), target: spec.target ?? database.containerDirectory,
                readOnly: spec.readOnly, location: location)
        }
    }
}

extension Int {
    /// `self + other`, or `Int.max`/`Int.min` where the sum would overflow (rule `ports.range` reports it).
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

/// The variables a service declares, in order; one identical to the previous service's variable at the same
/// place (key, value, location and origin) is that variable, not a copy.
private struct DeclaredEnvironment {
    let previous: [ResolvedEnvironmentVariable]
    private(set) var variables: [ResolvedEnvironmentVariable] = []

    init(previous: [ResolvedEnvironmentVariable]) {
        self.previous = previous
        variables.reserveCapacity(previous.count)
    }

    mutating func append(key: String, value: ResolvedValue, location: SourceLocation, fromDefaults: Bool) {
        if variables.count < previous.count {
            let before = previous[variables.count]
            if before.key == key && before.location == location && before.fromDefaults == fromDefaults && before.value == value {
                variables.append(before)
                return
            }
        }
        variables.append(ResolvedEnvironmentVariable(key: key, value: value, location: location, fromDefaults: fromDefaults))
    }
}
