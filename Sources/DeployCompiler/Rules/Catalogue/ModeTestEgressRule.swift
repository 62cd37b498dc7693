import DeployModel

/// `mode.test-egress`: where an `EgressGuard` closes a mode's network, only AI services may leave
/// it, and the guard can do what it promises on the engine.
public struct ModeTestEgressRule: Rule {
    public static let id = "mode.test-egress"
    public var summary: String {
        "test reaches beyond the NUC only from AI services that declare Egress, through a closed network the engine can enforce"
    }
    public var documentation: String {
        """
        Test never calls external APIs. No external-api service runs there (`mode.test-external-api`), \
        and an `EgressGuard` closes the test network at the network level: its guard service keeps a \
        `DOCKER-USER` rule that drops every new connection from the network's bridge to anywhere but \
        that bridge. Only AI services (OpenAI) may reach out, by declaring `Egress(because:)`, which \
        joins them to the guard's exit network as well. Reported: `Egress` on a service of another \
        role that runs in test (at the `Egress`); `Egress` in a mode no guard closes (a warning: it \
        changes nothing there); and at the `EgressGuard`: a closed network the mode does not declare, \
        a bridge name the kernel refuses (1 to 15 bytes of letters, digits, `_`, `.`, `-`), a closed \
        network that names its bridge otherwise, an exit network key that another network uses, and \
        an exit network whose name does not sort before the closed one's (Docker Engine 20.10 gives a \
        container on two non-internal networks its default route through the network whose name \
        sorts first: the other way round, the AI services' traffic would leave through the closed \
        bridge and be dropped). On a cluster (`--target swarm`, `Cluster`) the stack file leaves the \
        guard out, with a warning at the `EgressGuard`: the network is not closed there. It cannot be waived. Complexity: O(s + n) for s services and n networks.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.test.services where service.role != .ai {
            guard let egress = service.egress else { continue }
            diagnostics.add(
                Self.id, .test,
                "\(service.role.rawValue) service '\(service.name)' declares Egress: in test, only AI services may reach beyond the NUC",
                at: egress.location,
                help:
                    "remove Egress(because:): test fixtures, data generators and core services run offline; outside data comes from a DataGenerator",
                service: service.name)
        }
        for deployment in context.deployments {
            guard let closed = deployment.egressGuard else {
                for service in deployment.services {
                    guard let egress = service.egress, deployment.mode == .test else { continue }
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' declares Egress, but no EgressGuard closes this mode's network: every service here can reach beyond the NUC",
                        at: egress.location, help: "declare an EgressGuard for the mode, or remove Egress(because:)",
                        service: service.name, severity: .warning)
                }
                continue
            }
            check(closed, in: deployment, into: &diagnostics)
            if deployment.cluster != nil {
                diagnostics.add(
                    Self.id, deployment.mode,
                    "the Swarm stack file leaves the EgressGuard '\(closed.service)' out: on a cluster this mode's network is not closed",
                    at: closed.location,
                    help:
                        "Swarm runs no service on a node's own network with NET_ADMIN, and overlay networks have no bridge to close; deploy this mode with compose to have the guard",
                    service: closed.service, severity: .warning)
            }
        }
    }

    private func check(_ closed: ResolvedEgressGuard, in deployment: ResolvedDeployment, into diagnostics: inout DiagnosticCollector) {
        let mode = deployment.mode
        func refuse(_ message: String, _ help: String) {
            diagnostics.add(Self.id, mode, message, at: closed.location, help: help, service: closed.service)
        }
        if !Self.isInterfaceName(closed.bridge) {
            refuse(
                "the bridge name '\(ComposeValidRule.short(closed.bridge))' is not a Linux interface name (1 to 15 bytes of letters, digits, '_', '.', '-')",
                "name the bridge e.g. \"homeiq-test0\"")
        }
        guard let network = deployment.networks.first(where: { $0.key == closed.network }) else {
            refuse(
                "the EgressGuard closes the network '\(closed.network)', which this mode does not declare",
                "name a declared network: Network(\"\(closed.network)\")")
            return
        }
        if let named = network.driverOptions[EgressGuardSpec.bridgeNameOption], named != closed.bridge {
            refuse(
                "the network '\(closed.network)' names its bridge '\(ComposeValidRule.short(named))' itself, but the EgressGuard closes '\(ComposeValidRule.short(closed.bridge))'",
                "remove the driver option \(EgressGuardSpec.bridgeNameOption) from the Network: the EgressGuard names the bridge")
        }
        if let exit = deployment.networks.first(where: { $0.key == closed.exitNetwork }) {
            if exit.location != closed.location {
                refuse(
                    "the exit network key '\(closed.exitNetwork)' is a declared network already",
                    "give the EgressGuard an exit key of its own (exit: \"…-egress\")")
            } else if !(exit.name < network.name) {
                refuse(
                    "the exit network '\(exit.name)' does not sort before '\(network.name)': the engine would route the Egress services through the closed bridge",
                    "pick an exit key that sorts first, e.g. \"homeiq-egress\" beside \"homeiq-network\"")
            }
        }
    }

    /// Whether Linux accepts `name` for a network interface (IFNAMSIZ 16, with the terminating NUL).
    public static func isInterfaceName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
        }
    }
}
