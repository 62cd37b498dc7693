import Testing

@testable import DeployCompiler

@Suite("DistinctNames: the emitters' shortcut answers as a sorted set does")
struct DistinctNamesTests {
    @Test("DistinctNames reads back what a set of the same names, sorted, gives: repeats near and far, any order")
    func sortedDistinct() {
        let inserted = ["web", "api", "api", "db", "web", "api", "volume data", "network lan", "db", "db"]
        var names = DistinctNames()
        #expect(names.isEmpty && names.sorted.isEmpty)
        for name in inserted { names.insert(name) }
        #expect(!names.isEmpty)
        #expect(names.sorted == Set(inserted).sorted())
        #expect(names.sorted == ["api", "db", "network lan", "volume data", "web"])
    }
}
