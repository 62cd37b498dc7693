import DeployModel

/// What the production security rules share: how a finding in production is reported.
enum ProductionSecurity {
    /// The help line every security rule ends with: fix it, or waive it with a reason.
    static func help(_ fix: String, rule: String) -> String {
        "\(fix); if production really needs it, Waive(\"\(rule)\", because: \"…\") in the service"
    }
}
