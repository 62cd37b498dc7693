extension RuleRegistry {
    /// Mode membership, cross-mode isolation, InfluxDB options and secrets.
    static let modeAndIsolationRules: [any Rule] = [
        // Mode: which services run where, and what they are told.
        ProductionPurityRule(),
        TestExternalAPIRule(),
        AIBothModesRule(),
        DeploymentModeRule(),
        FeatureFlagsRule(),
        ServiceInNoModeRule(),
        // Isolation: the modes share nothing.
        IsolationNetworkRule(),
        IsolationVolumeRule(),
        IsolationBindPathRule(),
        IsolationContainerNameRule(),
        IsolationPortRule(),
        IsolationInfluxTenantRule(),
        IsolationSQLiteRule(),
        IsolationCrossReferenceRule(),
        // InfluxDB options.
        InfluxDBOptionRule(),
        InfluxDBRetentionRule(),
        // Secrets.
        SecretsProductionLiteralRule(),
        SecretsReferenceDefaultRule(),
    ]
}
