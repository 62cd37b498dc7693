import DeployModel

/// `swarm.stateful`: on a cluster, a service with a volume or bind mount runs on exactly one node, and
/// every user of a SQLite database folder on the same node.
public struct SwarmStatefulRule: Rule {
    public static let id = "swarm.stateful"
    public var summary: String { "on a cluster, a stateful service is pinned to exactly one node, with every SQLite user on the database's node" }
    public var documentation: String {
        """
        Swarm volumes and bind mounts are node-local: a service with a named volume that Swarm \
        reschedules to another node starts there with an empty volume (InfluxDB with no data, \
        looking healthy), and a bind mount points at a folder that may not exist there. So every \
        service with a mount must be placed so that exactly one declared node can run it \
        (`Placement(.node("nuc-a"))`, or a label only one node has), must not ask for more than one \
        replica (two tasks would write one volume, or two different ones), and every service that \
        bind-mounts the mode's SQLite database folder must be pinned to the same node as the others: \
        SQLite's locking works within one machine, and each node would have its own file. On a \
        one-node cluster every placement satisfies this. Fix: pin the service, or move it next to the \
        database. Complexity: O(s·n) for s services and n nodes.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for (deployment, cluster) in context.clusterDeployments where !cluster.nodes.isEmpty {
            let mode = deployment.mode
            var database: (node: String, service: String, location: SourceLocation)?
            for service in deployment.services where service.isStateful {
                let candidates = cluster.candidates(of: service)
                let location = ResolvedCluster.placementLocation(of: service)
                if candidates.count > 1 {
                    diagnostics.add(
                        Self.id, mode,
                        "service '\(service.name)' keeps state (\(Self.mountText(service))) but may land on \(candidates.count) nodes (\(candidates.nameList)); Swarm volumes and bind mounts are node-local",
                        at: location, help: "pin it: Placement(.node(\"\(candidates[0].name)\"))", service: service.name)
                }
                if let replicas = service.swarm.replicas, replicas.value > 1 {
                    diagnostics.add(
                        Self.id, mode,
                        "service '\(service.name)' keeps state (\(Self.mountText(service))) and asks for \(replicas.value) replicas; only a stateless service may have more than one",
                        at: replicas.location, help: "drop Replicas, or move the state out of the service", service: service.name)
                }
                guard candidates.count == 1, deployment.usesSQLiteFolder(service) else { continue }
                let node = candidates[0].name
                if let first = database {
                    if first.node != node {
                        diagnostics.add(
                            Self.id, mode,
                            "service '\(service.name)' opens the SQLite database on node '\(node)', but '\(first.service)' (\(first.location.shortDescription)) opens it on '\(first.node)'; each node would have its own file",
                            at: location, help: "place every SQLite user on node '\(first.node)'", service: service.name)
                    }
                } else {
                    database = (node, service.name, location)
                }
            }
        }
    }

    /// `volume influxdb_data, bind data/production`.
    static func mountText(_ service: ResolvedService) -> String {
        service.mounts.prefix(2).map { mount in
            switch mount.source {
            case .volume(let key): "volume \(key)"
            case .bind: "a bind mount"
            }
        }.joined(separator: ", ") + (service.mounts.count > 2 ? ", …" : "")
    }
}
