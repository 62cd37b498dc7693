import DeployModel

/// The Docker Swarm of a deployment: its nodes, declared (`Cluster { … }`) or implicit (one node).
public struct ResolvedCluster: Sendable, Hashable {
    public var nodes: [NodeSpec]
    /// The cluster's `Place` declarations (already applied to the services).
    public var placements: [GroupPlacement] = []
    /// Whether the stack declared it; an implicit cluster (`homeiq-gen --target swarm`) is one node with the stack's hardware.
    public var isDeclared: Bool
    public var location: SourceLocation

    /// The node label that names a node; placement on a node is a constraint on it.
    public static let nodeLabel = "com.homeiq.node"
    /// The name of the one node of an implicit cluster.
    public static let implicitNodeName = "nuc"

    public init(nodes: [NodeSpec], isDeclared: Bool, location: SourceLocation) {
        self.nodes = nodes
        self.isDeclared = isDeclared
        self.location = location
    }

    /// The one-node cluster of a stack without a `Cluster` declaration.
    public static func implicit(hardware: Located<HardwareProfile>) -> ResolvedCluster {
        ResolvedCluster(
            nodes: [NodeSpec(name: implicitNodeName, hardware: hardware.value, labels: [:], location: hardware.location)],
            isDeclared: false, location: hardware.location)
    }

    /// The nodes on which every selector holds, in declaration order.
    public func candidates(_ selectors: [NodeSelector]) -> [NodeSpec] {
        var seen: Set<String> = []
        return nodes.filter { node in seen.insert(node.name).inserted && selectors.allSatisfy { Self.matches($0, node) } }
    }

    static func matches(_ selector: NodeSelector, _ node: NodeSpec) -> Bool {
        switch selector {
        case .node(let name): node.name == name
        case .label(let key, let value): node.labels[key] == value
        case .spread: true
        }
    }
}

/// What a cluster needs to know about one service in one mode.
public struct ResolvedSwarmSettings: Sendable, Hashable {
    /// Where it may run and where that was decided (its `Placement`, a `Place` of the cluster); nil: any node.
    public var placement: Located<[NodeSelector]>?
    public var replicas: Located<Int>?
    /// Environment variables it reads secrets from in the environment only (`SecretFromEnvironment`).
    public var secretsFromEnvironment: [Located<String>] = []

    public init(placement: Located<[NodeSelector]>? = nil, replicas: Located<Int>? = nil, secretsFromEnvironment: [Located<String>] = []) {
        self.placement = placement
        self.replicas = replicas
        self.secretsFromEnvironment = secretsFromEnvironment
    }

    /// The number of tasks (1 unless `Replicas` says otherwise).
    public var replicaCount: Int { replicas?.value ?? 1 }
}

extension ResolvedService {
    /// Whether it keeps state on a node: a named volume or a bind mount (Swarm volumes are node-local).
    public var isStateful: Bool { !self.mounts.isEmpty }
}
