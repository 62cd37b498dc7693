import DeployCompiler
import DeployModel
import Testing

@Suite("Rule baseline")
struct BaselineTests {
    @Test("the minimal valid stack passes every rule")
    func minimalStackIsClean() {
        let found = diagnostics(of: validStack())
        #expect(found.isEmpty, "\(found.map(\.description))")
    }

    @Test("the line marker helper finds the marked line")
    func markerHelper() {
        let marked = line(marked: "marker-self-test")  // @marker-self-test
        let here = #line - 1
        #expect(marked == here)
    }
}
