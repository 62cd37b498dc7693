/// Every rule the compiler proves, in catalogue order.
public enum RuleRegistry {
    public static let all: [any Rule] = modeAndIsolationRules + hygieneRules + [
        StackSettingsRule(),
        WaiverValidityRule(),
    ]

    /// The rule with `id`.
    public static func rule(_ id: String) -> (any Rule)? { all.first { $0.id == id } }
}
