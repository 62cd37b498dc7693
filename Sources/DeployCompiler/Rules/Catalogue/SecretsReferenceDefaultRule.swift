import DeployModel

/// `secrets.reference-default`: a variable that carries a secret has no default value.
public struct SecretsReferenceDefaultRule: Rule {
    public static let id = "secrets.reference-default"
    public var summary: String { "no secret variable has a default value (${API_KEY:-abc}), in either mode" }
    public var documentation: String {
        """
        `${API_KEY:-<literal>}` writes the secret into the repository and into every generated file, \
        and deploys with it whenever the variable is unset: that is how the real HomeIQ file leaked a \
        key. In both modes, a `.variable(name, default:)` whose name looks secret (see \
        `secrets.production-literal`), or that is the value of a secret-looking key, must have no \
        default or an empty one (test may say `${HA_TEST_TOKEN:-}` for an optional test credential). \
        Production keys that look secret are covered by `secrets.production-literal`, which requires \
        a bare `.secret`, and are not reported twice. It cannot be waived. Fix: use \
        `.secret(\"NAME\")` (required) or `.variable(\"NAME\", default: \"\")` in test. \
        Complexity: O(e) for e environment variables and env-file entries.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            func offending(_ key: String, _ value: ResolvedValue) -> String? {
                for part in value.parts {
                    guard case .variable(let name, let fallback?) = part, !fallback.isEmpty else { continue }
                    // Production secret keys are the business of secrets.production-literal.
                    if mode == .production && SecretNames.looksSecret(key) { return nil }
                    if SecretNames.looksSecret(name) || SecretNames.looksSecret(key) { return name }
                }
                return nil
            }
            let help = "use .secret(\"NAME\") so a missing value fails the deployment, or .variable(\"NAME\", default: \"\") in test"
            // A key and value that services repeat are judged once (`EnvironmentValues`); the services are visited only when one has a finding.
            let values = context.environmentValues[mode]
            let names = values.judgeVariables { key, value in value.hasReferences ? offending(key, value) : nil }
            values.forEachJudged(names, in: deployment) { service, variable, name in
                let owner = variable.fromDefaults ? "Defaults" : "service '\(service.name)'"
                diagnostics.add(
                    Self.id, mode, "\(owner): \(variable.key) gives secret variable \(name) a default value (${\(name):-<literal>})",
                    at: variable.location, help: help, service: variable.fromDefaults ? nil : service.name)
            }
            for entry in deployment.envFile where entry.value.hasReferences {
                guard let name = offending(entry.key, entry.value) else { continue }
                diagnostics.add(
                    Self.id, mode, "the env file: \(entry.key) gives secret variable \(name) a default value (${\(name):-<literal>})",
                    at: entry.location, help: help)
            }
        }
    }
}
