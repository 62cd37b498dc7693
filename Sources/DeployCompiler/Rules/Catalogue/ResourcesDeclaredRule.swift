import DeployModel

/// `resources.declared`: every service declares the reservations the budget counts.
public struct ResourcesDeclaredRule: Rule {
    public static let id = "resources.declared"
    public var summary: String { "every service declares a memory and a CPU reservation, so the budget counts it" }
    public var documentation: String {
        """
        `resources.budget` sums memory limits and CPU reservations. A service that declares no \
        reservation adds nothing to the CPU sum: a stack without any reservation reported \"0 of 4 \
        CPUs reserved\" and passed, proving nothing. Limits are required by `resources.limits`; this \
        rule requires `Reservations(memory:cpus:)` with both values, in the service or in \
        `Defaults`, so that what the budget counts is declared for every service, in every mode it \
        runs in. It cannot be waived: a waiver would reopen the hole. Fix: add \
        `Reservations(memory: .mib(128), cpus: 0.1)` sized from the service's idle use. \
        Complexity: O(s) for s services in both modes.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                var missing: [String] = []
                if service.reservations?.value.memory == nil { missing.append("memory") }
                if service.reservations?.value.cpus == nil { missing.append("CPU") }
                guard !missing.isEmpty else { continue }
                diagnostics.add(
                    Self.id,
                    deployment.mode,
                    "service '\(service.name)' has no \(missing.joined(separator: " or ")) reservation: the budget would count it as zero",
                    at: service.reservations?.location ?? service.location,
                    help: "add Reservations(memory: .mib(128), cpus: 0.1) sized to its idle use, or one in Defaults", service: service.name)
            }
        }
    }
}
