import DeployModel

/// `swarm.node-budget`: per node and per mode, what may land there fits the node's budget, worst case.
public struct SwarmNodeBudgetRule: Rule {
    public static let id = "swarm.node-budget"
    public var summary: String { "on a cluster, the limits of what may land on each node fit that node's budget, per mode and side by side" }
    public var documentation: String {
        """
        Swarm places tasks by reservations, not limits, so it happily puts 9 GiB of memory limits on \
        an 8 GB node and lets the OOM killer decide later; and a service that may run on several \
        nodes can end up on any of them. For each node and each mode this rule adds up, over every \
        service that may land on the node (worst case: a service with several candidate nodes counts \
        on each of them), memory limit × replicas and CPU reservation × replicas, and checks them \
        against the node's hardware profile (`memoryPerMode`, `cpusPerMode`) as `resources.budget` \
        does for one machine; no CPU limit may exceed the node's CPUs. Where both modes may land on \
        a node whose profile allows them side by side (`nuc-16gb`), their memory limits together must \
        fit its `combinedMemory`; a node that does not allow it (`nuc-8gb`) never runs both: \
        `scripts/deploy.sh --swarm` removes the other mode's stack first, as it does with compose. \
        The error is at the line of the service that tips the node over, naming the node and the \
        numbers. Fix: pin services to the larger node, lower limits or replicas, or add a node. \
        Complexity: O(s·n) for s services and n nodes.
        """
    }

    public init() {}

    /// What may land on one node in one mode, in declaration order.
    struct Load {
        var services: [(service: ResolvedService, memory: Memory, cpus: CPUs)] = []
        var memory: Memory { services.reduce(.zero) { $0 + $1.memory } }
    }

    static func loads(_ deployment: ResolvedDeployment, _ cluster: ResolvedCluster) -> [String: Load] {
        var loads: [String: Load] = [:]
        for service in deployment.services {
            let replicas = max(service.swarm.replicaCount, 1)
            let memory = Memory(mebibytes: (service.limits?.value.memory?.mebibytes ?? 0) * replicas)
            let cpus = CPUs(millicores: (service.reservations?.value.cpus?.millicores ?? 0) * replicas)
            for node in cluster.candidates(of: service) {
                loads[node.name, default: Load()].services.append((service, memory, cpus))
            }
        }
        return loads
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var perMode: [Mode: [String: Load]] = [:]
        for (deployment, cluster) in context.clusterDeployments {
            // One implicit node without replicas is the machine `resources.budget` already proves.
            if !cluster.isDeclared && deployment.services.allSatisfy({ $0.swarm.replicaCount <= 1 }) { continue }
            let loads = Self.loads(deployment, cluster)
            perMode[deployment.mode] = loads
            for node in cluster.nodes {
                guard let load = loads[node.name] else { continue }
                check(load, on: node, mode: deployment.mode, into: &diagnostics)
            }
        }
        guard let cluster = context.production.cluster ?? context.test.cluster else { return }
        for node in cluster.nodes where node.hardware.allowsSideBySide {
            guard let test = perMode[.test]?[node.name], let production = perMode[.production]?[node.name] else { continue }
            let combined = test.memory + production.memory
            guard combined > node.hardware.combinedMemory else { continue }
            let blamed = production.services.last?.service ?? test.services.last!.service
            diagnostics.error(
                Self.id,
                "test and production side by side on node '\(node.name)' (\(node.hardware.id)): memory limits total \(combined.budgetText) (test \(test.memory.budgetText), production \(production.memory.budgetText)), \((combined - node.hardware.combinedMemory).budgetText) over its \(node.hardware.combinedMemory.budgetText) combined budget",
                at: blamed.location, help: "move services to another node, or lower the limits of one mode",
                service: blamed.name)
        }
    }

    private func check(_ load: Load, on node: NodeSpec, mode: Mode, into diagnostics: inout DiagnosticCollector) {
        let hardware = node.hardware
        var memory = Memory.zero
        var cpus = CPUs.zero
        var memoryReported = false
        var cpusReported = false
        for entry in load.services {
            memory = memory + entry.memory
            cpus = cpus + entry.cpus
            let location = entry.service.location
            let times = entry.service.swarm.replicaCount > 1 ? " (\(entry.service.swarm.replicaCount) replicas)" : ""
            if !memoryReported && memory > hardware.memoryPerMode {
                memoryReported = true
                diagnostics.add(
                    Self.id,
                    mode,
                    "node '\(node.name)' (\(hardware.id)) may get \(load.memory.budgetText) of memory limits, \((load.memory - hardware.memoryPerMode).budgetText) over its \(hardware.memoryPerMode.budgetText) budget; it tips over at service '\(entry.service.name)'\(times) (\(entry.memory.composeValue)), with \(load.services.count) services that may land there",
                    at: location, help: "pin services to another node, or lower their Limits(memory:) or Replicas", service: entry.service.name)
            }
            if !cpusReported && cpus > hardware.cpusPerMode {
                cpusReported = true
                let total = load.services.reduce(CPUs.zero) { $0 + $1.cpus }
                diagnostics.add(
                    Self.id,
                    mode,
                    "node '\(node.name)' (\(hardware.id)) may get \(total.budgetText) CPUs of reservations, over its \(hardware.cpusPerMode.budgetText) CPUs; it tips over at service '\(entry.service.name)'\(times)",
                    at: location, help: "pin services to another node, or lower their Reservations(cpus:) or Replicas", service: entry.service.name)
            }
            if let limit = entry.service.limits?.value.cpus, limit > hardware.cpusPerMode {
                diagnostics.add(
                    Self.id,
                    mode,
                    "service '\(entry.service.name)' has a CPU limit of \(limit.budgetText), above the \(hardware.cpusPerMode.budgetText) CPUs of node '\(node.name)' (\(hardware.id))",
                    at: entry.service.limits!.location, help: "limit it to at most \(hardware.cpusPerMode.budgetText) CPUs",
                    service: entry.service.name)
            }
        }
    }
}
