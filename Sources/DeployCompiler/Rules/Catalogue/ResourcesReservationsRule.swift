import DeployModel

/// `resources.reservations`: no reservation exceeds the service's limit.
public struct ResourcesReservationsRule: Rule {
    public static let id = "resources.reservations"
    public var summary: String { "no memory or CPU reservation exceeds the service's limit" }
    public var documentation: String {
        """
        A reservation is what the service is promised, the limit what it may take at most; a \
        reservation above the limit cannot be honoured (Docker refuses to start a container whose \
        memory reservation exceeds its memory limit) and usually means one of the two was edited \
        without the other, often a `Defaults` reservation meeting a small service limit. The rule \
        compares memory with memory and CPUs with CPUs, per service and per mode. \
        Fix: lower the `Reservations(…)` or raise the `Limits(…)` of the service. \
        Complexity: O(s) for s services in both modes.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                guard let limits = service.limits, let reservations = service.reservations else { continue }
                if let limit = limits.value.memory, let reserved = reservations.value.memory, reserved > limit {
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' reserves \(reserved.composeValue) of memory, more than its limit of \(limit.composeValue) (\(limits.location.shortDescription))",
                        at: reservations.location, help: "lower the memory reservation to at most \(limit.composeValue), or raise the limit",
                        service: service.name)
                }
                if let limit = limits.value.cpus, let reserved = reservations.value.cpus, reserved > limit {
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' reserves \(reserved.composeValue) CPUs, more than its limit of \(limit.composeValue) (\(limits.location.shortDescription))",
                        at: reservations.location, help: "lower the CPU reservation to at most \(limit.composeValue), or raise the limit",
                        service: service.name)
                }
            }
        }
    }
}
