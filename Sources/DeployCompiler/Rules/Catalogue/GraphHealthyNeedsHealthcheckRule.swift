import DeployModel

/// `graph.healthy-needs-healthcheck`: a `service_healthy` dependency waits for a service that has a health check.
public struct GraphHealthyNeedsHealthcheckRule: Rule {
    public static let id = "graph.healthy-needs-healthcheck"
    public var summary: String { "a service_healthy dependency's target has a health check" }
    public var documentation: String {
        """
        `DependsOn("x", .healthy)` makes compose wait until `x` reports healthy. A service without \
        a health check (or with one disabled) never does, so `docker compose up --wait` fails with \
        "container x has no healthcheck configured" and the dependent service never starts. \
        Fix: give the target a `Healthcheck(…)` (e.g. `Healthcheck.http(port:)`), or wait for \
        `.started` instead. Complexity: O(s + d) for s services and d dependencies, with a \
        dictionary of each mode's services by name.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let byName = deployment.servicesByName
            for service in deployment.services {
                for dependency in service.dependencies where dependency.condition == .healthy {
                    guard let target = byName[dependency.service], !target.hasEffectiveHealthcheck else { continue }
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' waits for '\(target.name)' to be healthy, but '\(target.name)' has no health check",
                        at: dependency.location,
                        help: "add a Healthcheck(…) to '\(target.name)', or use DependsOn(\"\(target.name)\", .started)",
                        service: service.name)
                }
            }
        }
    }
}
