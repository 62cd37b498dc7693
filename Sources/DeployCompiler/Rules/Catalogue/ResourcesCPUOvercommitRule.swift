import DeployModel

/// `resources.cpu-overcommit`: the CPU limits of one mode add up to at most the profile's cores times its
/// declared overcommit factor.
public struct ResourcesCPUOvercommitRule: Rule {
    public static let id = "resources.cpu-overcommit"
    public var summary: String { "each mode's CPU limits add up to at most the hardware profile's cores times its CPU overcommit factor" }
    public var documentation: String {
        """
        A CPU limit (`cpus:`, Docker's `NanoCpus`) caps one container; it reserves nothing, and plain \
        Docker (not Swarm) ignores CPU reservations. So the limits of one mode may add up to more than \
        the NUC's cores (a quiet service lends its share), but not without bound: their sum must be at \
        most `cpusPerMode × cpuOvercommit` of the hardware profile (`nuc-8gb` and `nuc-16gb`: 4 × 3 = 12). \
        Each service is also given CPU shares in proportion to its limit (`cpu_shares: cpus × 1024`), \
        so when every service is busy at once the cores are divided by limit: each service then gets at \
        least its limit × cores / (sum of limits), which this rule keeps at or above a third of its limit. \
        On a stack with a `Cluster` of two or more nodes it is only a warning, as for `resources.budget`. \
        Fix: lower the CPU limits of the services that idle most (`InTest { Limits(…) }` for test), or \
        declare a profile with more cores. \
        Complexity: O(s) for s services in both modes.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let budget = context.budgets[deployment.mode]
            let hardware = budget.hardware
            guard budget.cpuLimits > hardware.cpuLimitsPerMode else { continue }
            // On a declared cluster of several nodes, one machine need not hold the mode.
            let cluster = deployment.multiNodeCluster
            diagnostics.add(
                Self.id, deployment.mode,
                "CPU limits total \(budget.cpuLimits.budgetText), \(CPUs(millicores: budget.cpuLimits.millicores - hardware.cpuLimitsPerMode.millicores).budgetText) over \(hardware.cpuLimitsPerMode.budgetText) (\(hardware.cpuOvercommit) × the \(hardware.cpusPerMode.budgetText) CPUs of \(hardware.id))\(cluster?.singleMachineNote ?? "")",
                at: deployment.hardware.location,
                help: "lower Limits(cpus:) of the services that idle most (see `homeiq-gen budget`), or declare the real machine with Hardware(…)",
                severity: cluster == nil ? .error : .warning)
        }
    }
}
