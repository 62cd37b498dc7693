import Testing

@testable import DeployCompiler

@Suite("EqualKeyRuns: the first and last position of each distinct key, in key order")
struct EqualKeyRunsTests {
    @Test("each key's run is its first and last position, the runs in key order")
    func runs() {
        let keys: [Key] = ["b", "a", "b", "c", "a", "b"]
        let runs = EqualKeyRuns.of(keys).map { [$0.first, $0.last] }
        #expect(runs == [[1, 4], [0, 5], [3, 3]])
    }

    @Test("no positions, no runs; one position, one run")
    func edges() {
        #expect(EqualKeyRuns.of([Key]()).isEmpty)
        #expect(EqualKeyRuns.of(["x"] as [Key]).map { [$0.first, $0.last] } == [[0, 0]])
    }

    @Test("keys that differ only in a way String equality ignores form one run, as in a dictionary")
    func canonicalEquivalence() {
        let keys: [Key] = ["caf\u{E9}", "cafe\u{301}", "cafe"]
        #expect(EqualKeyRuns.of(keys).map { [$0.first, $0.last] } == [[2, 2], [0, 1]])
    }

    /// A bare key.
    private struct Key: EqualKeyRunsElement, ExpressibleByStringLiteral {
        var runKey: String
        init(stringLiteral value: String) { runKey = value }
    }
}
