import DeployModel

/// `secrets.production-literal`: in production every secret-looking key is a bare `${VAR:?…}` reference.
public struct SecretsProductionLiteralRule: Rule {
    public static let id = "secrets.production-literal"
    public var summary: String { "production holds no secret value: every *_TOKEN, *_PASSWORD, *SECRET*, *API_KEY* is one ${VAR:?…} reference" }
    public var documentation: String {
        """
        The hand-written production compose file shipped `API_KEY=${API_KEY:-<a literal key>}`: the \
        key was in the repository and in every generated file, and a missing variable silently fell \
        back to it. In production, every environment variable and env-file entry whose key looks \
        secret (case-insensitive: ends with `_TOKEN`, `_PASSWORD` or `_PASS`, or contains `SECRET`, \
        `API_KEY`, `APIKEY`, `PRIVATE_KEY`, `CREDENTIAL`, `PASSWD`) must be exactly one \
        `.secret(\"NAME\")`, written `${NAME:?message}`: no literal text around it and no variable \
        with a default, so the generated files never hold a secret and deploying without it fails \
        loudly. Test values are test credentials and are not checked here. It cannot be waived. \
        Fix: `Env(\"API_KEY\", .secret(\"WEATHER_API_KEY\"))`, or for values that differ per mode \
        `Env(\"X_TOKEN\", test: \"test-token\", production: .secret(\"X_TOKEN\"))`. \
        Complexity: O(e) for e environment variables and env-file entries.
        """
    }
    public var isWaivable: Bool { false }

    /// Whether `value` is exactly one secret reference.
    static func isBareSecret(_ value: ResolvedValue) -> Bool {
        if value.parts.count == 1, case .secret = value.parts[0] { return true }
        return false
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let help = "write .secret(\"NAME\") (deployed as ${NAME:?message}); a per-mode value is .mode(test: \"…\", production: .secret(\"NAME\"))"
        for service in context.production.services {
            for variable in service.environment where SecretNames.looksSecret(variable.key) && !Self.isBareSecret(variable.value) {
                let owner = variable.fromDefaults ? "production Defaults" : "production service '\(service.name)'"
                diagnostics.error(
                    Self.id, "\(owner): \(variable.key) is \(SecretNames.shape(variable.value)), not a bare secret reference",
                    at: variable.location, help: help, service: variable.fromDefaults ? nil : service.name)
            }
        }
        for entry in context.production.envFile where SecretNames.looksSecret(entry.key) && !Self.isBareSecret(entry.value) {
            diagnostics.error(
                Self.id, "the production env file: \(entry.key) is \(SecretNames.shape(entry.value)), not a bare secret reference",
                at: entry.location, help: help)
        }
    }
}
