import DeployModel

/// `mode.test-external-api`: the test deployment runs no external-api service.
public struct ModeTestExternalAPIRule: Rule {
    public static let id = "mode.test-external-api"
    public var summary: String { "test contains no external-api service (test never calls outside APIs)" }
    public var documentation: String {
        """
        Weather, carbon intensity, electricity pricing, air quality, calendar, smart meter and sports \
        data services call paid or rate-limited outside APIs with production keys; in test they would \
        spend quota, need production secrets, and mix real readings into synthetic test data. Their \
        role (`ExternalAPIService`) keeps them in production, a `TestOnly { }` block refuses them at \
        compile time, and this rule is the backstop for an explicit `RunsIn(.test)` or `RunsIn(.both)`, \
        reported at that `RunsIn`. It cannot be waived. Fix: remove the `RunsIn`; if test needs the \
        data, add a `DataGenerator` that fakes it. Complexity: O(s) for s test services.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.test.services where service.role == .externalAPI {
            diagnostics.error(
                Self.id, "external-api service '\(service.name)' would run in test (it runs in \(service.modes.value))",
                at: service.modes.location,
                help: "an external-api service runs in production only: remove RunsIn(…), or fake the data with a DataGenerator in test",
                service: service.name)
        }
    }
}
