import DeployModel

/// `resources.limits`: every service has a memory limit and a CPU limit.
public struct ResourceLimitsRule: Rule {
    public static let id = "resources.limits"
    public var id: String { Self.id }
    public var summary: String { "every service has a memory limit and a CPU limit" }
    public var documentation: String {
        """
        On an 8 GB NUC one runaway container can starve InfluxDB and Home Assistant ingestion. \
        Every service therefore declares `Limits(memory:cpus:)`, in the service or in `Defaults`. \
        Fix: add `Limits(memory: .mib(256), cpus: 0.5)` (sized from observed use). \
        Complexity: O(s) for s services in both modes.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var reported: Set<String> = []
        for deployment in context.deployments {
            for service in deployment.services {
                var missing: [String] = []
                if service.limits?.value.memory == nil { missing.append("memory") }
                if service.limits?.value.cpus == nil { missing.append("CPU") }
                guard !missing.isEmpty, reported.insert("\(service.name)|\(missing)").inserted else { continue }
                diagnostics.error(
                    Self.id, "service '\(service.name)' has no \(missing.joined(separator: " or ")) limit (\(deployment.mode))",
                    at: service.limits?.location ?? service.location,
                    help: "add Limits(memory: .mib(256), cpus: 0.5) sized to the service", service: service.name)
            }
        }
    }
}
