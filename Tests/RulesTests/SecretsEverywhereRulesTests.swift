import DeployModel
import Testing

@testable import DeployCompiler

/// Secrets in every emitted field (issue 9 part 2): `secrets.named-field`, `secrets.url-credentials`,
/// `secrets.token-shape`, and diagnostics that never print a secret.
@Suite("Secrets in every field", .exactFindings)
struct SecretsEverywhereRulesTests {
    /// Made-up tokens of the well-known shapes, assembled so that no scanner mistakes this file for a leak.
    static let openAIKey = "sk-" + "proj-0123456789abcdefABCDEF0123"
    static let gitHubToken = "ghp" + "_0123456789abcdefghijABCDEFGHIJ012345"
    static let gitHubFineGrained = "github" + "_pat_0123456789abcdefghijAB_cdef"
    static let slackToken = "xox" + "b-0123456789-abcdefghij"
    static let awsKey = "AKIA" + "0123456789ABCDEF"
    static let jwt = "eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl"

    @Test("the issue's five reproductions are refused at their lines, and no message prints the secret")
    func issueReproductions() {
        let stack = validStack(service: {
            Build(context: "src", arguments: ["API_TOKEN": "hunter2"])  // @repro-build
            Label("api_token", "hunter2")  // @repro-label
            Command("app", "--token", "hunter2")  // @repro-command
            Env("DATABASE_URL", "postgres://user:hunter2@db/x")  // @repro-url
            Env("OPENAI_KEY", .literal(Self.openAIKey))  // @repro-openai
        })
        let found = expectRejected(stack)
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.named-field", marker: "repro-build", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "repro-label", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "repro-command", modes: .production),
                ExpectedFinding(ruleID: "secrets.url-credentials", marker: "repro-url", modes: .production),
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "repro-openai", modes: .both),
            ], in: found)
        for diagnostic in found {
            #expect(diagnostic.help?.isEmpty == false, "\(diagnostic)")
            #expect(!diagnostic.description.contains("hunter2") && !(diagnostic.help ?? "").contains("hunter2"), "\(diagnostic)")
            #expect(!diagnostic.description.contains(Self.openAIKey), "\(diagnostic)")
        }
        let command = found.first { $0.location.line == line(marked: "repro-command") }
        #expect(command?.message == "production: service 'api': command passes a literal value after --token")
        #expect(command?.help?.contains("Env(\"TOKEN\", .secret(\"TOKEN\"))") == true)
    }

    // MARK: secrets.named-field

    @Test("secrets.named-field: every key/value field and argument form, production only; references and placeholders pass")
    func namedField() {
        let stack = validStack(
            extra: {
                CoreService("probe") {
                    Image("example/probe:1.0.0")
                    Healthcheck(["CMD", "probe", "--api-key=abcd1234"])  // @named-health
                }
            },
            service: {
                Logging(driver: "fluentd", options: ["fluentd-password": "pw1234"])  // @named-logging
                Entrypoint("sh", "-c", "API_KEY=abcd1234 exec app")  // @named-entrypoint
                Label("com.example.db-password", "<set at deploy time>")
                Command("sh", "-c", "exec app --token \"$API_TOKEN\" --token-file /run/secrets/token")
                InTest { Label("api_token", "test-token") }
            })
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-logging", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-entrypoint", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-health", modes: .production),
            ], in: diagnostics(of: stack))
        #expect(RuleRegistry.rule("secrets.named-field")?.isWaivable == false)
    }

    @Test("secrets.named-field: a secret label in Defaults is one finding without a service")
    func namedFieldInDefaults() {
        let stack = validStack(extra: {
            Defaults {
                Label("SHARED_SECRET", "abc")  // @named-defaults
            }
        })
        let found = diagnostics(of: stack)
        expectFindings([ExpectedFinding(ruleID: "secrets.named-field", marker: "named-defaults", modes: .production)], in: found)
        #expect(found.first?.service == nil)
        #expect(found.first?.message == "production: Defaults: label SHARED_SECRET is <literal>, not a secret reference")
    }

    @Test(
        "secrets.named-field: sysctls and driver options are key/value fields too; password= inside mount options is found; ${X} text is a placeholder"
    )
    func namedFieldOptions() {
        let stack = validStack(
            extra: {
                Network("vpn", driverOptions: ["com.example.vpn-password": "pw1234"])  // @named-network
                Volume("remote", driverOptions: ["o": "addr=nas,password=pw1234", "secret": "${NAS_SECRET}"])  // @named-volume
            },
            service: {
                Sysctl("net.example.api_token", "abcd1234")  // @named-sysctl
                Env("APP_OPTS", "--verbose --api-key=abcd1234")  // @named-env-pair
                Env("TEST_OPTS", test: "--api-key=test-key", production: "--verbose")
            })
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-network", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-volume", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-sysctl", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "named-env-pair", modes: .production),
            ], in: diagnostics(of: stack))
    }

    // MARK: secrets.url-credentials

    @Test("secrets.url-credentials: a literal password in any production URL; references, placeholders and test values pass")
    func urlCredentials() {
        let stack = validStack(
            extra: {
                CoreService("probe") {
                    Image("example/probe:1.0.0")
                    Port(8007)
                    Healthcheck(["CMD", "curl", "-f", "http://admin:pw@localhost:8007/health"])  // @url-health
                }
            },
            service: {
                Env("CACHE_URL", "redis://:s3cret@cache:6379/0")  // @url-empty-user
                Env("DB_URL", .joined(["postgres://user:", .secret("DB_PASSWORD"), "@db/x"]))
                Env("MQTT_URL", "mqtt://user:<password>@broker")
                Env("BROKER_URL", test: "amqp://guest:guest@broker-test/", production: .secret("BROKER_URL"))
                Command("sh", "-c", "exec app --db postgres://user:$DB_PASSWORD@db/x")
            })
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.url-credentials", marker: "url-health", modes: .production),
                ExpectedFinding(ruleID: "secrets.url-credentials", marker: "url-empty-user", modes: .production),
            ], in: diagnostics(of: stack))
    }

    // MARK: secrets.token-shape

    @Test("secrets.token-shape: every well-known shape in any field of either mode, and long blobs under secret names in test")
    func tokenShapes() {
        let stack = validStack(
            extra: {
                EnvFileEntry("GITHUB_FINE", .literal(Self.gitHubFineGrained))  // @token-envfile
                CoreService("probe") {
                    Image("example/probe:1.0.0")
                    Port(8007)
                    Healthcheck(["CMD-SHELL", "curl -H 'Authorization: Bearer \(Self.jwt)' http://localhost:8007/health"])  // @token-jwt
                }
            },
            service: {
                Label("org.example.owner", Self.gitHubToken)  // @token-label
                Command("notify", "--channel", Self.slackToken)  // @token-command
                ExtraHost("aws-\(Self.awsKey.lowercased())", "10.0.0.1")
                Env("AWS_ACCESS_KEY_ID", test: .literal(Self.awsKey), production: .secret("AWS_ACCESS_KEY_ID"))  // @token-aws
                Env("SESSION_SECRET", test: "0123456789abcdef0123456789abcdef", production: .secret("SESSION_SECRET"))  // @token-blob
                Env("ADMIN_TOKEN", test: "homeiq-test-token", production: .secret("ADMIN_TOKEN"))
                Env("NOTE", "sk-live-0123456789 is too short to be a key")
            })
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "token-envfile", modes: .both),
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "token-label", modes: .both),
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "token-command", modes: .both),
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "token-aws", modes: .test),
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "token-jwt", modes: .both),
                ExpectedFinding(ruleID: "secrets.token-shape", marker: "token-blob", modes: .test),
            ], in: diagnostics(of: stack))
    }

    @Test("the shapes are recognised at word boundaries only")
    func shapeBoundaries() {
        #expect(SecretScan.tokens(in: "key=\(Self.openAIKey)").map(\.kind) == ["an OpenAI-style API key (sk-…)"])
        #expect(SecretScan.tokens(in: "risk-0123456789abcdefghijklmnop").map(\.kind).isEmpty)
        #expect(SecretScan.tokens(in: "XAKIA0123456789ABCDEF").map(\.kind).isEmpty)
        #expect(SecretScan.tokens(in: Self.jwt).map(\.kind) == ["a JSON Web Token (eyJ…)"])
        #expect(SecretScan.tokens(in: String(repeating: "a", count: 1 << 20)).map(\.kind).isEmpty)
    }
}
