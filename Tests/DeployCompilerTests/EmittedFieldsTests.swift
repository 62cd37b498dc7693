import DeployModel
import Testing

@testable import DeployCompiler

/// The secret rules judge each of `EmittedFields.distinct` once; these tests hold it to its promise: every field
/// is visited with a judgement of a field that says the same (kind, key and content), in order, and a field
/// that says what the previous service's field at the same place says is not judged again.
@Suite("EmittedFields: each repeated field judged once, every field visited with its own kind, key and content")
struct EmittedFieldsTests {
    private let stack = Stack("s") {
        CoreService("api") {
            Env("A", "1")
            Env("B", "x")
            Label("team", "core")
        }
        CoreService("web") {
            Env("A", "1")
            Env("B", "y")
            Label("team", "core")
        }
        CoreService("worker") {
            Env("A", "1")
            Env("C", "x")
            Label("team", "core")
        }
    }

    @Test("a judgement of every field visits every field in order, with a judgement of what it says")
    func everyFieldVisited() throws {
        for deployment in ModeResolver().resolveAll(stack) {
            let fields = deployment.emittedFields
            let judged = fields.judge { $0 }
            func place(_ field: EmittedField) -> String { "\(field.title) of \(field.service ?? "-") at \(field.location)" }
            var visited: [String] = []
            fields.forEachJudged(judged) { field, judgement in
                #expect(judgement.kind == field.kind && judgement.key == field.key && judgement.content == field.content, "\(field.title)")
                visited.append(place(field))
            }
            #expect(visited == fields.map(place))
            #expect(fields.distinct.count < fields.count)
            // Every service's environment variables are there, each at its own declaration.
            for service in deployment.services {
                let declared = service.environment.declarations.filter { !$0.derived && !$0.fromDefaults }.map(\.location)
                let listed = fields.filter { $0.kind == "environment variable" && $0.service == service.name }.map(\.location)
                #expect(listed == declared, "\(service.name)")
            }
        }
    }

    @Test("a field the previous service has at the same place is judged once; another key or content is judged again")
    func repeatsJudgedOnce() throws {
        let fields = ModeResolver().resolveAll(stack).production.emittedFields
        func distinct(_ kind: String, _ key: String?) -> [EmittedField] { fields.distinct.filter { $0.kind == kind && $0.key == key } }
        // A=1 and the label are the same in all three services: judged once each.
        #expect(distinct("environment variable", "A").count == 1)
        #expect(distinct("label", "team").count == 1)
        // B is x then y: judged twice; C=x says something else than B=x (another key): judged on its own.
        #expect(distinct("environment variable", "B").count == 2)
        #expect(distinct("environment variable", "C").count == 1)
        // Each field's place and service stay its own.
        let labels = fields.filter { $0.kind == "label" && $0.key == "team" }
        #expect(labels.map(\.service) == ["api", "web", "worker"])
        #expect(Set(labels.map(\.location)).count == 3)
    }

    @Test("only the fields that say what a judged field says are visited, in order; nothing judged visits nothing")
    func onlyJudgedVisited() throws {
        let fields = ModeResolver().resolveAll(stack).production.emittedFields
        let judged = fields.judge { $0.value == .literal("x") ? "found" : nil }
        var visited: [String] = []
        fields.forEachJudged(judged) { field, judgement in visited.append("\(field.service ?? "-").\(field.key ?? "-")=\(judgement)") }
        #expect(visited == ["api.B=found", "worker.C=found"])
        let none = fields.judge { _ -> String? in nil }
        #expect(none.isEmpty)
        fields.forEachJudged(none) { field, _ in Issue.record("visited \(field.title)") }
    }
}
