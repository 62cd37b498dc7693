import DeployCompiler
import DeployModel
import Foundation
import TestSupport
import Testing

/// Part 1 of issue 9, shown: every string of every field reaches Compose exactly as written, or is
/// refused at its line. Three independent readers: PyYAML, python-dotenv, and Docker Compose v2's
/// own model after interpolation (`config --format json`).
@Suite("Faithful output: hostile values in every string field", .serialized)
struct DifferentialTests {
    @Test(
        "every hostile value in every field reads back exactly or is refused at its line",
        .enabled(
            if: Requirement.pythonAvailableOrCI && Requirement.composeAvailableOrCI,
            "needs the validator Python and Docker Compose v2: run scripts/test.sh"))
    func hostileValues() throws {
        guard let python = Requirement.python(), let compose = Requirement.compose() else { return }
        let differential = Differential(readBack: ReadBack(python: python, compose: compose))
        // HOMEIQ_FAITHFUL_FIELDS=a,b checks only those fields (while fixing one).
        let only = ProcessInfo.processInfo.environment["HOMEIQ_FAITHFUL_FIELDS"].map { Set($0.split(separator: ",").map(String.init)) }
        let fields = StringFields.all.filter { only?.contains($0.path) ?? true }
        let cases = fields.flatMap { field in HostileValues.values(for: field).map { FieldCase(field: field, value: $0) } }
        let start = Date()
        let result = try differential.run(cases) { "\($0.field.path) = \(Self.visible($0.value))" }
        let summary =
            "\(HostileValues.all.count) values × \(fields.count) fields: \(result.exact) exact, \(result.refused) refused, "
            + "\(result.changed.count) changed (\(result.composeCalls) compose files, \(Int(Date().timeIntervalSince(start))) s; "
            + "not yet covered: \(StringFields.notYetCovered.count) fields)"
        print(summary)
        let allRefused = Set(fields.map(\.path)).subtracting(result.exactCases.map { cases[$0].field.path }).sorted()
        print("fields where every hostile value is refused (none reads back): \(allRefused)")
        for line in result.changed.prefix(200) { print("changed: \(line)") }
        #expect(result.exact + result.refused + result.changed.count == cases.count)
        #expect(result.exact > 0 && result.refused > 0, "\(summary)")
        #expect(result.changed.isEmpty, "\(summary)\n\(result.changed.prefix(60).joined(separator: "\n"))")
    }

    /// `text` with invisible and non-ASCII characters escaped, at most `limit` characters.
    static func visible(_ text: String, limit: Int = 60) -> String {
        let escaped = text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"" + (escaped.count > limit ? escaped.prefix(limit) + "…(\(text.utf8.count) bytes)" : escaped) + "\""
    }
}
