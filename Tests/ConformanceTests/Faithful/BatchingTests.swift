import DeployModel
import Testing

/// The differential reads many cases back from one compose file: a case must never see another's
/// deploy-time variables there (the fuzzer's seed 1351416966 read one case's `${NAME:-d}` as the
/// value another case's env-file entry `NAME` gave).
@Suite("Faithful output: batches keep cases apart")
struct BatchingTests {
    static func field(_ path: String) -> StringField {
        StringFields.all.first { $0.path == path }!
    }

    static func placed(_ path: String, _ value: String, _ index: Int) -> (index: Int, placement: Placement) {
        (index, field(path).place(value, "s\(index)"))
    }

    static func footprint(_ item: (index: Int, placement: Placement)) -> Differential.Footprint {
        guard case .passed(let footprint) = Differential.compileAlone(item.placement, index: item.index) else {
            Issue.record("case \(item.index) did not pass alone")
            return Differential.Footprint()
        }
        return footprint
    }

    /// The cases (field, value), numbered in order: their footprints and the batches they form.
    static func batched(_ cases: [(field: String, value: String)], size: Int = 500) -> (footprints: [Int: Differential.Footprint], batches: [[Int]]) {
        let items = cases.enumerated().map { placed($1.field, $1.value, $0) }
        let footprints = Dictionary(uniqueKeysWithValues: items.map { ($0.index, footprint($0)) })
        return (footprints, Differential.batches(items, footprints: footprints, size: size).map { $0.map(\.index) })
    }

    @Test("a case reading a variable and a case setting it are never in one batch; others share it")
    func variableCollision() {
        let (footprints, batches) = Self.batched([
            ("stack.envFileEntry.key", "K"), ("value.variable.0", "K"), ("value.variable.0", "J"), ("label.value", "K"), ("value.secret.0", "J"),
        ])
        #expect(footprints[0]?.sets.keys.sorted() == ["K"] && footprints[0]?.reads == [])
        #expect(footprints[1] == Differential.Footprint(sets: [:], reads: ["K"]))
        #expect(footprints[3] == Differential.Footprint())
        #expect(footprints[4] == Differential.Footprint(sets: ["J": "environment: \(secretValue)"], reads: ["J"]))
        #expect(batches == [[0, 2, 3], [1, 4]])
    }

    @Test("cases that set a variable to the same value, and read it, share a batch; a different value does not")
    func sameValue() {
        let (_, batches) = Self.batched([("value.secret.0", "J"), ("value.secret.0", "J"), ("stack.envFileEntry.key", "J"), ("label.value", "J")])
        #expect(batches == [[0, 1, 3], [2]])
    }

    @Test("host files that lie in one another are never created in one batch; a path no file system holds is refused")
    func hostFiles() {
        let (footprints, batches) = Self.batched([("envFile", "a"), ("envFile", "a/b"), ("envFile", "b"), ("envFile", "./a")])
        #expect(footprints[1]?.files == ["/env/a/b"])
        #expect(batches == [[0, 2], [1], [3]])
        // The fuzzer's seed 22: an env file `env/.` is the folder `env`, refused by files.exist at its line.
        for value in [".", "a/..", String(repeating: "x", count: 300)] {
            let outcome = Differential.compileAlone(Self.field("envFile").place(value, "s0"))
            guard case .refusedAtItsLine = outcome else {
                Issue.record("env file '\(value.prefix(20))': \(outcome)")
                continue
            }
        }
    }

    @Test("a full batch closes; the next case starts another")
    func batchSize() {
        let (_, batches) = Self.batched(Array(repeating: ("label.value", "v"), count: 5), size: 2)
        #expect(batches == [[0, 1], [2, 3], [4]])
    }
}
