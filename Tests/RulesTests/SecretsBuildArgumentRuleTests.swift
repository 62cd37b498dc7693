import DeployCompiler
import DeployModel
import Testing

@Suite("Rule secrets.build-argument", .exactFindings)
struct SecretsBuildArgumentRuleTests {
    @Test("a secret in a build argument is an error at its Build line, in both modes; other values pass")
    func secretBuildArgument() {
        let stack = validStack {
            CoreService("builder") {
                Build(  // @secretArg
                    context: "src", arguments: ["API_TOKEN": .secret("API_TOKEN"), "LEVEL": .mode(test: "debug", production: "info")])
                Healthcheck(["CMD", "true"])
            }
        }
        let found = ruleDiagnostics(SecretsBuildArgumentRule.id, in: expectRejected(stack))
        #expect(found.count == 1, "\(found)")
        let diagnostic = expectDiagnostic(SecretsBuildArgumentRule.id, atMarker: "secretArg", in: found)
        #expect(diagnostic?.message.contains("test and production") == true, "\(String(describing: diagnostic?.message))")
        #expect(diagnostic?.message.contains("API_TOKEN") == true)
        #expect(diagnostic?.help?.contains(".secret(\"API_TOKEN\")") == true)
        expectNoDiagnostic(SecretsBuildArgumentRule.id, in: diagnostics(of: validStack()))
    }
}
