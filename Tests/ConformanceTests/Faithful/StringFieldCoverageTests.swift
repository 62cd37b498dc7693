import DeployModel
import Testing

/// The differential test covers every text-bearing field of the DSL: the inventory is found by
/// reflection over every declaration kind, so a new field fails here until `StringFields` covers it.
@Suite("Faithful output: every string field is in the differential test")
struct StringFieldCoverageTests {
    @Test("every declaration kind has a sample of its own kind")
    func samplesMatchTheirKinds() {
        for kind in ServiceKind.allCases { #expect(ServiceKind.of(ServiceKind.sample(kind)) == kind, "\(kind)") }
        for kind in StackKind.allCases { #expect(StackKind.of(StackKind.sample(kind)) == kind, "\(kind)") }
        for kind in ValueKind.allCases { #expect(ValueKind.of(ValueKind.sample(kind)) == kind, "\(kind)") }
    }

    @Test("every text-bearing path of the declarations is a field of the differential test, and every field is such a path")
    func everyPathIsCovered() {
        let (paths, incomplete) = StringFieldInventory.walk()
        #expect(incomplete.isEmpty, "samples that hide part of themselves: \(incomplete)")
        let covered = Set(StringFields.all.map(\.path)).union(StringFields.notEmitted.keys).union(StringFields.notYetCovered.keys)
        let missing = paths.subtracting(covered).sorted()
        #expect(missing.isEmpty, "string fields without hostile values in StringFields (add a StringField for each): \(missing)")
        let stale = covered.subtracting(paths).sorted()
        #expect(stale.isEmpty, "StringFields names paths the declarations do not have: \(stale)")
        #expect(paths.count > 60, "the walk found only \(paths.count) paths: \(paths.sorted())")
    }
}
