import Foundation
import TestSupport
import Testing

@Suite("Test hygiene: no check is skipped silently")
struct TestHygieneTests {
    /// Every `@Test` whose body asks `Requirement` for a tool also carries `.enabled(if: …)`, so that off
    /// CI a missing tool shows as a skipped test with its reason, never as a silent pass.
    @Test("every test that needs an external tool says so with .enabled(if:)")
    func requirementsAreVisible() throws {
        let tests = PackageRoot.url().appendingPathComponent("Tests")
        let files = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("/Support/") }
        #expect(files.count > 20, "the test sources were not found under \(tests.path)")
        var silent: [String] = []
        var checked = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for test in Self.tests(in: text)
            where test.body.contains("Requirement.")
                && test.body.range(of: #"Requirement\.(python|compose|tool)\("#, options: .regularExpression) != nil
            {
                checked += 1
                if test.attribute.range(of: #"\.enabled\(\s*if:"#, options: .regularExpression) == nil {
                    silent.append("\(file.lastPathComponent): func \(test.name)")
                }
            }
        }
        #expect(checked > 10, "found only \(checked) tests that need a tool: the scan is broken")
        #expect(
            silent.isEmpty,
            "these tests need a tool but would pass silently without it (add .enabled(if: Requirement.…AvailableOrCI, \"…\")):\n\(silent.joined(separator: "\n"))"
        )
    }

    /// A test's `@Test(…)` attribute, its function name and its body up to the next test.
    struct Found {
        var attribute: String
        var name: String
        var body: String
    }

    /// The tests of `text`, each with its attribute and the text up to the next `@Test`.
    static func tests(in text: String) -> [Found] {
        let parts = text.components(separatedBy: "@Test")
        return parts.dropFirst().compactMap { part in
            guard let function = part.range(of: "func ") else { return nil }
            let attribute = String(part[..<function.lowerBound])
            let name = part[function.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return Found(attribute: attribute, name: String(name), body: String(part[function.upperBound...]))
        }
    }
}
