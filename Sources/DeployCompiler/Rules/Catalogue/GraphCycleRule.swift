import DeployModel

/// `graph.cycle`: the `depends_on` graph of each mode has no cycle.
public struct GraphCycleRule: Rule {
    public static let id = "graph.cycle"
    public var summary: String { "the depends_on graph of each mode has no cycle" }
    public var documentation: String {
        """
        Compose cannot order services that wait for each other and refuses the whole project \
        ("dependency cycle detected"). The rule walks each mode's dependency graph once, depth \
        first in declaration order, and reports the first cycle it closes in each knot of mutually \
        dependent services with its full path (`a -> b -> c -> a`), blamed at the `DependsOn` of \
        the cycle's first edge; cycles that share a service with one already reported are not \
        repeated, so the report stays linear in size. A service that depends on itself is a cycle of one. Dependencies on services missing from the mode are \
        left to `graph.depends-on`. \
        Fix: remove one edge of the cycle; usually one side only needs the other at run time, not to \
        start. Complexity: O(s + d) for s services and d dependencies (one iterative DFS per mode; reported paths are disjoint).
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for cycle in Self.cycles(in: deployment) {
                diagnostics.add(
                    Self.id, deployment.mode, "dependency cycle: \(cycle.path.joined(separator: " -> "))", at: cycle.location,
                    help: "remove one DependsOn of the cycle", service: cycle.path.first)
            }
        }
    }

    /// One cycle: the service names along it (first repeated at the end) and the location of its first edge.
    struct Cycle {
        var path: [String]
        var location: SourceLocation
    }

    /// The cycles a depth-first walk of `deployment`'s dependency graph closes (one per back edge).
    static func cycles(in deployment: ResolvedDeployment) -> [Cycle] {
        var index: [String: Int] = [:]
        index.reserveCapacity(deployment.services.count)
        for (position, service) in deployment.services.enumerated() where index[service.name] == nil {
            index[service.name] = position
        }
        let services = deployment.services
        let edges: [[(target: Int, location: SourceLocation)]] = services.enumerated().map { position, service in
            // Duplicate service names: only the first declaration forms the graph (names.duplicate reports the rest).
            guard index[service.name] == position else { return [] }
            return service.dependencies.compactMap { dependency in index[dependency.service].map { ($0, dependency.location) } }
        }

        enum State { case unvisited, onPath, done }
        var state = [State](repeating: .unvisited, count: services.count)
        var pathPosition = [Int](repeating: -1, count: services.count)
        var reported = [Bool](repeating: false, count: services.count)
        var found: [Cycle] = []

        struct Step {
            var node: Int
            var nextEdge = 0
            /// Where the edge taken from this node to the next one on the path was declared.
            var edgeLocation: SourceLocation?
            /// How many nodes of path[0...this] already belong to a reported cycle.
            var reportedUpToHere: Int
        }

        for root in services.indices where state[root] == .unvisited && !edges[root].isEmpty {
            var path = [Step(node: root, reportedUpToHere: 0)]
            state[root] = .onPath
            pathPosition[root] = 0
            while let top = path.last {
                let node = top.node
                guard top.nextEdge < edges[node].count else {
                    state[node] = .done
                    pathPosition[node] = -1
                    path.removeLast()
                    continue
                }
                let edge = edges[node][top.nextEdge]
                path[path.count - 1].nextEdge += 1
                switch state[edge.target] {
                case .unvisited:
                    path[path.count - 1].edgeLocation = edge.location
                    state[edge.target] = .onPath
                    pathPosition[edge.target] = path.count
                    path.append(Step(node: edge.target, reportedUpToHere: top.reportedUpToHere + (reported[edge.target] ? 1 : 0)))
                case .onPath:
                    // A back edge closes the cycle path[start...] -> start. Report it unless it shares a service
                    // with a cycle already reported (the prefix counts answer that in O(1)).
                    let start = pathPosition[edge.target]
                    let before = start == 0 ? 0 : path[start - 1].reportedUpToHere
                    guard top.reportedUpToHere == before else { continue }
                    let names = path[start...].map { services[$0.node].name } + [services[edge.target].name]
                    let firstEdge = start == path.count - 1 ? edge.location : (path[start].edgeLocation ?? edge.location)
                    found.append(Cycle(path: names, location: firstEdge))
                    for position in start..<path.count {
                        reported[path[position].node] = true
                        path[position].reportedUpToHere = before + (position - start + 1)
                    }
                case .done:
                    break
                }
            }
        }
        return found
    }
}
