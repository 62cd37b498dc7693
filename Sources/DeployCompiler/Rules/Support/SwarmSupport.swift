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
