import DeployModel

/// `graph.depends-on`: every `depends_on` target is a service of the same mode.
public struct GraphDependsOnRule: Rule {
    public static let id = "graph.depends-on"
    public var summary: String { "every depends_on target is a service of the same mode" }
    public var documentation: String {
        """
        Compose refuses to start a project in which a service depends on one it does not define. \
        The hand-written HomeIQ file had exactly this: a test-mode `depends_on` on a production-only \
        service, so the test deployment could not start at all. Because services join a mode by \
        their role, a dependency valid in one mode can be dangling in the other; the message says \
        when the target runs only in the other mode. \
        Fix: correct the name, or scope the dependency with `InTest { DependsOn(…) }` / \
        `InProduction { DependsOn(…) }`. Complexity: O(s + d) for s services and d dependencies, \
        with a hash set of the service names of each mode.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            for service in deployment.services {
                for dependency in service.dependencies {
                    guard let absence = context.absence(of: dependency.service, in: mode) else { continue }
                    let elsewhere = context.serviceNames[mode.other].contains(dependency.service)
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' depends on '\(dependency.service)', \(absence)",
                        at: dependency.location,
                        help: elsewhere
                            ? "scope the dependency with In\(mode.other == .test ? "Test" : "Production") { DependsOn(\"\(dependency.service)\") }, or run '\(dependency.service)' in \(mode) too"
                            : "name a service of the stack (check the spelling)",
                        service: service.name)
                }
            }
        }
    }
}
