import DeployModel

/// `names.reserved-label`: services do not set the compiler's `com.homeiq.*` labels by hand.
public struct NamesReservedLabelRule: Rule {
    public static let id = "names.reserved-label"
    public var summary: String { "services do not set com.homeiq.* labels by hand" }
    public var documentation: String {
        """
        The compiler labels every service with `com.homeiq.role` (its role) and `com.homeiq.mode` \
        (`test` or `production`); the deploy and validation scripts select containers by them, e.g. \
        to prove that no data-generation container runs in production. A hand-written label in that \
        namespace could contradict the truth and hide a test container from those checks, so the \
        whole `com.homeiq.` prefix is reserved. Fix: remove the `Label(…)`; the role comes from the \
        service's type (`CoreService`, `DataGenerator`, …) and the mode from the file. For your own \
        metadata use another prefix. Complexity: O(l) for l labels.
        """
    }
    public var isWaivable: Bool { false }

    /// The label namespace the compiler owns.
    public static let reservedPrefix = "com.homeiq."

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                // The compiler's own labels carry the service's declaration as their location; a Label(…) has its own.
                for label in service.labels where label.value.key.hasPrefix(Self.reservedPrefix) && label.location != service.location {
                    diagnostics.add(
                        Self.id, deployment.mode, "service '\(service.name)' sets the reserved label '\(label.value.key)' by hand",
                        at: label.location, help: "remove the Label: the compiler sets com.homeiq.role and com.homeiq.mode itself",
                        service: service.name)
                }
            }
        }
    }
}
