import Testing

@testable import DeployCompiler

@Suite("EqualKeyRuns: positions sorted by key, then by position, in runs of one key")
struct EqualKeyRunsTests {
    @Test("each key's positions form one run, in key order, its first and last occurrence at the ends")
    func runs() {
        let keys = ["b", "a", "b", "c", "a", "b"]
        let runs = EqualKeyRuns.of(count: keys.count) { keys[$0] }.map(Array.init)
        #expect(runs == [[1, 4], [0, 2, 5], [3]])
    }

    @Test("no positions, no runs; one position, one run")
    func edges() {
        #expect(EqualKeyRuns.of(count: 0) { _ in "" }.isEmpty)
        #expect(EqualKeyRuns.of(count: 1) { _ in "x" }.map(Array.init) == [[0]])
    }

    @Test("keys that differ only in a way String equality ignores form one run, as in a dictionary")
    func canonicalEquivalence() {
        let keys = ["caf\u{E9}", "cafe\u{301}", "cafe"]
        #expect(EqualKeyRuns.of(count: keys.count) { keys[$0] }.map(Array.init) == [[2], [0, 1]])
    }
}
