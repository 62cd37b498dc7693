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

/// What Swarm's placement constraints (`node.labels.KEY == VALUE`) read back exactly: swarmkit's
/// constraint parser trims blanks around the key and the value, and accepts only these characters
/// (ASCII here: its case folding would also let the Kelvin sign and the long s through).
enum SwarmConstraint {
    static let labelKeyPattern = "^[A-Za-z0-9._-]+$"
    static let valueCharacters = "letters, digits and : - _ . * ( ) ? + [ ] \\ ^ $ | /"

    /// A label key `K` whose constraint key `node.labels.K` Swarm reads as written.
    static func isLabelKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// A node name or label value that Swarm reads as written (no blank: it trims them, and the
    /// deploy scripts read node labels as blank-separated words).
    static func isValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { isAlphanumeric($0) || valueSymbols.contains($0) }
    }

    private static let valueSymbols = Set(":-_.*()?+[]\\^$|/".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `'text'` with invisible characters escaped, at most 80 characters.
    static func quoted(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F ? String($0) : $0.escaped(asASCII: true) }.joined()
        return "'" + (escaped.count > 80 ? escaped.prefix(80) + "…" : escaped) + "'"
    }
}
