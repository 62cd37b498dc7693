extension RuleRegistry {
    /// Resources and budgets, the dependency graph, ports, names, references, health checks, images, env files.
    static let hygieneRules: [any Rule] = [
        ResourceLimitsRule(),
    ]
}
