import DeployCompiler
import DeployModel
import Testing

/// The secrets rules (`secrets.*`): production holds no secret value, and no secret has a default.
@Suite("Secrets rules", .exactFindings)
struct SecretsRulesTests {
    // MARK: secrets.production-literal

    @Test("a literal API key in production is reported at the Env, without printing it")
    func literalKey() {
        let stack = validStack(service: {
            Env("API_KEY", "sk-live-0123456789")  // @secret-literal
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("secrets.production-literal", atMarker: "secret-literal", in: found)
        #expect(diagnostic?.message == "production: service 'api': API_KEY is <literal>, not a bare secret reference")
        #expect(diagnostic?.modes == .production)
        #expect(!found.contains { $0.message.contains("sk-live") }, "no diagnostic may print the secret")
        // A test value is a test credential: one report, for production.
        #expect(ruleDiagnostics("secrets.production-literal", in: found).count == 1)
        #expect(RuleRegistry.rule("secrets.production-literal")?.isWaivable == false)
    }

    @Test("the real incident: API_KEY=${API_KEY:-<literal>} is refused in production and in test")
    func defaultedKey() {
        let stack = validStack(service: {
            Env("API_KEY", .variable("API_KEY", default: "sk-live-0123456789"))  // @secret-default
        })
        let found = expectRejected(stack)
        let literal = expectDiagnostic("secrets.production-literal", atMarker: "secret-default", in: found)
        #expect(literal?.message.contains("${API_KEY:-<literal>}") == true)
        let reference = expectDiagnostic("secrets.reference-default", atMarker: "secret-default", in: found)
        #expect(reference?.message.hasPrefix("test: service 'api'") == true)
        #expect(reference?.modes == .test)
        // Production's report comes from production-literal only.
        #expect(ruleDiagnostics("secrets.reference-default", in: found).count == 1)
    }

    @Test("literal text around a secret reference is refused")
    func secretWithLiteralAround() {
        let stack = validStack(service: {
            Env("DB_PASSWORD", .joined(["prefix-", .secret("DB_PASSWORD")]))  // @secret-joined
        })
        let diagnostic = expectDiagnostic("secrets.production-literal", atMarker: "secret-joined", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("<literal>${DB_PASSWORD:?…}") == true)
    }

    @Test("secret-looking keys are recognised case-insensitively; others are not")
    func secretKeyPatterns() {
        let stack = validStack(service: {
            Env("ha_token", "a")  // @key-token
            Env("SMTP_PASS", "b")  // @key-pass
            Env("CLIENT_SECRET_ID", "c")  // @key-secret
            Env("WeatherApiKey", "d")  // @key-apikey
            Env("SSH_PRIVATE_KEY", "e")  // @key-private
            Env("AWS_CREDENTIALS_FILE", "f")  // @key-credential
            Env("TOKEN", "g")  // @key-bare
            Env("TOKEN_URL", "https://auth.example/token")
            Env("PASSAGE", "h")
            Env("LOG_LEVEL", "info")
            Env("KEYBOARD", "i")
        })
        let found = expectRejected(stack)
        for marker in ["key-token", "key-pass", "key-secret", "key-apikey", "key-private", "key-credential", "key-bare"] {
            expectDiagnostic("secrets.production-literal", atMarker: marker, in: found)
        }
        #expect(ruleDiagnostics("secrets.production-literal", in: found).count == 7)
    }

    @Test("a bare secret in production, and a per-mode value with a test literal, pass; the file holds only the reference")
    func bareSecretPasses() {
        let stack = validStack(service: {
            Env("WEATHER_API_KEY", .secret("WEATHER_API_KEY"))
            Env("ADMIN_TOKEN", test: "test-admin-token", production: .secret("ADMIN_TOKEN"))
        })
        let compilation = compiled(stack)
        expectNoDiagnostic("secrets.production-literal", in: compilation.diagnostics)
        expectNoDiagnostic("secrets.reference-default", in: compilation.diagnostics)
        let production = compilation.files.first { $0.path.hasSuffix("docker-compose.prod.yml") }?.contents ?? ""
        #expect(production.contains("${WEATHER_API_KEY:?"))
        #expect(production.contains("${ADMIN_TOKEN:?"))
        #expect(!production.contains("test-admin-token"))
    }

    @Test("a production env-file entry with a secret value is reported at the EnvFileEntry")
    func envFileEntry() {
        let stack = validStack(extra: {
            EnvFileEntry("SMTP_PASSWORD", test: "", production: "hunter2")  // @secret-envfile
        })
        let diagnostic = expectDiagnostic("secrets.production-literal", atMarker: "secret-envfile", in: expectRejected(stack))
        #expect(diagnostic?.message.hasPrefix("production: the env file: SMTP_PASSWORD") == true)
    }

    @Test("a secret literal in the stack Defaults is reported once, at the Defaults Env")
    func defaultsLiteral() {
        let stack = validStack(extra: {
            Defaults {
                Env("SHARED_SECRET", "abc")  // @secret-defaults
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("secrets.production-literal", atMarker: "secret-defaults", in: found)
        #expect(diagnostic?.service == nil)
        #expect(ruleDiagnostics("secrets.production-literal", in: found).count == 1)
    }

    @Test("the InfluxDB token and Home Assistant token of production must be secrets too")
    func derivedTokens() {
        let stack = validStack(extra: {
            InfluxDB(  // @secret-influx
                .sharedInstance, test: InfluxTenant(org: "demo-test", bucket: "events_test", token: "demo-test-token", retention: .days(7)),
                production: InfluxTenant(org: "demo", bucket: "events", token: "prod-token", retention: .days(30)))
        })
        let diagnostic = expectDiagnostic("secrets.production-literal", atMarker: "secret-influx", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("INFLUXDB_TOKEN") == true)
    }

    // MARK: secrets.reference-default

    @Test("a test variable for a secret may default to empty, not to a value")
    func testDefaults() {
        let empty = validStack(service: {
            Env("HA_TOKEN", test: .variable("HA_TEST_TOKEN", default: ""), production: .secret("HA_TOKEN"))
        })
        expectNoDiagnostic("secrets.reference-default", in: diagnostics(of: empty))

        let filled = validStack(service: {
            Env("HA_TOKEN", test: .variable("HA_TEST_TOKEN", default: "eyJhbGciOi"), production: .secret("HA_TOKEN"))  // @default-test
        })
        let found = expectRejected(filled)
        let diagnostic = expectDiagnostic("secrets.reference-default", atMarker: "default-test", in: found)
        #expect(
            diagnostic?.message == "test: service 'api': HA_TOKEN gives secret variable HA_TEST_TOKEN a default value (${HA_TEST_TOKEN:-<literal>})")
        #expect(!found.contains { $0.message.contains("eyJhbGciOi") })
        #expect(RuleRegistry.rule("secrets.reference-default")?.isWaivable == false)
    }

    @Test("a secret variable with a default inside a production value under an innocent key is reported")
    func secretVariableInsideURL() {
        let stack = validStack(service: {
            Env("WEATHER_URL", .joined(["https://api.example/v1?key=", .variable("WEATHER_API_KEY", default: "abc123")]))  // @default-url
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("secrets.reference-default", atMarker: "default-url", in: found)
        #expect(ruleDiagnostics("secrets.reference-default", in: found).count == 1, "one finding, in both modes")
        #expect(diagnostic?.modes == .both)
        expectNoDiagnostic("secrets.production-literal", in: found)
    }

    @Test("non-secret variables may have defaults")
    func ordinaryDefaults() {
        let stack = validStack(service: {
            Env("TZ", .variable("TZ", default: "UTC"))
            Env("LOG_LEVEL", .variable("LOG_LEVEL", default: "info"))
        })
        expectNoDiagnostic("secrets.reference-default", in: diagnostics(of: stack))
    }

    @Test("a test env-file entry that defaults a secret variable is reported")
    func envFileDefault() {
        let stack = validStack(extra: {
            EnvFileEntry(  // @default-envfile
                "OPENAI_API_KEY", test: .variable("OPENAI_API_KEY", default: "sk-test-123"), production: .secret("OPENAI_API_KEY"))
        })
        let diagnostic = expectDiagnostic("secrets.reference-default", atMarker: "default-envfile", in: expectRejected(stack))
        #expect(diagnostic?.message.hasPrefix("test: the env file: OPENAI_API_KEY") == true)
    }
}
