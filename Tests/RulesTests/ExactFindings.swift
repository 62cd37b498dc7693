import DeployCompiler
import Foundation
import Testing

/// Every error and warning a rule test compiles must be accounted for by an expectation, so an
/// unexpected extra finding fails the test (as swift-format's rule tests compare the whole list).
///
/// Apply it to a suite: `@Suite("…", .exactFindings)`. `diagnostics(of:)` and `expectRejected` record what
/// a test compiled; `expectDiagnostic`, `expectFindings` and `ruleDiagnostics` account for what they match.
struct ExactFindingsTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }
        let ledger = FindingsLedger()
        try await FindingsLedger.$current.withValue(ledger) { try await function() }
        let unaccounted = ledger.unaccounted
        if !unaccounted.isEmpty {
            Issue.record(
                """
                \(unaccounted.count) finding(s) the test compiled but did not expect (rule tests assert the exact set):
                \(unaccounted.map(\.description).joined(separator: "\n"))
                """)
        }
    }
}

extension Trait where Self == ExactFindingsTrait {
    /// Fails a test whose compiled errors and warnings are not all matched by an expectation.
    static var exactFindings: Self { ExactFindingsTrait() }
}

/// What one test compiled and which of those findings its expectations matched.
final class FindingsLedger: @unchecked Sendable {
    @TaskLocal static var current: FindingsLedger?

    private let lock = NSLock()
    private var produced: [Diagnostic] = []
    private var accounted: Set<Diagnostic> = []

    /// Records the diagnostics of one compilation.
    func record(_ diagnostics: [Diagnostic]) {
        lock.withLock { produced += diagnostics.filter { $0.severity != .note } }
    }

    /// Marks `diagnostics` as expected by the test.
    func account(_ diagnostics: some Sequence<Diagnostic>) {
        lock.withLock { accounted.formUnion(diagnostics) }
    }

    /// The recorded errors and warnings no expectation matched, each once, in order.
    var unaccounted: [Diagnostic] {
        lock.withLock { Array(Set(produced.filter { !accounted.contains($0) })).sorted() }
    }
}
