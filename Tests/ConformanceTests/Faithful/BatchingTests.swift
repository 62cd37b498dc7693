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
        guard case .passed(let footprint) = Differential.compileAlone(item.placement) else {
            Issue.record("case \(item.index) did not pass alone")
            return Differential.Footprint()
        }
        return footprint
    }

    @Test("a case reading a variable and a case setting it are never in one batch; others share it")
    func variableCollision() {
        let items = [
            Self.placed("stack.envFileEntry.key", "K", 0), Self.placed("value.variable.0", "K", 1),
            Self.placed("value.variable.0", "J", 2), Self.placed("label.value", "K", 3),
            Self.placed("value.secret.0", "J", 4),
        ]
        let footprints = Dictionary(uniqueKeysWithValues: items.map { ($0.index, Self.footprint($0)) })
        #expect(footprints[0]?.sets.keys.sorted() == ["K"] && footprints[0]?.reads == [])
        #expect(footprints[1] == Differential.Footprint(sets: [:], reads: ["K"]))
        #expect(footprints[3] == Differential.Footprint())
        #expect(footprints[4] == Differential.Footprint(sets: ["J": "environment: \(secretValue)"], reads: ["J"]))
        let batches = Differential.batches(items, footprints: footprints, size: 500).map { $0.map(\.index) }
        #expect(batches == [[0, 2, 3], [1, 4]])
    }

    @Test("cases that set a variable to the same value, and read it, share a batch; a different value does not")
    func sameValue() {
        let items = [
            Self.placed("value.secret.0", "J", 0), Self.placed("value.secret.0", "J", 1), Self.placed("stack.envFileEntry.key", "J", 2),
            Self.placed("label.value", "J", 3),
        ]
        let footprints = Dictionary(uniqueKeysWithValues: items.map { ($0.index, Self.footprint($0)) })
        let batches = Differential.batches(items, footprints: footprints, size: 500).map { $0.map(\.index) }
        #expect(batches == [[0, 1, 3], [2]])
    }

    @Test("host files that lie in one another are never created in one batch; a path no file system holds is refused")
    func hostFiles() {
        let items = [
            Self.placed("envFile", "a", 0), Self.placed("envFile", "a/b", 1), Self.placed("envFile", "b", 2),
            Self.placed("envFile", "./a", 3),
        ]
        let footprints = Dictionary(uniqueKeysWithValues: items.map { ($0.index, Self.footprint($0)) })
        #expect(footprints[1]?.files == ["/env/a/b"])
        let batches = Differential.batches(items, footprints: footprints, size: 500).map { $0.map(\.index) }
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
        let items = (0..<5).map { Self.placed("label.value", "v", $0) }
        let batches = Differential.batches(items, footprints: [:], size: 2).map { $0.map(\.index) }
        #expect(batches == [[0, 1], [2, 3], [4]])
    }
}
