import DeployModel

/// `swarm.placement`: the cluster is well formed and every service's placement is satisfiable by a declared node.
public struct SwarmPlacementRule: Rule {
    public static let id = "swarm.placement"
    public var summary: String { "on a cluster, every service's placement is satisfiable by at least one declared node" }
    public var documentation: String {
        """
        Swarm does not refuse a placement no node satisfies: it accepts the stack and leaves the task \
        pending for ever, so the deployment waits until its timeout with nothing to show. On a stack \
        with a `Cluster { Node(…) }` (or compiled with `--target swarm`), every service's selectors \
        (`.node("nuc-a")`, `.label("accelerator", "gpu")`, `.spread`; all must hold) must match at \
        least one declared node, a `Place` must name services that exist, node names must be unique, \
        and node names and label values must be what Swarm's constraint grammar reads back exactly \
        (`node.labels.KEY == VALUE`: Swarm trims blanks and refuses other characters at deploy time): \
        non-empty, of letters, digits and `: - _ . * ( ) ? + [ ] \\ ^ $ | /`, label keys of letters, \
        digits, `.`, `_` and `-`; and `Replicas(n)` must be at least 1. A service's own `Placement` wins over \
        a `Place` naming it, which wins over a `Place` of its role. The message names the declared \
        nodes and their labels. Fix: correct the node name or label, declare the node, or drop the \
        selector. Complexity: O(s·n) for s services and n nodes.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for (deployment, cluster) in context.clusterDeployments {
            let mode = deployment.mode
            if cluster.nodes.isEmpty {
                diagnostics.add(
                    Self.id, mode, "the cluster declares no node", at: cluster.location, help: "declare its machines: Node(\"nuc-a\", .nuc8gb)")
            }
            var seen: [String: NodeSpec] = [:]
            for node in cluster.nodes {
                for (key, value) in node.labels.sorted(by: { $0.key < $1.key }) {
                    if !SwarmConstraint.isLabelKey(key) {
                        diagnostics.add(
                            Self.id, mode, "node '\(node.name)': label key \(SwarmConstraint.quoted(key)) is not \(SwarmConstraint.labelKeyPattern)",
                            at: node.location, help: "Swarm's placement constraints (node.labels.KEY == VALUE) read no other key: rename it")
                    }
                    if !SwarmConstraint.isValue(value) {
                        diagnostics.add(
                            Self.id, mode,
                            "node '\(node.name)': label \(key)=\(SwarmConstraint.quoted(value)) is empty or has a character other than \(SwarmConstraint.valueCharacters)",
                            at: node.location, help: "Swarm's placement constraints read no other value exactly: change the value")
                    }
                }
                if !SwarmConstraint.isValue(node.name) {
                    diagnostics.add(
                        Self.id, mode,
                        "node name \(SwarmConstraint.quoted(node.name)) is empty or has a character other than \(SwarmConstraint.valueCharacters)",
                        at: node.location,
                        help:
                            "use the machine's short name, e.g. nuc-a: Swarm places on it by the constraint node.labels.\(ResolvedCluster.nodeLabel) == NAME"
                    )
                } else if let first = seen[node.name] {
                    diagnostics.add(
                        Self.id, mode, "node '\(node.name)' is declared twice (first at \(first.location.shortDescription))", at: node.location,
                        help: "give each machine its own name")
                } else {
                    seen[node.name] = node
                }
            }
            for service in deployment.services {
                if let replicas = service.swarm.replicas, replicas.value < 1 {
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' asks for \(replicas.value) replicas; at least 1 runs", at: replicas.location,
                        help: "use Replicas(1) or more, or drop the service from the mode", service: service.name)
                }
                guard let placement = service.swarm.placement, !cluster.nodes.isEmpty else { continue }
                if !cluster.candidates(placement.value).isEmpty { continue }
                diagnostics.add(
                    Self.id, mode,
                    "service '\(service.name)' is placed on \(Self.describe(placement.value)), which no declared node satisfies (nodes: \(Self.describe(cluster.nodes)))",
                    at: placement.location, help: help(for: placement.value, in: cluster), service: service.name)
            }
        }
        reportUnknownPlaceTargets(context, into: &diagnostics)
    }

    /// A `Place` naming a service that runs in no mode places nothing.
    private func reportUnknownPlaceTargets(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        guard let cluster = context.clusterDeployments.first?.cluster else { return }
        let known = context.serviceNames.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for placement in cluster.placements {
            guard case .services(let names) = placement.selection else { continue }
            for name in names where !known.contains(name) {
                diagnostics.error(
                    Self.id, "Place names service '\(name)', which runs in no mode", at: placement.location,
                    help: "check the service's name in Deployments/")
            }
        }
    }

    private func help(for selectors: [NodeSelector], in cluster: ResolvedCluster) -> String {
        for selector in selectors {
            if case .node(let name) = selector, !cluster.nodes.contains(where: { $0.name == name }) {
                return "declare Node(\"\(name)\", …) in the Cluster, or place it on one of \(cluster.nodes.nameList)"
            }
            if case .label(let key, let value) = selector, !cluster.nodes.contains(where: { $0.labels[key] == value }) {
                return "add labels: [\"\(key)\": \"\(value)\"] to the node that should run it"
            }
        }
        return "no single node satisfies all the selectors together: drop one"
    }

    static func describe(_ selectors: [NodeSelector]) -> String {
        selectors.map(\.description).joined(separator: " and ")
    }

    /// `nuc-a (nuc-8gb), nuc-b (nuc-16gb; accelerator=gpu)`.
    static func describe(_ nodes: [NodeSpec]) -> String {
        nodes.map { node in
            let labels = node.labels.keys.sorted().map { "\($0)=\(node.labels[$0]!)" }.joined(separator: ", ")
            return "\(node.name) (\(node.hardware.id)\(labels.isEmpty ? "" : "; " + labels))"
        }.joined(separator: ", ")
    }
}
