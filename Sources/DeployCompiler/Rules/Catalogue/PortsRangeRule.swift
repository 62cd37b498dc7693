import DeployModel

/// `ports.range`: every published host port and container port is in 1...65535.
public struct PortsRangeRule: Rule {
    public static let id = "ports.range"
    public var summary: String { "every host and container port is in 1-65535" }
    public var documentation: String {
        """
        Ports are 16-bit and port 0 means "any free port": a value outside 1-65535 makes compose \
        reject the file, or silently publish a random port nobody can find. In test, a service that \
        runs in both modes publishes its production port plus the stack's `TestPortOffset` (10000 by \
        default), so a production port above 55535 leaves the range in test only; the message names \
        the mode. Fix: choose a port in range, or give the test port explicitly with \
        `Port(test:production:container:)`. Complexity: O(p) for p published ports in both modes.
        """
    }
    public var isWaivable: Bool { false }

    /// The valid port numbers.
    public static let valid = 1...65535

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let offsetHint = deployment.mode == .test ? " (a shared service's test port is its production port + \(deployment.testPortOffset))" : ""
            for service in deployment.services {
                for port in service.ports {
                    if !Self.valid.contains(port.host) {
                        diagnostics.add(
                            Self.id, deployment.mode, "service '\(service.name)' publishes host port \(port.host), outside 1-65535\(offsetHint)",
                            at: port.location, help: "choose a host port in 1-65535, or set the test port with Port(test:production:container:)",
                            service: service.name)
                    }
                    if !Self.valid.contains(port.container) {
                        diagnostics.add(
                            Self.id, deployment.mode, "service '\(service.name)' exposes container port \(port.container), outside 1-65535",
                            at: port.location, help: "use the port the container listens on (1-65535)", service: service.name)
                    }
                }
            }
        }
    }
}
