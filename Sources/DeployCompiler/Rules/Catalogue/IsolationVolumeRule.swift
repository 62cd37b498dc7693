import DeployModel

/// `isolation.volume`: test and production share no named volume.
public struct IsolationVolumeRule: Rule {
    public static let id = "isolation.volume"
    public var summary: String { "test and production share no named volume" }
    public var documentation: String {
        """
        A volume used by both modes would let test data (synthetic events, a test Home Assistant's \
        state) leak into production, or a test reset wipe production data. Volume names are made \
        per mode (`homeiq_x` and `homeiq-test_x`); this rule fires when an explicit `name:` makes \
        them equal. Fix: drop the explicit name, or give each mode its own with \
        `.mode(test:production:)`. Complexity: O(v) with a hash set over the v volumes of both modes.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let productionNames = Set(context.production.volumes.map(\.name))
        for volume in context.test.volumes where productionNames.contains(volume.name) {
            diagnostics.error(
                Self.id, "volume '\(volume.name)' is used by both test and production", at: volume.location,
                help: "remove the explicit name so each mode gets its own, or use .mode(test:production:)")
        }
    }
}
