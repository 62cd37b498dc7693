import DeployCompiler
import DeployModel
import Testing

/// What diagnostics print (issue 9 parts 2 and 3): never a secret, never a whole huge value, and the
/// use sites of a `ServiceGroup` declaration as notes.
@Suite("Diagnostic text: masked secrets, cut values, group use sites")
struct DiagnosticTextTests {
    static let secret = "hunter2-9f8e7d6c"

    /// Every field a secret can be written in, each also in a shape some rule echoes.
    static func leakyStack(_ secret: String) -> Stack {
        validStack(
            extra: {
                EnvFileEntry("API_KEY", .joined([.literal(secret), .secret("API_KEY")]))
                EnvFileEntry("SMTP_PASSWORD", .literal(secret))
                Defaults { Label("shared_secret", secret) }
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
            },
            service: { Env("LINK", .literal("http://u:\(secret)@data-api:9/")) })
    }

    @Test("no diagnostic of any rule prints a secret written in any field; the echoing ones say <redacted>")
    func secretsMasked() {
        let found = expectRejected(Self.leakyStack(Self.secret))
        #expect(found.count >= 10, "the stack breaks many rules: \(found.count)")
        let text = found.map { "\($0)\n\($0.help ?? "")\n\($0.notes.map { $0.formatted(relativeTo: nil) })" }.joined(separator: "\n")
        #expect(!text.contains(Self.secret), "a diagnostic printed the secret:\n\(text)")
        // env.portable echoes the env file value: masked, not dropped.
        let portable = found.first { $0.ruleID == "env.portable" && $0.message.contains("API_KEY") }
        #expect(portable?.message.contains(DiagnosticRedaction.mask) == true, "\(String(describing: portable))")
    }

    @Test("a 1 MB value is never echoed whole: cut with a byte count")
    func hugeValueCut() {
        let huge = String(repeating: "a", count: 1 << 20)
        let stack = validStack(extra: {
            EnvFileEntry("BIG", .joined([.literal(huge), .variable("X", default: nil)]))  // @huge
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("env.portable", atMarker: "huge", in: found)
        // The run `(aaa…a${X});` keeps its first characters and counts the rest.
        let cut = (1 << 20) + "(${X});".utf8.count - DiagnosticRedaction.keptPrefix
        #expect(diagnostic?.message.contains("…(\(cut) more bytes)") == true, "\(String(describing: diagnostic?.message))")
        for diagnostic in found {
            #expect(diagnostic.description.utf8.count < 3000, "\(diagnostic.description.prefix(200))")
        }
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

    // MARK: ServiceGroup use sites

    static let shared = ServiceGroup {
        Label("api_token", "hunter2")  // @group-label
    }

    @Test("a diagnostic at a ServiceGroup declaration carries a note at each service's use of the group")
    func groupUseNotes() {
        let stack = validStack(extra: {
            CoreService("first") {
                Image("example/first:1.0.0")
                Healthcheck(["CMD", "true"])
                Self.shared  // @use-first
            }
            CoreService("second") {
                Image("example/second:1.0.0")
                Healthcheck(["CMD", "true"])
                Self.shared  // @use-second
            }
        })
        let found = expectRejected(stack)
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.named-field", marker: "group-label", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "group-label", modes: .production),
            ], in: found)
        for (service, marker) in [("first", "use-first"), ("second", "use-second")] {
            let diagnostic = found.first { $0.service == service }
            #expect(diagnostic?.notes.map(\.message) == ["in service '\(service)'"])
            #expect(diagnostic?.notes.first?.location.line == line(marked: marker))
            let printed = diagnostic?.notes.first?.formatted(relativeTo: nil)
            #expect(printed?.hasPrefix("in service '\(service)' at \(#filePath):\(line(marked: marker)):") == true, "\(String(describing: printed))")
        }
    }

    @Test("a declaration written in the service itself has no note")
    func noNoteInPlace() {
        let found = expectRejected(validStack(service: { Label("api_token", "hunter2") }))
        #expect(found.allSatisfy { $0.notes.isEmpty })
    }
}
