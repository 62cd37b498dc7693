import DeployModel
import DeployRender

/// Emit stage for Docker Swarm: a `ResolvedDeployment` with a cluster -> the stack file of `docker stack deploy`.
///
/// It starts from the compose document (one path for every string that both files hold) and changes what
/// Swarm does differently: no `name:` (the stack name is `docker stack deploy`'s argument), no
/// `container_name` (Swarm refuses it), no `restart` or `depends_on` (ignored: Swarm restarts by
/// `deploy.restart_policy`, and start order is carried by health checks, each service retrying until
/// what it needs is healthy), no `profiles`; overlay networks; secrets as external, versioned Swarm
/// secrets mounted under `/run/secrets/`; and `deploy` with replicas, placement, rolling updates that
/// roll back on failure, and a restart policy.
public struct SwarmStackEmitter: Sendable {
    public var compose: ComposeEmitter

    public init(compose: ComposeEmitter) {
        self.compose = compose
    }

    /// The Compose file format version that `docker stack deploy` of Docker CLI 20.10 needs.
    public static let formatVersion = "3.9"

    /// Service keys of the compose file that a stack file leaves out.
    static let droppedServiceKeys: Set<String> = ["container_name", "restart", "depends_on", "profiles", "cpu_shares"]

    /// The stack document of `deployment` (which must have a cluster), without header, as YAML.
    public func document(_ deployment: ResolvedDeployment, other: ResolvedDeployment? = nil) -> YAMLNode {
        stackDocument(deployment, other: other).yaml
    }

    /// The stack document of `deployment`: every string escaped for Compose (see `ComposeNode`).
    public func stackDocument(_ deployment: ResolvedDeployment, other: ResolvedDeployment? = nil) -> ComposeNode {
        let deployment = Self.withoutEgressGuard(deployment)
        let cluster = deployment.cluster ?? .implicit(hardware: deployment.hardware)
        guard case .mapping(let root) = compose.composeDocument(deployment, other: other) else { return .mapping([]) }
        let services = deployment.servicesByName
        // Docker CLI 20.10 (Debian's docker.io, the NUC's engine) reads a stack file without `version`
        // as Compose file format 1.0 and refuses it ("unsupported Compose file version: 1.0"); 3.9 is
        // the last version of its schema, and holds every key a stack file uses.
        var entries: [ComposeNode.Entry] = [.init("version", .string(Self.formatVersion))]
        for entry in root {
            switch entry.key {
            case "name": continue
            case "x-homeiq": entries.append(.init(entry.key, facts(entry.value, deployment, cluster)))
            case "services":
                guard case .mapping(let list) = entry.value else {
                    entries.append(entry)
                    continue
                }
                entries.append(
                    .init(
                        "services",
                        .mapping(
                            list.map { item in
                                guard let service = services[item.key] else { return item }
                                return .init(item.key, self.service(item.value, service, cluster))
                            })))
            case "networks":
                entries.append(
                    .init(
                        "networks",
                        Self.mapValues(entry.value) { network in
                            Self.replacing(network, "driver", with: .string("overlay"))
                        }))
            default: entries.append(entry)
            }
        }
        let secrets = SwarmNames.secrets(deployment)
        if !secrets.isEmpty {
            entries.append(
                .init(
                    "secrets",
                    .mapping(
                        secrets.map { secret in
                            .init(
                                secret.value,
                                .mapping([
                                    .init("external", .boolean(true)),
                                    .init("name", .value(SwarmNames.secretName(stack: deployment.projectName, secret: secret.value))),
                                ]))
                        })))
        }
        return .mapping(entries)
    }

    /// `deployment` without its `EgressGuard`: Swarm runs no service on a node's own network with
    /// `NET_ADMIN`, and an overlay network has no bridge of that name (rule `mode.test-egress` warns).
    /// The exit network stays, a plain overlay network.
    static func withoutEgressGuard(_ deployment: ResolvedDeployment) -> ResolvedDeployment {
        guard let closed = deployment.egressGuard else { return deployment }
        var deployment = deployment
        deployment.services.removeAll { $0.name == closed.service && $0.location == closed.location }
        for index in deployment.services.indices {
            deployment.services[index].dependencies.removeAll { $0.service == closed.service && $0.location == closed.location }
        }
        for index in deployment.networks.indices where deployment.networks[index].key == closed.network {
            deployment.networks[index].driverOptions[EgressGuardSpec.bridgeNameOption] = nil
        }
        deployment.egressGuard = nil
        return deployment
    }

    /// The compose facts (the mode's), plus `swarm:`: what the deploy and validate scripts need about
    /// the stack file and its cluster.
    private func facts(_ node: ComposeNode, _ deployment: ResolvedDeployment, _ cluster: ResolvedCluster) -> ComposeNode {
        guard case .mapping(var entries) = node else { return node }
        var swarm: [ComposeNode.Entry] = [
            .init("file", .string("\(compose.paths.outputDirectory)/\(OutputNames.stack(deployment.mode))")),
            .init("stack", .string(deployment.projectName)),
            .init("cluster", .string(cluster.isDeclared ? "declared" : "implicit")),
            .init("node-label", .string(ResolvedCluster.nodeLabel)),
            .init("side-by-side", .boolean(cluster.nodes.allSatisfy(\.hardware.allowsSideBySide))),
        ]
        swarm.append(
            .init(
                "nodes",
                .mapping(
                    cluster.nodes.map { node in
                        .init(
                            node.name,
                            .mapping([
                                .init("hardware", .string(node.hardware.id)),
                                .init("labels", .mapping(node.labels.keys.sorted().map { .init($0, .string(node.labels[$0]!)) })),
                            ]))
                    })))
        swarm.append(
            .init(
                "placement",
                .mapping(
                    deployment.services.sorted { $0.name < $1.name }.map { service in
                        .init(service.name, .strings(cluster.candidates(of: service).map(\.name)))
                    })))
        swarm.append(
            .init(
                "replicas",
                .mapping(
                    deployment.services.sorted { $0.name < $1.name }.map { service in
                        .init(service.name, .integer(service.swarm.replicaCount))
                    })))
        // Services that run once (`restart: "no"`): their task completes, so their running replicas end at 0.
        swarm.append(.init("one-shot", .strings(deployment.services.filter { $0.restart == .no }.map(\.name).sorted())))
        let secrets = SwarmNames.secrets(deployment).map(\.value)
        swarm.append(
            .init(
                "secrets",
                .mapping(
                    secrets.map { secret in
                        .init(
                            secret,
                            .mapping([
                                .init("prefix", .string(SwarmNames.secretPrefix(stack: deployment.projectName, secret: secret))),
                                .init("version-variable", .string(SwarmNames.versionVariable(secret))),
                            ]))
                    })))
        entries.append(.init("swarm", .mapping(swarm)))
        return .mapping(entries)
    }

    private func service(_ node: ComposeNode, _ service: ResolvedService, _ cluster: ResolvedCluster) -> ComposeNode {
        guard case .mapping(let composeEntries) = node else { return node }
        let delivery = SwarmSecretDelivery(service)
        var entries: [ComposeNode.Entry] = []
        var resources: ComposeNode?
        for entry in composeEntries where !Self.droppedServiceKeys.contains(entry.key) {
            switch entry.key {
            case "entrypoint",
                "command" where delivery.wrapperScript != nil:
                continue
            case "environment": if let environment = environment(service, delivery) { entries.append(.init("environment", environment)) }
            case "deploy":
                if case .mapping(let deploy) = entry.value { resources = deploy.first { $0.key == "resources" }?.value }
            case "ports":
                // The routing mesh publishes on every address: no loopback address the Port did not name.
                entries.append(.init("ports", .strings(service.ports.map(\.swarmValue))))
            case "volumes":
                entries.append(entry)
                if !entries.contains(where: { $0.key == "secrets" }) { appendSecrets(delivery, to: &entries) }
            case "networks":
                if !entries.contains(where: { $0.key == "secrets" }) { appendSecrets(delivery, to: &entries) }
                entries.append(entry)
            default:
                entries.append(entry)
            }
        }
        if !entries.contains(where: { $0.key == "secrets" }) { appendSecrets(delivery, to: &entries) }
        if let script = delivery.wrapperScript {
            // A wrapper exports the secrets the service reads from the environment only, then execs it.
            let wrapper = ComposeNode.strings(["/bin/sh", "-c", script, "homeiq-secrets"])
            let exec = ComposeNode.strings((service.entrypoint?.value ?? []) + (service.command?.value ?? []))
            let at = entries.firstIndex { !["image", "build"].contains($0.key) } ?? entries.count
            entries.insert(contentsOf: [.init("entrypoint", wrapper), .init("command", exec)], at: at)
        }
        let labelsAt = entries.firstIndex { $0.key == "labels" } ?? entries.count
        entries.insert(.init("deploy", deploy(service, cluster, resources: resources)), at: labelsAt)
        ComposeEmitter.putInComposeConfigOrder(&entries)
        return .mapping(entries)
    }

    private func appendSecrets(_ delivery: SwarmSecretDelivery, to entries: inout [ComposeNode.Entry]) {
        guard !delivery.secretNames.isEmpty else { return }
        entries.append(
            .init(
                "secrets",
                .sequence(
                    delivery.secretNames.map { name in
                        .mapping([.init("source", .string(name)), .init("target", .string(name))])
                    })))
    }

    /// The environment with each secret replaced: `KEY_FILE=/run/secrets/NAME`, or nothing (exported by the wrapper).
    private func environment(_ service: ResolvedService, _ delivery: SwarmSecretDelivery) -> ComposeNode? {
        var kinds: [String: SwarmSecretDelivery.Variable.Kind] = [:]
        for variable in delivery.variables { kinds[variable.key] = variable.kind }
        var values: [(String, ComposeNode)] = []
        for variable in service.environment {
            switch kinds[variable.key] {
            case .file(let secret)?: values.append((variable.key + "_FILE", .string("\(SwarmSecretDelivery.directory)/\(secret)")))
            case .wrapped?, .undeliverable?: continue
            case nil: values.append((variable.key, .value(variable.value)))
            }
        }
        guard !values.isEmpty else { return nil }
        return .mapping(values.sorted { $0.0 < $1.0 }.map { .init($0.0, $0.1) })
    }

    private func deploy(_ service: ResolvedService, _ cluster: ResolvedCluster, resources: ComposeNode?) -> ComposeNode {
        var entries: [ComposeNode.Entry] = [
            .init("mode", .string("replicated")),
            .init("replicas", .integer(service.swarm.replicaCount)),
        ]
        let selectors = service.swarm.placement?.value ?? []
        var constraints: [String] = []
        var spread = false
        for selector in selectors {
            switch selector {
            case .node(let name): constraints.append(Self.constraint(ResolvedCluster.nodeLabel, name))
            case .label(let key, let value): constraints.append(Self.constraint(key, value))
            case .spread: spread = true
            }
        }
        // A stateful service on a declared cluster is pinned to its one node even when a label chose it.
        let candidates = cluster.candidates(of: service)
        if cluster.isDeclared, service.isStateful, candidates.count == 1 {
            let pin = Self.constraint(ResolvedCluster.nodeLabel, candidates[0].name)
            if !constraints.contains(pin) { constraints.append(pin) }
        }
        var placement: [ComposeNode.Entry] = []
        if !constraints.isEmpty { placement.append(.init("constraints", .strings(constraints))) }
        if spread {
            placement.append(.init("preferences", .sequence([.mapping([.init("spread", .string("node.labels.\(ResolvedCluster.nodeLabel)"))])])))
        }
        if !placement.isEmpty { entries.append(.init("placement", .mapping(placement))) }
        if let resources { entries.append(.init("resources", resources)) }
        entries.append(
            .init(
                "restart_policy",
                .mapping([
                    .init("condition", .string(Self.restartCondition(service.restart))),
                    .init("delay", .string("5s")),
                    .init("window", .string("120s")),
                ])))
        // Two tasks of a stateful service must never run at once (one volume, one SQLite file): stop first.
        let order = service.isStateful ? "stop-first" : "start-first"
        entries.append(
            .init(
                "update_config",
                .mapping([
                    .init("parallelism", .integer(1)),
                    .init("delay", .string("10s")),
                    .init("failure_action", .string("rollback")),
                    .init("monitor", .string(Self.monitor(service).composeValue)),
                    .init("order", .string(order)),
                ])))
        entries.append(
            .init(
                "rollback_config",
                .mapping([
                    .init("parallelism", .integer(1)),
                    .init("failure_action", .string("pause")),
                    .init("monitor", .string(Self.monitor(service).composeValue)),
                    .init("order", .string(order)),
                ])))
        return .mapping(entries)
    }

    /// `node.labels.KEY == VALUE`.
    static func constraint(_ key: String, _ value: String) -> String { "node.labels.\(key) == \(value)" }

    /// How long Swarm watches an updated task for failure: its health check's start period plus retries × interval.
    static func monitor(_ service: ResolvedService) -> Seconds {
        guard service.hasEffectiveHealthcheck, let check = service.healthcheck?.value else { return 10 }
        let interval = check.interval?.value ?? 30
        return Seconds((check.startPeriod?.value ?? 0) + interval * max(check.retries ?? 3, 1) + 5)
    }

    /// Swarm's restart condition for a compose restart policy.
    static func restartCondition(_ policy: RestartPolicy?) -> String {
        switch policy {
        case .no?: "none"
        case .onFailure?: "on-failure"
        case .always?, .unlessStopped?, nil: "any"
        }
    }

    private static func mapValues(_ node: ComposeNode, _ transform: (ComposeNode) -> ComposeNode) -> ComposeNode {
        guard case .mapping(let entries) = node else { return node }
        return .mapping(entries.map { .init($0.key, transform($0.value)) })
    }

    private static func replacing(_ node: ComposeNode, _ key: String, with value: ComposeNode) -> ComposeNode {
        guard case .mapping(let entries) = node else { return node }
        return .mapping(entries.map { $0.key == key ? .init(key, value) : $0 })
    }
}
