import DeployCompiler
import DeployModel
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

/// The test port offset is visible where the engineer looks (issue 9 part 4): README and docs/ENVIRONMENT.md
/// state the offset the HomeIQ stack really resolves to, so `Port(8006)` publishing 18006 in test is no surprise.
@Suite("Test port offset in the documentation")
struct PortOffsetDocumentationTests {
    static let offset = ModeResolver().resolveAll(HomeIQ.stack).test.testPortOffset

    @Test("docs/ENVIRONMENT.md states the stack's offset and an example, from the model")
    func environmentDocument() {
        let document = Compiler().compile(HomeIQ.stack).files.first { $0.path.hasSuffix("ENVIRONMENT.md") }?.contents ?? ""
        #expect(document.contains("\(Self.offset) here (`TestPortOffset`, default \(ModeResolver.defaultTestPortOffset))"))
        #expect(document.contains("`Port(8006)` is 8006 in production and \(8006 + Self.offset) in test"))
    }

    @Test("README states the same offset and example")
    func readme() throws {
        let readme = try String(contentsOf: PackageRoot.url().appendingPathComponent("README.md"), encoding: .utf8)
        let text = readme.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("test port offset, \(Self.offset)**"), "README must name the offset \(Self.offset)")
        #expect(text.contains("`127.0.0.1:\(8006 + Self.offset)` in test"))
        #expect(text.contains("### Choosing a role"))
    }
}
