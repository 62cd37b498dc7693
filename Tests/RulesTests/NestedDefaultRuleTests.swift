import DeployCompiler
import DeployModel
import Testing

/// `env.portable` refuses a nested default (`${A:-${B}}`) with its own advice, in the env file and the compose file.
@Suite("Nested defaults", .exactFindings)
struct NestedDefaultRuleTests {
    @Test("a nested default is refused at its line, in both files, saying why and what to write instead")
    func refused() {
        let stack = validStack(
            extra: {
                EnvFileEntry("REGION", .variable("REGION", default: "${DEFAULT_REGION}"))  // @nested-envfile
            },
            service: {
                Env("REGION", .variable("REGION", default: "${DEFAULT_REGION:-eu}"))  // @nested-env
                Env("LEVEL", .variable("LEVEL", default: "info"))
            })
        let found = expectRejected(stack)
        expectFindings(
            [
                ExpectedFinding(ruleID: "env.portable", marker: "nested-envfile", modes: .both),
                ExpectedFinding(ruleID: "env.portable", marker: "nested-env", modes: .both),
            ], in: found)
        for diagnostic in found {
            #expect(diagnostic.message.contains("nests a reference") && diagnostic.message.contains("python-dotenv"), "\(diagnostic)")
            #expect(diagnostic.message.contains(".mode(test:production:)"), "\(diagnostic)")
        }
    }
}
