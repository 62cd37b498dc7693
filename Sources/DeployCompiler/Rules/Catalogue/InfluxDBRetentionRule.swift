import DeployModel

/// `influxdb.retention`: both retentions are positive and test keeps data no longer than production.
public struct InfluxDBRetentionRule: Rule {
    public static let id = "influxdb.retention"
    public var summary: String { "InfluxDB retention is positive in both modes, and test's is at most production's (7 vs 30 days)" }
    public var documentation: String {
        """
        The test bucket holds synthetic events that are regenerated at will; the plan keeps them 7 \
        days against production's 30, so that on an 8 GB NUC the test data never outgrows \
        production's. A retention of 0 days means "keep forever" to InfluxDB, which would fill the \
        NUC's disk; a negative one is refused by InfluxDB at start-up. Fix: set `retention: .days(…)` in \
        `InfluxDB(test:production:)`, with test's at most production's. Complexity: O(1).
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        guard let testSetup = context.test.influxDB, let productionSetup = context.production.influxDB else { return }
        let test = testSetup.value.test.retention.days
        let production = productionSetup.value.production.retention.days
        for (mode, days, location) in [(Mode.test, test, testSetup.location), (.production, production, productionSetup.location)] where days <= 0 {
            diagnostics.error(
                Self.id, "InfluxDB retention in \(mode) is \(days) days; it must be positive (0 means keep forever)",
                at: location, help: "retention: .days(\(mode == .test ? 7 : 30))")
        }
        if test > 0, production > 0, test > production {
            diagnostics.error(
                Self.id, "InfluxDB retention in test (\(test) days) exceeds production's (\(production) days)",
                at: testSetup.location, help: "keep synthetic test data at most as long as production data, e.g. 7 and 30 days")
        }
    }
}
