import DeployModel

/// `resources.positive`: every memory and CPU limit and reservation is greater than zero.
public struct ResourcesPositiveRule: Rule {
    public static let id = "resources.positive"
    public var summary: String { "every memory and CPU limit and reservation is greater than zero" }
    public var documentation: String {
        """
        A limit of zero or less is a typo, never an intent: Docker rejects a negative or zero CPU \
        count, reads a memory limit of 0 as "unlimited" (which defeats `resources.limits`), and a \
        negative amount would make the budget sums of `resources.budget` look smaller than they are. \
        `.cpus(0.0001)` rounds to zero thousandths and is refused too. \
        Fix: give a positive amount, e.g. `Limits(memory: .mib(128), cpus: 0.25)`, or drop the \
        reservation. Complexity: O(s) for s services in both modes.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                for (kind, spec) in [("limit", service.limits), ("reservation", service.reservations)] {
                    guard let spec else { continue }
                    if let memory = spec.value.memory, memory.rejectedInput == nil, memory.mebibytes <= 0 {  // not a number: numbers.range
                        diagnostics.add(
                            Self.id, deployment.mode,
                            "service '\(service.name)' has a memory \(kind) of \(memory.mebibytes) MiB; it must be greater than zero",
                            at: spec.location, help: "give a positive amount, e.g. .mib(128)", service: service.name)
                    }
                    if let cpus = spec.value.cpus, cpus.rejectedInput == nil, cpus.millicores <= 0 {  // not a number: numbers.range
                        diagnostics.add(
                            Self.id, deployment.mode,
                            "service '\(service.name)' has a CPU \(kind) of \(cpus.composeValue); it must be greater than zero",
                            at: spec.location, help: "give a positive number of CPUs (at least 0.001), e.g. 0.25", service: service.name)
                    }
                }
            }
        }
    }
}
