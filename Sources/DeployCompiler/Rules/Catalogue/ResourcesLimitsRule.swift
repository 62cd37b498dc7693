import DeployModel

/// `resources.limits`: every service has a memory limit and a CPU limit.
public struct ResourcesLimitsRule: Rule {
    public static let id = "resources.limits"
    public var summary: String { "every service has a memory limit and a CPU limit" }
    public var documentation: String {
        """
        On an 8 GB NUC one runaway container can starve InfluxDB and Home Assistant ingestion. The \
        hand-written HomeIQ compose file had a service without any limit and no CPU limit anywhere. \
        Every service therefore declares `Limits(memory:cpus:)`, in the service or in `Defaults`; an \
        `InTest { Limits(…) }` may size a mode differently. Without both limits the budget rule \
        (`resources.budget`) cannot account for the service either. \
        Fix: add `Limits(memory: .mib(256), cpus: 0.5)` sized from observed use. \
        Complexity: O(s) for s services in both modes.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                var missing: [String] = []
                if service.limits?.value.memory == nil { missing.append("memory") }
                if service.limits?.value.cpus == nil { missing.append("CPU") }
                guard !missing.isEmpty else { continue }
                diagnostics.add(
                    Self.id,
                    deployment.mode, "service '\(service.name)' has no \(missing.joined(separator: " or ")) limit",
                    at: service.limits?.location ?? service.location,
                    help: "add Limits(memory: .mib(256), cpus: 0.5) sized to the service, or set one in Defaults", service: service.name)
            }
        }
    }
}
