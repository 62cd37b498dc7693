import DeployCompiler
import DeployModel
import Foundation
import Testing

/// The `.exactFindings` trait itself: what it counts, and that no rule suite goes without it.
@Suite("Exact findings")
struct ExactFindingsTests {
    /// The suites that assert no fixture's findings: the registry, measures at scale, the baseline, type-level
    /// guarantees, the scanners' own answers, and this one.
    static let exempt: Set<String> = [
        "Rule registry", "Rules at scale", "Rule baseline", "Type-level guarantees", "Scanner fast paths", "Exact findings",
    ]

    @Test("every rule suite carries .exactFindings and compiles through the recording helpers, except the exempt ones")
    func everyRuleSuiteIsExact() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var suites: [String] = []
        var missing: [String] = []
        var unrecorded: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var exactSuites = 0
            for line in text.split(separator: "\n") where line.hasPrefix("@Suite(") {
                let name = line.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
                suites.append(name)
                guard !Self.exempt.contains(name) else { continue }
                exactSuites += 1
                if !line.contains(".exactFindings") { missing.append("\(file): \(line)") }
            }
            // A compilation the ledger does not see could hide an extra finding: compiled(_:) and friends record it.
            if exactSuites > 0 && text.contains(".compile(") { unrecorded.append(file) }
        }
        #expect(missing.isEmpty, "rule suites without .exactFindings:\n\(missing.joined(separator: "\n"))")
        #expect(unrecorded.isEmpty, "rule tests that call compile(_:) directly instead of compiled(_:): \(unrecorded)")
        #expect(Self.exempt.isSubset(of: suites), "exempt suites that no longer exist: \(Self.exempt.subtracting(suites).sorted())")
    }

    @Test("the ledger reports each unmatched error and warning once, never a note, and nothing once matched")
    func ledger() {
        func finding(_ severity: Diagnostic.Severity, _ rule: String) -> Diagnostic {
            Diagnostic(
                severity: severity, ruleID: rule, message: "m", location: DeployModel.SourceLocation(file: "x.swift", line: 1, column: 1))
        }
        let error = finding(.error, "a.error")
        let warning = finding(.warning, "a.warning")
        let ledger = FindingsLedger()
        ledger.record([error, warning, finding(.note, "a.note")])
        ledger.record([error])
        #expect(ledger.unaccounted == [error, warning])
        ledger.account([error])
        #expect(ledger.unaccounted == [warning])
        ledger.account([warning])
        #expect(ledger.unaccounted.isEmpty)
    }
}
