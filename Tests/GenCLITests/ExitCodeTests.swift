import DeployCompiler
import DeployModel
import Foundation
import GenCLI
import Testing

@Suite("Exit codes stay 0, 1 or 2")
struct ExitCodeTests {
    @Test("absurd numbers exit 1 with located errors, never a trap (exit 132)")
    func absurdNumbers() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let stack = Stack("demo") {
            TestPortOffset(Int.max)
            CoreService("api") {
                Image("example/api:1.0.0")
                Port(Int.max)
                Healthcheck(["CMD", "true"], interval: .minutes(Int.max))
                Limits(memory: .gib(.nan), cpus: .cpus(.nan))
                Reservations(memory: .mib(Int.max), cpus: .cpus(.infinity))
            }
        }
        let result = CommandLineTool(stack: stack, currentDirectory: root.path).run([])
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardError.contains("[numbers.range]") && result.standardError.contains("[ports.range]"), "\(result.standardError)")
        #expect(result.standardError.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/generated"))
    }
}
