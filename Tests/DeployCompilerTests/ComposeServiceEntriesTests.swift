import DeployCompiler
import DeployModel
import DeployRender
import Testing

/// A service's labels and dependencies, written more than once, reach the compose file once each, sorted.
@Suite("Compose service entries: repeated labels and dependencies")
struct ComposeServiceEntriesTests {
    private func service(_ name: String, in stack: Stack) throws -> [YAMLNode.Entry] {
        let production = ModeResolver().resolveAll(stack).production
        let document = ComposeEmitter(paths: PathMapping(outputDirectory: "generated")).document(production)
        guard case .mapping(let root) = document, case .mapping(let services)? = root.first(where: { $0.key == "services" })?.value,
            case .mapping(let entries)? = services.first(where: { $0.key == name })?.value
        else {
            Issue.record("no service \(name)")
            return []
        }
        return entries
    }

    @Test("a label written twice keeps its last value, once, among the others sorted by key")
    func labelsLastValueWins() throws {
        let stack = Stack("s") {
            CoreService("api") {
                Label("zeta", "1")
                Label("alpha", "2")
                Label("zeta", "3")
                Label("mid", "4")
            }
        }
        let labels = try service("api", in: stack).first { $0.key == "labels" }?.value
        let expected: [(String, String)] = [
            ("alpha", "2"), ("com.homeiq.mode", "production"), ("com.homeiq.role", "core"), ("mid", "4"), ("zeta", "3"),
        ]
        #expect(labels == .mapping(expected.map { YAMLNode.Entry($0.0, .string($0.1)) }))
    }

    @Test("a dependency written twice keeps its first condition, once, among the others sorted by service")
    func dependenciesFirstWins() throws {
        let stack = Stack("s") {
            CoreService("db") { Port(5432) }
            CoreService("cache") { Port(6379) }
            CoreService("api") {
                DependsOn("db", .healthy)
                DependsOn("cache", .started)
                DependsOn("db", .started)
            }
        }
        let dependsOn = try service("api", in: stack).first { $0.key == "depends_on" }?.value
        let expected: [(String, String)] = [("cache", "service_started"), ("db", "service_healthy")]
        #expect(dependsOn == .mapping(expected.map { YAMLNode.Entry($0.0, .mapping([.init("condition", .string($0.1))])) }))
    }
}
