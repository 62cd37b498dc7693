import DeployCompiler
import DeployModel
import Testing

@Suite("Rule declarations.builder-size: a builder block type-checks quickly", .exactFindings)
struct DeclarationsBuilderSizeRuleTests {
    /// A service of one line, located at its caller.
    static func small(_ name: String, file: String = #filePath, line: Int = #line, column: Int = #column) -> CoreService {
        CoreService(name, file: file, line: line, column: column) {
            Image("example/\(name):1.0.0")
            Healthcheck(["CMD", "true"])
            Limits(memory: .mib(32), cpus: 0.05)
            Reservations(memory: .mib(16), cpus: 0.01)
        }
    }

    @Test("nine services in one block: one warning at its first service, and the files are still written")
    func nineServicesInOneBlock() {
        let stack = validStack {
            Self.small("s1")  // @first
            Self.small("s2")
            Self.small("s3")
            Self.small("s4")
            Self.small("s5")
            Self.small("s6")
            Self.small("s7")
            Self.small("s8")
            Self.small("s9")
        }
        let compilation = compiled(stack)
        expectFindings(
            [ExpectedFinding(ruleID: DeclarationsBuilderSizeRule.id, marker: "first", severity: .warning)], in: compilation.diagnostics)
        let message = compilation.diagnostics.first?.message ?? ""
        #expect(message.contains("holds 9 services ('s1' … 's9')"), "\(message)")
        #expect(message.contains("more than the \(BuilderBlock.serviceLimit)"), "\(message)")
        #expect(!compilation.hasErrors && !compilation.files.isEmpty, "a warning must not stop generation")
    }

    @Test("eight services in one block, nine from a for loop, or two groups of five: no finding")
    func blocksWithinTheLimit() {
        let eight = validStack {
            Self.small("s1")
            Self.small("s2")
            Self.small("s3")
            Self.small("s4")
            Self.small("s5")
            Self.small("s6")
            Self.small("s7")
            Self.small("s8")
        }
        expectFindings([], in: diagnostics(of: eight))
        let loop = validStack {
            for index in 1...9 { Self.small("s\(index)") }
        }
        expectFindings([], in: diagnostics(of: loop))
        let groups = validStack {
            StackGroup {
                Self.small("a1")
                Self.small("a2")
                Self.small("a3")
                Self.small("a4")
                Self.small("a5")
            }
            StackGroup {
                Self.small("b1")
                Self.small("b2")
                Self.small("b3")
                Self.small("b4")
                Self.small("b5")
            }
        }
        expectFindings([], in: diagnostics(of: groups))
    }

    @Test("a large block inside TestOnly is reported once, not once per mode")
    func largeBlockInAModeBlock() {
        let stack = validStack {
            TestOnly {
                Self.small("t1")  // @test-first
                Self.small("t2")
                Self.small("t3")
                Self.small("t4")
                Self.small("t5")
                Self.small("t6")
                Self.small("t7")
                Self.small("t8")
                Self.small("t9")
            }
        }
        expectFindings(
            [ExpectedFinding(ruleID: DeclarationsBuilderSizeRule.id, marker: "test-first", severity: .warning)], in: diagnostics(of: stack))
    }
}
