import DeployModel

/// `health.check`: every long-running service has a health check.
public struct HealthCheckRule: Rule {
    public static let id = "health.check"
    public var summary: String { "every long-running service has a health check" }
    public var documentation: String {
        """
        The plan asks for health checks on every long-running service: `docker compose up --wait` \
        (what `scripts/deploy.sh` runs) and `scripts/validate-deployment.sh` only know a service \
        works when it reports healthy, and `DependsOn(…, .healthy)` needs one to wait for. A \
        service is long-running unless it says `Restart(.no)` (a one-shot job such as the test data \
        seeder); a missing restart policy counts as long-running, since compose's default would \
        otherwise exempt services by accident. A disabled check or `["NONE"]` counts as none. \
        Fix: add `Healthcheck.http(port:)` or `Healthcheck([...])`; for a job, `Restart(.no)`; where \
        an image really cannot be probed, `Waive("health.check", because: …)`. \
        Complexity: O(s) for s services in both modes.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services where service.restart != RestartPolicy.no && !service.hasEffectiveHealthcheck {
                let policy = service.restart.map { "restart: \($0.rawValue)" } ?? "no restart policy set"
                diagnostics.add(
                    Self.id, deployment.mode, "service '\(service.name)' is long-running (\(policy)) but has no health check",
                    at: service.healthcheck?.location ?? service.location,
                    help: "add Healthcheck.http(port:) or Healthcheck([…]); a one-shot job says Restart(.no)", service: service.name)
            }
        }
    }
}
