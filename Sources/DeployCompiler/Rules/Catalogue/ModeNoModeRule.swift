import DeployModel

/// `mode.no-mode`: every declared service runs in at least one mode.
public struct ModeNoModeRule: Rule {
    public static let id = "mode.no-mode"
    public var summary: String { "every declared service runs in at least one mode" }
    public var documentation: String {
        """
        A service's modes come from its role, narrowed by `RunsIn(…)` and by the `TestOnly { }` or \
        `ProductionOnly { }` block around it. When they exclude each other (a `RunsIn(.production)` \
        inside `TestOnly`, a `RunsIn([])`), the service would silently vanish from both generated \
        files, and the deployment would miss it without a word. Fix: remove the contradicting \
        `RunsIn`, move the service out of the block, or delete the service. \
        Complexity: O(s) for s declared services.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.production.servicesInNoMode {
            diagnostics.error(
                Self.id, "service '\(service.value)' runs in no mode: it would be missing from both deployments",
                at: service.location, help: "remove the RunsIn(…) that contradicts its role or its TestOnly/ProductionOnly block",
                service: service.value)
        }
    }
}
