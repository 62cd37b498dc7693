import DeployModel

/// `security.host-namespace`: no production service shares the host's network or process namespace.
public struct SecurityHostNamespaceRule: Rule {
    public static let id = "security.host-namespace"
    public var summary: String { "no production service uses the host's network or PID namespace (unless waived with a reason)" }
    public var documentation: String {
        """
        `network_mode: host` puts a container on the NUC's own network stack: it bypasses the mode's \
        network (and so the isolation proofs), can bind any host port, and reaches every service \
        that listens on localhost. `pid: host` lets it see and signal every process of the host. \
        Home Assistant integrations ask for host networking for device discovery. In production, \
        `NetworkMode(\"host\")` and `PIDNamespace(\"host\")` are errors. Fix: publish the ports the \
        service needs with `Port(…)` and keep it on the mode's network; where discovery really needs \
        it, `Waive(\"security.host-namespace\", because: …)` in the service. \
        Complexity: O(s) for s production services.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.production.services {
            let options = service.options
            if let mode = options.networkMode, mode.value == "host" {
                diagnostics.add(
                    Self.id, .production, "service '\(service.name)' uses the host's network namespace (network_mode: host)",
                    at: mode.location,
                    help: ProductionSecurity.help("remove NetworkMode(\"host\") and publish the ports it needs with Port(…)", rule: Self.id),
                    service: service.name)
            }
            if let pid = options.pid, pid.value == "host" {
                diagnostics.add(
                    Self.id, .production, "service '\(service.name)' uses the host's process namespace (pid: host)",
                    at: pid.location, help: ProductionSecurity.help("remove PIDNamespace(\"host\")", rule: Self.id),
                    service: service.name)
            }
        }
    }
}
