import DeployModel

/// `resources.budget`: each mode fits the memory and CPU budget of its hardware profile.
public struct ResourcesBudgetRule: Rule {
    public static let id = "resources.budget"
    public var summary: String { "each mode's memory limits and CPU reservations fit the hardware profile's budget" }
    public var documentation: String {
        """
        The hand-written HomeIQ compose file asked for about 14 GB of memory limits on an 8 GB NUC, \
        so under load the kernel's OOM killer, not the limits, decided what ran. Per mode, the sum of \
        the memory limits must fit the profile's `memoryPerMode` (`nuc-8gb`: 6 GiB, leaving room for \
        the OS and Docker), the sum of the CPU reservations must fit `cpusPerMode` (4), and no single \
        CPU limit may exceed `cpusPerMode`. On a profile that allows both modes side by side \
        (`nuc-16gb`), test and production memory limits together must fit `combinedMemory`. The \
        message gives the totals and by how much they miss; a mode above 95% of its memory budget \
        gets a warning. The sums are the ones `homeiq-gen budget` prints (one `Budget` computation); \
        an error names the three largest memory limits of the mode, where trimming pays most. \
        On a stack with a `Cluster` of two or more nodes, a mode that overflows one machine is only a \
        warning (its compose file then fits no single node; deploy it with `scripts/deploy.sh --swarm`): \
        there `swarm.node-budget` proves each node. \
        Fix: lower limits (`InTest { Limits(…) }` can size test smaller), move a service to one mode, \
        or declare the machine you really have with `Hardware(.nuc16gb)`. \
        Complexity: O(s) for s services in both modes.
        """
    }

    /// Above this share of the memory budget a mode gets a warning.
    public static let warningPercent = 95

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let budget = context.budgets[deployment.mode]
            let hardware = budget.hardware
            let location = deployment.hardware.location
            // On a declared cluster of several nodes, one machine need not hold the mode.
            let cluster = deployment.multiNodeCluster
            let severity: Diagnostic.Severity = cluster == nil ? .error : .warning
            let note = cluster?.singleMachineNote ?? ""
            if !budget.fitsMemory {
                diagnostics.add(
                    Self.id, deployment.mode,
                    "memory limits total \(budget.memoryLimits.budgetText), \((budget.memoryLimits - hardware.memoryPerMode).budgetText) over the \(hardware.memoryPerMode.budgetText) budget of \(hardware.id) (largest: \(Self.largest(in: deployment)))\(note)",
                    at: location, help: "lower the largest Limits(memory:) (see `homeiq-gen budget`), or declare the real machine with Hardware(…)",
                    severity: severity)
            } else if budget.memoryLimits.mebibytes * 100 > hardware.memoryPerMode.mebibytes * Self.warningPercent {
                let percent = budget.memoryLimits.mebibytes * 100 / max(hardware.memoryPerMode.mebibytes, 1)
                diagnostics.add(
                    Self.id, deployment.mode,
                    "memory limits total \(budget.memoryLimits.budgetText), \(percent)% of the \(hardware.memoryPerMode.budgetText) budget of \(hardware.id): little headroom left",
                    at: location, help: "trim a limit before adding a service", severity: .warning)
            }
            if !budget.fitsCPUs {
                diagnostics.add(
                    Self.id, deployment.mode,
                    "CPU reservations total \(budget.cpuReservations.budgetText), \(CPUs(millicores: budget.cpuReservations.millicores - hardware.cpusPerMode.millicores).budgetText) over the \(hardware.cpusPerMode.budgetText) CPUs of \(hardware.id)\(note)",
                    at: location, help: "lower Reservations(cpus:) of the services that idle most", severity: severity)
            }
            for service in deployment.services {
                guard let limits = service.limits, let cpus = limits.value.cpus, cpus > hardware.cpusPerMode else { continue }
                diagnostics.add(
                    Self.id, deployment.mode,
                    "service '\(service.name)' has a CPU limit of \(cpus.budgetText), above the \(hardware.cpusPerMode.budgetText) CPUs of \(hardware.id)",
                    at: limits.location, help: "limit it to at most \(hardware.cpusPerMode.budgetText) CPUs", service: service.name)
            }
        }

        // Side by side: both modes at once on one machine.
        let production = context.production.hardware
        let profile = production.value.allowsSideBySide ? production : context.test.hardware
        guard profile.value.allowsSideBySide else { return }
        // Side by side on a cluster is swarm.node-budget's, node by node.
        guard context.production.multiNodeCluster == nil && context.test.multiNodeCluster == nil else { return }
        let combined = context.budgets.test.memoryLimits + context.budgets.production.memoryLimits
        if combined > profile.value.combinedMemory {
            diagnostics.error(
                Self.id,
                "test and production side by side: memory limits total \(combined.budgetText), \((combined - profile.value.combinedMemory).budgetText) over the \(profile.value.combinedMemory.budgetText) combined budget of \(profile.value.id)",
                at: profile.location, help: "lower the limits of one mode, e.g. InTest { Limits(…) } for the largest services")
        }
    }

    /// `big 6G, influxdb 2G, data-api 384M`: the `count` largest memory limits, in one pass.
    static func largest(in deployment: ResolvedDeployment, count: Int = 3) -> String {
        var top: [(name: String, memory: Memory)] = []
        for service in deployment.services {
            guard let memory = service.limits?.value.memory, top.count < count || memory > top[top.count - 1].memory else { continue }
            top.append((service.name, memory))
            top.sort { $0.memory > $1.memory }
            if top.count > count { top.removeLast() }
        }
        return top.map { "\($0.name) \($0.memory.composeValue)" }.joined(separator: ", ")
    }
}
