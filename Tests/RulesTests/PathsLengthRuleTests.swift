import DeployCompiler
import DeployModel
import Testing

@Suite("Rule paths.length: host paths fit in PATH_MAX", .exactFindings)
struct PathsLengthRuleTests {
    @Test("a 4096-byte bind source is an error at its Mount in both modes; 4095 bytes pass")
    func overlongBindSource() {
        let tooLong = String(repeating: "a", count: PathsLengthRule.maximumBytes + 1)
        let longest = String(repeating: "b", count: PathsLengthRule.maximumBytes)
        let stack = validStack {
            CoreService("files") {
                Image("example/files:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: tooLong, at: "/long", readOnly: true)  // @too-long
                Mount(bind: longest, at: "/longest", readOnly: true)
            }
        }
        let found = ruleDiagnostics(PathsLengthRule.id, in: expectRejected(stack))
        #expect(found.count == 1, "\(found)")
        let diagnostic = expectDiagnostic(PathsLengthRule.id, atMarker: "too-long", in: found)
        #expect(diagnostic?.message.contains("bind-mount source of 4096 bytes") == true)
        #expect(diagnostic?.message.contains(tooLong) == false, "the message must not echo the path")
    }
}
