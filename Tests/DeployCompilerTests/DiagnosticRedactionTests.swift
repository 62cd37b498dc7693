import DeployCompiler
import DeployModel
import Testing

/// What diagnostics print (issue 9 part 2): never a secret, in any field and from any rule, and never a
/// whole huge value. One `DiagnosticRedaction` in the rule engine does it for every rule.
@Suite("Diagnostic redaction")
struct DiagnosticRedactionTests {
    static let secret = "hunter2-9f8e7d6c"

    /// A stack with `secret` in every field it can be written in, each also in a shape some rule echoes.
    static func leakyStack(_ secret: String) -> Stack {
        Stack("demo") {
            Network("demo-network")
            Defaults {
                OnNetwork("demo-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Label("shared_secret", secret)
            }
            EnvFileEntry("API_KEY", .joined([.literal(secret), .secret("API_KEY")]))
            EnvFileEntry("SMTP_PASSWORD", .literal(secret))
            CoreService("data-api") {
                Image("example/data-api:1.0.0")
                Port(8006)
                Env("LINK", .literal("http://u:\(secret)@data-api:9/"))
            }
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Build(context: "src", arguments: ["API_TOKEN": .literal(secret)])
                Command("app", "--token", secret, "--db", "postgres://u:\(secret)@data-api:1/x")
                Entrypoint("sh", "-c", "DB_PASSWORD=\(secret) exec app")
                Healthcheck(["CMD", "probe", "--password=\(secret)"])
                Logging(driver: "fluentd", options: ["fluentd-password": secret])
                Env("DATABASE_URL", .literal("postgres://u:\(secret)@data-api:1/x"))
                Env("WEATHER_API_KEY", .joined([.literal(secret), .variable("X", default: "$}")]))
                Env("HA_TOKEN", test: .variable("HA_TEST_TOKEN", default: secret), production: .literal(secret))
                ContainerName(.literal("c-\(secret)"))
            }
        }
    }

    /// Everything a diagnostic prints: the line, its help and its notes.
    static func printed(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "\($0)\n\($0.help ?? "")\n\($0.notes.map { $0.formatted(relativeTo: nil) })" }.joined(separator: "\n")
    }

    @Test("no diagnostic of any rule prints a secret written in any field; the echoing ones say <redacted>")
    func secretsMasked() {
        let found = Compiler().compile(Self.leakyStack(Self.secret)).diagnostics
        #expect(Set(found.map(\.ruleID)).count >= 6, "the stack breaks many rules: \(Set(found.map(\.ruleID)).sorted())")
        let text = Self.printed(found)
        #expect(!text.contains(Self.secret), "a diagnostic printed the secret:\n\(text)")
        // env.portable echoes the env file value, and isolation.container-name the name: masked, not dropped.
        let portable = found.first { $0.ruleID == "env.portable" && $0.message.contains("API_KEY") }
        #expect(portable?.message.contains(DiagnosticRedaction.mask) == true, "\(String(describing: portable))")
        let container = found.first { $0.ruleID == "isolation.container-name" }
        #expect(container?.message.contains("c-\(DiagnosticRedaction.mask)") == true, "\(String(describing: container))")
    }

    @Test("a 1 MB value is never echoed whole: cut with a byte count")
    func hugeValueCut() {
        let huge = String(repeating: "a", count: 1 << 20)
        let stack = Stack("demo") {
            EnvFileEntry("BIG", .joined([.literal(huge), .variable("X", default: nil)]))
        }
        let found = Compiler().compile(stack).diagnostics
        let diagnostic = found.first { $0.ruleID == "env.portable" && $0.message.contains("BIG") }
        // The run `(aaa…a${X});` keeps its first characters and counts the rest.
        let cut = (1 << 20) + "(${X});".utf8.count - DiagnosticRedaction.keptPrefix
        #expect(diagnostic?.message.contains("…(\(cut) more bytes)") == true, "\(String(describing: diagnostic?.message.prefix(300)))")
        for diagnostic in found {
            #expect(diagnostic.description.utf8.count < 3000, "\(diagnostic.description.prefix(200))")
        }
    }

    @Test("a secret that is also a service's name is not masked: the name would vanish from every message")
    func serviceNameNotMasked() {
        let stack = Stack("demo") {
            CoreService("gitea") {
                Image("example/gitea:1.0.0")
                Env("DB_PASSWD", "gitea")
            }
        }
        let found = Compiler().compile(stack).diagnostics
        #expect(found.contains { $0.message.contains("service 'gitea'") }, "\(found.map(\.message))")
        #expect(!Self.printed(found).contains(DiagnosticRedaction.mask))
    }

    @Test("masking: longest secret first, short ones only as whole words, texts under 4 characters never")
    func maskingUnit() {
        let redaction = DiagnosticRedaction(secrets: ["abcd", "abcdefghij", "xyz"])
        #expect(redaction.redact("k=abcdefghij;") == "k=<redacted>;")
        #expect(redaction.redact("abcd and abcde") == "<redacted> and abcde")
        #expect(redaction.redact("xyz") == "xyz")
        let long = "v=" + String(repeating: "b", count: 500)
        #expect(redaction.redact(long) == "v=" + String(repeating: "b", count: 38) + "…(462 more bytes)")
    }
}
