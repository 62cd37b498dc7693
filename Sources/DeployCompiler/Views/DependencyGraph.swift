import DeployModel

/// The output formats of `homeiq-gen graph`.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// A Mermaid flowchart, for Markdown.
    case mermaid
    /// Graphviz DOT.
    case dot
}

/// `homeiq-gen graph`: each mode's services (with role, published ports and whether they have a
/// health check) and what they need: `depends_on` edges with their condition, and dashed edges for
/// the services a value names (a URL) without a `depends_on`.
public struct DependencyGraph: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var service: String
        public var role: Role
        public var hostPorts: [Int]
        public var hasHealthcheck: Bool
    }

    public struct Edge: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case dependsOn(DependencyCondition)
            /// A value of `from` names `to` (a service URL) and there is no `depends_on`.
            case reference
        }
        public var from: String
        public var to: String
        public var kind: Kind

        /// `healthy`, `started`, `completed`, or `uses` for a reference.
        public var label: String {
            switch kind {
            case .dependsOn(.healthy): "healthy"
            case .dependsOn(.started): "started"
            case .dependsOn(.completedSuccessfully): "completed"
            case .reference: "uses"
            }
        }
    }

    /// One mode's part of the graph.
    public struct Cluster: Sendable, Hashable {
        public var mode: Mode
        public var projectName: String
        /// By service name.
        public var nodes: [Node]
        /// By source, then target.
        public var edges: [Edge]
    }

    public var clusters: [Cluster]

    /// The graph of `deployments` (one cluster per mode, in the order given).
    public init(_ deployments: [ResolvedDeployment]) {
        clusters = deployments.map { deployment in
            let services = deployment.services.sorted { $0.name < $1.name }
            let nodes = services.map { service in
                Node(
                    service: service.name, role: service.role, hostPorts: service.ports.map(\.host).sorted(),
                    hasHealthcheck: service.healthcheck != nil)
            }
            var edges: [Edge] = []
            for service in services {
                var targets = Set<String>()
                for dependency in service.dependencies.sorted(by: { $0.service < $1.service }) where targets.insert(dependency.service).inserted {
                    edges.append(Edge(from: service.name, to: dependency.service, kind: .dependsOn(dependency.condition)))
                }
                let named = Set(service.environment.flatMap(\.value.serviceReferences)).subtracting(targets).subtracting([service.name])
                for target in named.sorted() where deployment.service(named: target) != nil {
                    edges.append(Edge(from: service.name, to: target, kind: .reference))
                }
            }
            return Cluster(mode: deployment.mode, projectName: deployment.projectName, nodes: nodes, edges: edges)
        }
    }

    public func text(_ format: GraphFormat) -> String {
        switch format {
        case .mermaid: mermaid
        case .dot: dot
        }
    }

    /// A node's caption: `influxdb` / `core, :8086, health check`.
    private func caption(_ node: Node) -> (name: String, detail: String) {
        var detail = [node.role.rawValue]
        if !node.hostPorts.isEmpty { detail.append(node.hostPorts.map { ":\($0)" }.joined(separator: " ")) }
        if node.hasHealthcheck { detail.append("health check") }
        return (node.service, detail.joined(separator: ", "))
    }

    /// Stable identifiers: `test_3` for the fourth service of test (Mermaid ids cannot hold every name character).
    private func identifier(_ cluster: Cluster, _ service: String) -> String {
        "\(cluster.mode)_\(cluster.nodes.firstIndex { $0.service == service } ?? -1)"
    }

    /// A Mermaid flowchart: one subgraph per mode, role classes, labelled edges.
    public var mermaid: String {
        var lines = ["flowchart LR"]
        for cluster in clusters {
            lines.append("    subgraph \(cluster.mode)[\"\(cluster.mode): compose project \(cluster.projectName)\"]")
            lines.append("        direction LR")
            for node in cluster.nodes {
                let (name, detail) = caption(node)
                lines.append("        \(identifier(cluster, node.service))[\"\(Self.mermaidText(name))<br/>\(Self.mermaidText(detail))\"]")
            }
            for edge in cluster.edges {
                let arrow = edge.kind == .reference ? "-.->" : "-->"
                lines.append("        \(identifier(cluster, edge.from)) \(arrow)|\(edge.label)| \(identifier(cluster, edge.to))")
            }
            lines.append("    end")
        }
        for role in Role.allCases {
            let members = clusters.flatMap { cluster in cluster.nodes.filter { $0.role == role }.map { identifier(cluster, $0.service) } }
            guard !members.isEmpty else { continue }
            lines.append("    classDef \(Self.className(role)) \(Self.style(role).mermaid)")
            lines.append("    class \(members.joined(separator: ",")) \(Self.className(role))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Graphviz DOT: one cluster per mode, nodes filled by role, edges labelled with their condition.
    public var dot: String {
        var lines = [
            "digraph homeiq {", "    rankdir=LR;", "    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];",
            "    edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        for cluster in clusters {
            lines.append("    subgraph \(Self.dotString("cluster_\(cluster.mode)")) {")
            lines.append("        label=\(Self.dotString("\(cluster.mode): compose project \(cluster.projectName)"));")
            for node in cluster.nodes {
                let (name, detail) = caption(node)
                lines.append(
                    "        \(Self.dotString("\(cluster.mode)/\(node.service)")) [label=\(Self.dotString(name + "\n" + detail)), "
                        + "fillcolor=\(Self.dotString(Self.style(node.role).fill))];")
            }
            lines.append("    }")
            for edge in cluster.edges {
                let style = edge.kind == .reference ? ", style=dashed" : ""
                lines.append(
                    "    \(Self.dotString("\(cluster.mode)/\(edge.from)")) -> \(Self.dotString("\(cluster.mode)/\(edge.to)")) "
                        + "[label=\(Self.dotString(edge.label))\(style)];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func className(_ role: Role) -> String { String(role.rawValue.map { $0 == "-" ? "_" : $0 }) }

    private static func style(_ role: Role) -> (fill: String, mermaid: String) {
        let fill =
            switch role {
            case .core: "#dbe9f6"
            case .ai: "#e6dcf5"
            case .externalAPI: "#fde2c8"
            case .dataGeneration: "#d8f0d2"
            case .testFixture: "#eeeeee"
            }
        return (fill, "fill:\(fill),stroke:#555555")
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as `\n`.
    static func dotString(_ text: String) -> String {
        "\"" + replacing(text, ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r\n": "\\n", "\r": ""]) + "\""
    }

    /// Text inside a Mermaid `"…"` label: quotes and markup characters as entity codes.
    static func mermaidText(_ text: String) -> String {
        replacing(text, ["\"": "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"])
    }

    /// `text` with each character in `replacements` replaced.
    private static func replacing(_ text: String, _ replacements: [Character: String]) -> String {
        var result = ""
        for character in text {
            if let replacement = replacements[character] { result += replacement } else { result.append(character) }
        }
        return result
    }
}
