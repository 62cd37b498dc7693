import DeployModel

/// `security.privileged`: no production service runs privileged.
public struct SecurityPrivilegedRule: Rule {
    public static let id = "security.privileged"
    public var summary: String { "no production service runs privileged (unless waived with a reason)" }
    public var documentation: String {
        """
        `privileged: true` gives a container every capability and every host device: a compromise of \
        that service is a compromise of the NUC, and with it of the Home Assistant installation it \
        controls. Device helpers ask for it when all they need is one device. In production, \
        `Privileged()` is an error. Fix: map the one device with `Device(\"/dev/ttyUSB0\")`, add the \
        one capability needed with `AddCapabilities(…)`, or `GroupAdd(\"dialout\")`; where nothing \
        less works, `Waive(\"security.privileged\", because: …)` in the service. Test may run \
        privileged (`InTest { Privileged() }`). Complexity: O(s) for s production services.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.production.services {
            guard let privileged = service.options.privileged, privileged.value else { continue }
            diagnostics.add(
                Self.id, .production, "service '\(service.name)' runs privileged: every capability and host device",
                at: privileged.location,
                help: ProductionSecurity.help("map only what it needs: Device(\"/dev/…\"), AddCapabilities(\"…\") or GroupAdd(\"…\")", rule: Self.id),
                service: service.name)
        }
    }
}
