import DeployModel

/// `stack.settings`: every derived value names a setting the stack declares.
public struct StackSettingsRule: Rule {
    public static let id = "stack.settings"
    public var summary: String { "derived values (.influxBucket, .databaseURL, …) name settings the stack declares" }
    public var documentation: String {
        """
        Values such as `.influxBucket`, `.influxToken`, `.databaseURL`, `.homeAssistantURL` and \
        `Mount.database(readOnly:)` are derived per mode from the stack's `InfluxDB(…)`, `SQLite(…)` \
        and `HomeAssistant(…)` declarations, so each mode gets its own bucket, database file and \
        Home Assistant without typing them twice. A service that uses one when the stack declares \
        none would get an empty value. Fix: declare the setting at stack level (see \
        `Deployments/Storage.swift` and `Deployments/Platform.swift`). Complexity: O(s) for s services.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                for missing in service.missingSettings {
                    diagnostics.error(
                        Self.id, "service '\(service.name)' uses a \(missing.value) setting, but the stack declares no \(missing.value)(…)",
                        at: missing.location, help: "declare \(missing.value)(…) at stack level", service: service.name)
                }
            }
        }
    }
}
