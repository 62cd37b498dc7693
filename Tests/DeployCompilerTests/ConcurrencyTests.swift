import DeployRender
import HomeIQDeployments
import Testing

@testable import DeployCompiler
@testable import DeployModel

@Suite("Concurrency: work spread over the cores keeps map's order")
struct ConcurrencyTests {
    @Test("concurrentMap gives map's result, in order, for arrays and for the two modes")
    func mapsInOrder() {
        let numbers = Array(0..<1000)
        #expect(numbers.concurrentMap { $0 * 3 } == numbers.map { $0 * 3 })
        #expect(Mode.concurrentMap { $0 } == PerMode(test: .test, production: .production))
        #expect(PerMode(test: 1, production: 2).concurrentMap { $0 * 10 } == PerMode(test: 10, production: 20))
    }

    @Test("ENVIRONMENT.md rendered section by section (as emit does, on several cores) is the document")
    func environmentSections() {
        let deployments = ModeResolver().resolveAll(HomeIQ.stack)
        let document = EnvironmentDocument(deployments)
        let sections = EnvironmentDocument.Section.allCases.map(document.lines)
        #expect(sections.count == 5 && sections.allSatisfy { !$0.isEmpty })
        let files = Compiler().emit(deployments, budgets: deployments.map(Budget.init))
        let written = files.first { $0.path == "docs/ENVIRONMENT.md" }
        #expect(written.map { GeneratedFileHeader.verify($0.contents) } == .intact)
        #expect(written?.contents.hasSuffix("\n" + document.markdown) == true)
        #expect(
            files.map(\.path) == [
                "generated/docker-compose.test.yml", "generated/env.test", "generated/docker-compose.prod.yml", "generated/env.production",
                "docs/RULES.md", "docs/ENVIRONMENT.md",
            ], "the files in their fixed order")
    }
}
