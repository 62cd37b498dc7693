import DeployModel

extension RuleContext {
    /// The modes compiled for a cluster, with their cluster (empty for the compose target alone).
    var clusterDeployments: [(deployment: ResolvedDeployment, cluster: ResolvedCluster)] {
        deployments.compactMap { deployment in deployment.cluster.map { (deployment, $0) } }
    }
}

extension ResolvedCluster {
    /// The nodes `service` may land on.
    func candidates(of service: ResolvedService) -> [NodeSpec] {
        candidates(service.swarm.placement?.value ?? [])
    }

    /// Where the placement of `service` was decided: its `Placement`, a `Place`, or its declaration.
    static func placementLocation(of service: ResolvedService) -> SourceLocation {
        service.swarm.placement?.location ?? service.location
    }
}

extension ResolvedDeployment {
    /// Whether `service` opens this mode's SQLite database folder (a bind mount of it).
    func usesSQLiteFolder(_ service: ResolvedService) -> Bool {
        guard let folder = sqlite?.value.location(mode).hostDirectory else { return false }
        let key = IsolationPaths.key(IsolationPaths.components(folder))
        return service.mounts.contains { mount in
            if case .bind(let path) = mount.source { return IsolationPaths.key(IsolationPaths.components(path)) == key }
            return false
        }
    }
}

extension Array where Element == NodeSpec {
    /// `'nuc-a', 'nuc-b'`.
    var nameList: String { map { "'\($0.name)'" }.joined(separator: ", ") }
}

extension ResolvedDeployment {
    /// The declared cluster of several nodes this mode is spread over, if any. There the single-machine
    /// budget rules only warn (the compose file then fits no one node) and `swarm.node-budget` is the proof.
    var multiNodeCluster: ResolvedCluster? { cluster.flatMap { $0.isDeclared && $0.nodes.count > 1 ? $0 : nil } }
}

extension ResolvedCluster {
    /// `; on the Cluster of 2 nodes …`: why a single-machine budget finding is only a warning.
    var singleMachineNote: String {
        "; only a single-machine compose deploy needs that: with the Cluster's \(nodes.count) nodes, swarm.node-budget proves each node"
    }
}
