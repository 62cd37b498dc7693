/// Test mode's way out of the NUC, closed at the network level (see `EgressGuard`).
public struct EgressGuardSpec: Sendable, Hashable {
    /// The guard service: its name and the declarations written in its body (image, build, limits, health check).
    public var service: ServiceDefinition
    /// The key of the network whose bridge is closed to everything beyond it.
    public var network: String
    /// The Linux interface name the engine gives that network's bridge (at most 15 bytes).
    public var bridge: String
    /// The key of the second network that services declaring `Egress` join to reach outside.
    public var exitNetwork: String

    public init(service: ServiceDefinition, network: String, bridge: String, exitNetwork: String) {
        self.service = service
        self.network = network
        self.bridge = bridge
        self.exitNetwork = exitNetwork
    }

    /// The variable that tells the guard which bridge to close.
    public static let bridgeVariable = "EGRESS_GUARD_BRIDGE"
    /// The Docker network driver option that names a bridge.
    public static let bridgeNameOption = "com.docker.network.bridge.name"
}

/// Closes a mode's network to everything beyond it, at the network level: the guard service (a
/// test fixture, so test only) runs with the host's network and `NET_ADMIN` and keeps a rule in
/// Docker's `DOCKER-USER` chain that drops every new connection from `bridge` to anywhere but
/// `bridge` itself; every other service of the mode waits for it to be healthy. Services that
/// declare `Egress(because:)` also join `exitNetwork`, their only way out. The compiler names the
/// network's bridge, adds the host network, the capability and `EGRESS_GUARD_BRIDGE` to the guard;
/// its body gives the image, build, health check and limits.
public struct EgressGuard: StackComponent {
    public let stackElements: [StackElement]
    public init(
        _ name: String, closing network: String, bridge: String, exit exitNetwork: String,
        file: String = #filePath, line: Int = #line, column: Int = #column,
        @ServiceBuilder _ content: () -> [ServiceElement]
    ) {
        let location = SourceLocation(file: file, line: line, column: column)
        let service = ServiceDefinition(name: name, role: .testFixture, elements: content(), location: location)
        stackElements = [
            StackElement(
                .egressGuard(EgressGuardSpec(service: service, network: network, bridge: bridge, exitNetwork: exitNetwork)),
                at: location)
        ]
    }
}

/// Declares that this service reaches beyond the NUC in a mode whose network an `EgressGuard`
/// closes (an AI service calling OpenAI in test): it joins the guard's exit network there. The
/// reason is for the reader; rule `mode.test-egress` accepts it on AI services only.
public struct Egress: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(because reason: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.egress(reason: reason), file: file, line: line, column: column)]
    }
}
