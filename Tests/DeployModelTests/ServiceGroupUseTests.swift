import DeployModel
import Testing

@Suite("ServiceGroup use sites")
struct ServiceGroupUseTests {
    @Test("a group's declarations record each line it was used at, innermost first; declarations in place record none")
    func useSites() throws {
        let inner = ServiceGroup { Env("A", "1") }
        let outerLine = #line + 2
        let outer = ServiceGroup {
            inner
            Env("B", "2")
        }
        let serviceLine = #line + 2
        let service = CoreService("s") {
            outer
            Env("C", "3")
        }
        let elements = service.definition.elements
        #expect(elements.count == 3)
        #expect(elements[0].groupUses.map(\.line) == [outerLine, serviceLine], "A: used in outer, outer used in the service")
        #expect(elements[1].groupUses.map(\.line) == [serviceLine])
        #expect(elements[2].groupUses.isEmpty)
        #expect(elements[0].groupUses.allSatisfy { $0.file == #filePath })
        #expect(inner.serviceElements[0].groupUses.isEmpty, "the group itself is unchanged")
    }

    @Test("declarations inside an InTest block of a group record the use too")
    func scopedInsideGroup() throws {
        let group = ServiceGroup { InTest { Env("A", "1") } }
        let line = #line + 1
        let service = CoreService("s") { group }
        guard case .scoped(.test, let inner) = service.definition.elements[0].declaration else {
            Issue.record("not an InTest block: \(service.definition.elements)")
            return
        }
        #expect(service.definition.elements[0].groupUses.map(\.line) == [line])
        #expect(inner[0].groupUses.map(\.line) == [line])
    }
}
