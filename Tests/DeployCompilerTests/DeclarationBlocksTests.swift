import DeployModel
import Testing

@testable import DeployCompiler

@Suite("DeclarationBlocks: the secret rules' shortcut answers as the long way does")
struct DeclarationBlocksTests {
    @Test("isInDefaults is true exactly for the declarations of Defaults, not for one on the same line of another file")
    func defaultsOnly() throws {
        let stack = Stack("s") {
            Defaults {
                Logging(driver: "json-file")
            }
            CoreService("api") { Logging(driver: "local") }
        }
        let production = ModeResolver().resolveAll(stack).production
        let blocks = production.enclosingBlocks
        let inDefaults = stack.elements.flatMap { element -> [DeployModel.SourceLocation] in
            guard case .defaults(let items) = element.declaration else { return [] }
            return items.map(\.location)
        }
        #expect(inDefaults.count == 1)
        let serviceLogging = try #require(production.services.first { $0.name == "api" }?.logging?.location)
        #expect(!blocks.isInDefaults(serviceLogging))
        for location in inDefaults {
            #expect(blocks.isInDefaults(location))
            // On the line of a Defaults declaration, but in another file or column: not in Defaults.
            #expect(!blocks.isInDefaults(DeployModel.SourceLocation(file: location.file + ".other", line: location.line, column: location.column)))
            #expect(!blocks.isInDefaults(DeployModel.SourceLocation(file: location.file, line: location.line, column: location.column + 1)))
        }
    }
}
