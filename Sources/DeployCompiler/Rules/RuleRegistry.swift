/// Every rule the compiler proves, in catalogue order: the one list of rules.
///
/// Each rule lives in `Rules/Catalogue/`, in a file and type named after its ID (`mode.no-mode` is
/// `ModeNoModeRule`); `RuleRegistryTests` proves every rule type there is listed here exactly once.
public enum RuleRegistry {
    public static let all: [any Rule] = [
        // Mode: which services run where, and what they are told.
        ModeProductionPurityRule(),
        ModeTestExternalAPIRule(),
        ModeTestEgressRule(),
        ModeAIBothRule(),
        ModeDeploymentModeRule(),
        ModeFeatureFlagsRule(),
        ModeNoModeRule(),
        // Isolation: the modes share nothing.
        IsolationNetworkRule(),
        IsolationVolumeRule(),
        IsolationBindPathRule(),
        IsolationContainerNameRule(),
        IsolationPortRule(),
        IsolationLANPortRule(),
        IsolationInfluxDBTenantRule(),
        IsolationSQLiteRule(),
        IsolationCrossReferenceRule(),
        IsolationEnvFileRule(),
        // InfluxDB options.
        InfluxDBOptionRule(),
        InfluxDBRetentionRule(),
        // Secrets.
        SecretsProductionLiteralRule(),
        SecretsReferenceDefaultRule(),
        SecretsBuildArgumentRule(),
        SecretsNamedFieldRule(),
        SecretsURLCredentialsRule(),
        SecretsTokenShapeRule(),
        // Resources and budgets, the dependency graph, ports, names, references, health checks, images, env files.
        ResourcesLimitsRule(),
        ResourcesPositiveRule(),
        ResourcesReservationsRule(),
        ResourcesBudgetRule(),
        ResourcesCPUOvercommitRule(),
        ResourcesDeclaredRule(),
        GraphDependsOnRule(),
        GraphCycleRule(),
        GraphHealthyNeedsHealthcheckRule(),
        GraphServiceURLRule(),
        GraphServicePortRule(),
        PortsRangeRule(),
        PortsUniqueRule(),
        NamesPatternRule(),
        NamesDuplicateRule(),
        NamesReservedLabelRule(),
        ReferencesUndeclaredRule(),
        HealthCheckRule(),
        HealthProbePortRule(),
        ImagesPinnedRule(),
        EnvPortableRule(),
        NumbersRangeRule(),
        DeclarationsDuplicateRule(),
        DeclarationsBuilderSizeRule(),
        PathsLengthRule(),
        // Production security.
        SecurityDockerSocketRule(),
        SecurityPrivilegedRule(),
        SecurityHostNamespaceRule(),
        SecurityCapabilitiesRule(),
        SecurityWritableSourceRule(),
        // Host files and values Compose would refuse.
        FilesExistRule(),
        ComposeValidRule(),
        // Docker Swarm: only for a cluster (`Cluster { … }` or `--target swarm`).
        SwarmPlacementRule(),
        SwarmStatefulRule(),
        SwarmNodeBudgetRule(),
        SwarmPortsRule(),
        SwarmIsolationRule(),
        SwarmSecretsRule(),
        // The stack and its waivers.
        StackSettingsRule(),
        WaiverValidRule(),
    ]

    /// The rule with `id`.
    public static func rule(_ id: String) -> (any Rule)? { all.first { $0.id == id } }
}
