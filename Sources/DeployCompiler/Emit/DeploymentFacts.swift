import DeployModel
import DeployRender

/// The facts of one mode that the deploy scripts check the generated files against, written as
/// the compose file's `x-homeiq:` block (inside the digested body, so a hand edit is refused).
///
/// Everything here comes from the model: `scripts/` keep no copy of a service, role, flag,
/// secret, name or file. `scripts/lib/generated.sh` reads the block.
///
/// ```yaml
/// x-homeiq:
///   mode: production                 # also: hardware, influxdb, generator
///   project: homeiq
///   files: {compose, env, secrets, data}   # paths relative to the package root
///   labels: {mode, role}             # the label keys every service carries
///   networks: [homeiq-network]       # compose network names
///   roles: {ROLE: [MODE…]}           # the modes each role may run in
///   every-mode-roles: [ai]           # roles whose services run in every mode
///   services: {NAME: ROLE}           # required here: exactly these services
///   forbidden-services: {NAME: ROLE} # the stack's services that must not run here
///   feature-flags: {FLAG: [SERVICE…]}  # true here exactly when one of its services runs here
///   egress:                          # only where an EgressGuard closes the network
///     guard: SERVICE                 # keeps the DOCKER-USER rule; every other service waits for it
///     bridge: NAME                   # the closed network's bridge interface
///     network: NAME                  # the closed network (compose name)
///     exit-network: NAME             # the way out, for the services below (absent when none)
///     services: [SERVICE…]           # the services that may reach beyond the NUC
///   secrets:
///     required: {NAME: [USER…]}      # ${NAME:?…}: deploy refuses without them
///     optional: {NAME: [USER…]}      # ${NAME:-}: services start without them
///                                    # (a USER is a service, `network KEY` or `volume KEY`)
///     hints: {NAME: TEXT}            # how to obtain an optional one
///   interpolated: [NAME…]            # every variable compose takes from the deploy host
///   secret-names: {words, suffixes, fragments}  # which keys hold secrets (case-insensitive)
/// ```
struct DeploymentFacts {
    var deployment: ResolvedDeployment
    /// The other mode, for the services that must not run in this one.
    var other: ResolvedDeployment?
    var outputDirectory: String
    /// `deployment.variableUses`.
    var variableUses: [VariableUse]

    var node: ComposeNode {
        let mode = deployment.mode
        var entries: [ComposeNode.Entry] = [
            .init("mode", .string(mode.rawValue)),
            .init("hardware", .string(deployment.hardware.value.id)),
        ]
        if let influx = deployment.influxDB { entries.append(.init("influxdb", .string(influx.value.option.rawValue))) }
        entries.append(.init("generator", .string("homeiq-gen")))
        entries.append(.init("project", .string(deployment.projectName)))
        entries.append(
            .init(
                "files",
                .mapping([
                    .init("compose", .string("\(outputDirectory)/\(OutputNames.compose(mode))")),
                    .init("env", .string("\(outputDirectory)/\(OutputNames.env(mode))")),
                    .init("secrets", .string(OutputNames.secrets(mode))),
                    .init("data", .string(deployment.sqlite?.value.location(mode).hostDirectory ?? "data/\(mode.rawValue)")),
                ])))
        entries.append(
            .init(
                "labels",
                .mapping([
                    .init("mode", .string(ServiceResolution.modeLabel)),
                    .init("role", .string(ServiceResolution.roleLabel)),
                ])))
        add("networks", Self.sequence(deployment.networks.map(\.name)), to: &entries)
        entries.append(
            .init(
                "roles",
                .mapping(
                    Role.allCases.map { role in
                        .init(role.rawValue, Self.strings(role.defaultModes.modes.map(\.rawValue)))
                    })))
        add("every-mode-roles", Self.sequence(Role.allCases.filter(\.runsInEveryMode).map(\.rawValue)), to: &entries)
        add("services", Self.roles(deployment.services), to: &entries)
        let here = Set(deployment.services.map { $0.name })
        add("forbidden-services", Self.roles((other?.services ?? []).filter { !here.contains($0.name) }), to: &entries)
        add("feature-flags", featureFlags, to: &entries)
        add("egress", egress, to: &entries)
        let uses = variableUses
        add("secrets", secrets(uses), to: &entries)
        add("interpolated", Self.sequence(Array(Set(uses.map(\.name))).sorted()), to: &entries)
        entries.append(
            .init(
                "secret-names",
                .mapping([
                    .init("words", Self.strings(SecretNames.words)),
                    .init("suffixes", Self.strings(SecretNames.suffixes)),
                    .init("fragments", Self.strings(SecretNames.fragments)),
                ])))
        return .mapping(entries)
    }

    /// `FLAG: [SERVICE…]`: the services of both modes that back each flag.
    private var featureFlags: ComposeNode? {
        var backers: [String: Set<String>] = [:]
        for service in deployment.services + (other?.services ?? []) {
            for flag in service.featureFlags { backers[flag.value, default: []].insert(service.name) }
        }
        return Self.mapping(backers.keys.sorted().map { .init($0, Self.strings(backers[$0]!.sorted())) })
    }

    /// The closed network, its guard and the services that may leave it.
    private var egress: ComposeNode? {
        guard let closed = deployment.egressGuard else { return nil }
        func name(_ key: String) -> String? { deployment.networks.first { $0.key == key }?.name }
        var entries: [ComposeNode.Entry] = [
            .init("guard", .string(closed.service)),
            .init("bridge", .string(closed.bridge)),
        ]
        if let network = name(closed.network) { entries.append(.init("network", .string(network))) }
        if !closed.egressServices.isEmpty, let exit = name(closed.exitNetwork) { entries.append(.init("exit-network", .string(exit))) }
        add("services", Self.sequence(closed.egressServices), to: &entries)
        return .mapping(entries)
    }

    /// The secrets among `uses` (the mode's variable uses).
    private func secrets(_ uses: [VariableUse]) -> ComposeNode? {
        // Only the compose file's references stop compose or reach a service: not the env file's.
        var required: [String: DistinctNames] = [:]
        var optional: [String: DistinctNames] = [:]
        for use in uses {
            guard let user = use.user else { continue }
            if use.isRequired {
                required[use.name, default: DistinctNames()].insert(user)
            } else if use.fallback == "" {
                optional[use.name, default: DistinctNames()].insert(user)
            }
        }
        func node(_ users: [String: DistinctNames]) -> ComposeNode? {
            Self.mapping(users.keys.sorted().map { .init($0, Self.strings(users[$0]!.sorted)) })
        }
        var entries: [ComposeNode.Entry] = []
        if let node = node(required) { entries.append(.init("required", node)) }
        if let node = node(optional.filter { required[$0.key] == nil }) { entries.append(.init("optional", node)) }
        if let hints = Self.mapping(hints.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) }) {
            entries.append(.init("hints", hints))
        }
        return Self.mapping(entries)
    }

    /// How to obtain an optional variable, where the model knows: the test Home Assistant's token.
    private var hints: [String: String] {
        guard deployment.mode == .test, let setup = deployment.homeAssistant?.value,
            case .variable(let name, _) = setup.endpoint(.test).token
        else { return [:] }
        return [name: "run scripts/setup_ha_test.sh once the test Home Assistant is up"]
    }

    private func add(_ key: String, _ node: ComposeNode?, to entries: inout [ComposeNode.Entry]) {
        if let node { entries.append(.init(key, node)) }
    }

    /// `NAME: ROLE` for each service, sorted by name; nil when there is none.
    private static func roles(_ services: [ResolvedService]) -> ComposeNode? {
        var roles: [String: Role] = [:]
        for service in services { roles[service.name] = service.role }
        return mapping(roles.keys.sorted().map { .init($0, .string(roles[$0]!.rawValue)) })
    }

    private static func sequence(_ values: [String]) -> ComposeNode? {
        values.isEmpty ? nil : strings(values)
    }

    private static func strings(_ values: [String]) -> ComposeNode { .sequence(values.map { .string($0) }) }

    private static func mapping(_ entries: [ComposeNode.Entry]) -> ComposeNode? {
        entries.isEmpty ? nil : .mapping(entries)
    }
}
