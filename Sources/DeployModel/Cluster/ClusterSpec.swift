/// The machines of a Docker Swarm the stack may run on, and where its services go.
///
/// Without a `Cluster`, the stack is one node with the stack's hardware profile.
public struct ClusterSpec: Sendable, Hashable {
    public var nodes: [NodeSpec]
    /// Placements of several services at once (by name or by role), in declaration order.
    public var placements: [GroupPlacement]

    public init(nodes: [NodeSpec], placements: [GroupPlacement]) {
        self.nodes = nodes
        self.placements = placements
    }
}

/// One machine of the cluster: a name (the node label `com.homeiq.node`), a hardware profile and labels.
public struct NodeSpec: Sendable, Hashable {
    public var name: String
    public var hardware: HardwareProfile
    /// Node labels (`docker node update --label-add KEY=VALUE`), e.g. `["accelerator": "gpu"]`.
    public var labels: [String: String]
    public var location: SourceLocation

    public init(name: String, hardware: HardwareProfile, labels: [String: String], location: SourceLocation) {
        self.name = name
        self.hardware = hardware
        self.labels = labels
        self.location = location
    }
}

/// Which nodes a service may run on.
public enum NodeSelector: Sendable, Hashable, CustomStringConvertible {
    /// Exactly the node with this name.
    case node(String)
    /// Every node with this label value.
    case label(String, String)
    /// Any node, replicas spread over the nodes.
    case spread

    public var description: String {
        switch self {
        case .node(let name): "node '\(name)'"
        case .label(let key, let value): "nodes labelled \(key)=\(value)"
        case .spread: "any node (spread)"
        }
    }
}

/// Which services a group placement applies to.
public enum ServiceSelection: Sendable, Hashable, CustomStringConvertible {
    case services([String])
    case role(Role)

    public var description: String {
        switch self {
        case .services(let names): names.map { "'\($0)'" }.joined(separator: ", ")
        case .role(let role): "every \(role) service"
        }
    }
}

/// `Place(…, on: …)` inside a `Cluster`: several services placed at once.
public struct GroupPlacement: Sendable, Hashable {
    public var selection: ServiceSelection
    public var selectors: [NodeSelector]
    public var location: SourceLocation

    public init(selection: ServiceSelection, selectors: [NodeSelector], location: SourceLocation) {
        self.selection = selection
        self.selectors = selectors
        self.location = location
    }
}
