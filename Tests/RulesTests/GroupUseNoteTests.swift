import DeployCompiler
import DeployModel
import Testing

/// A diagnostic at a `ServiceGroup` declaration names each service that used the group (issue 9 part 3).
@Suite("Diagnostic notes: ServiceGroup use sites", .exactFindings)
struct GroupUseNoteTests {
    // MARK: ServiceGroup use sites

    static let shared = ServiceGroup {
        Label("api_token", "hunter2")  // @group-label
    }

    @Test("a diagnostic at a ServiceGroup declaration carries a note at each service's use of the group")
    func groupUseNotes() {
        let stack = validStack(extra: {
            CoreService("first") {
                Image("example/first:1.0.0")
                Healthcheck(["CMD", "true"])
                Self.shared  // @use-first
            }
            CoreService("second") {
                Image("example/second:1.0.0")
                Healthcheck(["CMD", "true"])
                Self.shared  // @use-second
            }
        })
        let found = expectRejected(stack)
        expectFindings(
            [
                ExpectedFinding(ruleID: "secrets.named-field", marker: "group-label", modes: .production),
                ExpectedFinding(ruleID: "secrets.named-field", marker: "group-label", modes: .production),
            ], in: found)
        for (service, marker) in [("first", "use-first"), ("second", "use-second")] {
            let diagnostic = found.first { $0.service == service }
            #expect(diagnostic?.notes.map(\.message) == ["in service '\(service)'"])
            #expect(diagnostic?.notes.first?.location.line == line(marked: marker))
            let printed = diagnostic?.notes.first?.formatted(relativeTo: nil)
            #expect(printed?.hasPrefix("in service '\(service)' at \(#filePath):\(line(marked: marker)):") == true, "\(String(describing: printed))")
        }
    }

    @Test("a declaration written in the service itself has no note")
    func noNoteInPlace() {
        let found = expectRejected(
            validStack(service: {
                Label("api_token", "hunter2")  // @in-place
            }))
        expectFindings([ExpectedFinding(ruleID: "secrets.named-field", marker: "in-place", modes: .production)], in: found)
        #expect(found.allSatisfy { $0.notes.isEmpty })
    }
}
