extension RuleRegistry {
    /// Mode membership, cross-mode isolation, InfluxDB options and secrets.
    static let modeAndIsolationRules: [any Rule] = [
        ProductionPurityRule(),
        IsolationVolumeRule(),
    ]
}
