import DeployModel

/// `secrets.production-literal`: in production every secret-looking key is a bare `${VAR:?…}` reference.
public struct SecretsProductionLiteralRule: Rule {
    public static let id = "secrets.production-literal"
    public var summary: String {
        "production holds no secret value: every *_TOKEN, *_PASSWORD, *SECRET*, *API_KEY* is one ${VAR:?…} reference (or an optional ${VAR:-})"
    }
    public var documentation: String {
        """
        The hand-written production compose file shipped `API_KEY=${API_KEY:-<a literal key>}`: the \
        key was in the repository and in every generated file, and a missing variable silently fell \
        back to it. In production, every environment variable and env-file entry whose key looks \
        secret (case-insensitive: ends with `_TOKEN`, `_PASSWORD` or `_PASS`, or contains `SECRET`, \
        `API_KEY`, `APIKEY`, `PRIVATE_KEY`, `CREDENTIAL`, `PASSWD`) must be exactly one \
        `.secret(\"NAME\")`, written `${NAME:?message}`: no literal text around it and no variable \
        with a default, so the generated files never hold a secret and deploying without it fails \
        loudly. A credential the service runs without (a token that only raises a rate limit) is one \
        `.optionalSecret(\"NAME\")`, written `${NAME:-}`: still no literal, listed as optional in \
        `docs/ENVIRONMENT.md` and in the compose file's `x-homeiq` facts, and `scripts/deploy.sh` warns \
        rather than refuses while it is unset. Test values are test credentials and are not checked here. It cannot be waived. \
        Fix: `Env(\"API_KEY\", .secret(\"WEATHER_API_KEY\"))`, or for values that differ per mode \
        `Env(\"X_TOKEN\", test: \"test-token\", production: .secret(\"X_TOKEN\"))`. \
        Complexity: O(e) for e environment variables and env-file entries.
        """
    }
    public var isWaivable: Bool { false }

    /// Whether `value` is exactly one secret reference: required (`${NAME:?…}`) or optional (`${NAME:-}`).
    static func isBareSecret(_ value: ResolvedValue) -> Bool {
        guard value.parts.count == 1 else { return false }
        switch value.parts[0] {
        case .secret: return true
        case .variable(_, let fallback): return fallback == ""
        case .literal: return false
        }
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let help =
            "write .secret(\"NAME\") (deployed as ${NAME:?message}), or .optionalSecret(\"NAME\") when the service runs without it; a per-mode value is .mode(test: \"…\", production: .secret(\"NAME\"))"
        // A key and value that services repeat are judged once (`EnvironmentValues`); the services are visited only when one has a finding.
        let values = context.environmentValues.production
        let literals = values.judgeVariables { key, value in
            SecretNames.looksSecret(key) && !Self.isBareSecret(value) ? SecretNames.shape(value) : nil
        }
        values.forEachJudged(literals, in: context.production) { service, variable, shape in
            let owner = variable.fromDefaults ? "Defaults" : "service '\(service.name)'"
            diagnostics.add(
                Self.id, .production, "\(owner): \(variable.key) is \(shape), not a bare secret reference",
                at: variable.location, help: help, service: variable.fromDefaults ? nil : service.name)
        }
        for entry in context.production.envFile where SecretNames.looksSecret(entry.key) && !Self.isBareSecret(entry.value) {
            diagnostics.add(
                Self.id, .production, "the env file: \(entry.key) is \(SecretNames.shape(entry.value)), not a bare secret reference",
                at: entry.location, help: help)
        }
    }
}
