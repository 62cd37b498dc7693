import DeployModel

/// `mode.production-purity`: production holds no data-generation and no test-fixture service.
public struct ModeProductionPurityRule: Rule {
    public static let id = "mode.production-purity"
    public var summary: String { "production contains no data-generation and no test-fixture service" }
    public var documentation: String {
        """
        Synthetic data generators, mock data creators, seeders and the test Home Assistant must never \
        run in production: they would write fake events into the real InfluxDB bucket or the real \
        metadata database. Their roles (`DataGenerator`, `TestFixture`) keep them in test, and a \
        `ProductionOnly { }` block refuses them at compile time; this rule is the backstop for an \
        explicit `RunsIn(.production)` or `RunsIn(.both)`. It cannot be waived. \
        Fix: remove the `RunsIn`, or give the service the role it really has. \
        Complexity: O(s) for s production services.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.production.services where service.role == .dataGeneration || service.role == .testFixture {
            diagnostics.error(
                Self.id, "\(service.role) service '\(service.name)' would run in production",
                at: service.modes.location,
                help: "a \(service.role) service runs in test only: remove RunsIn(…) or change its role",
                service: service.name)
        }
    }
}
