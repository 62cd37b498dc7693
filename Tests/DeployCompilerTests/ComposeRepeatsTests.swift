import DeployModel
import DeployRender
import Testing

@testable import DeployCompiler

/// The compose emitter lets a service take the previous service's logging, resources, health check and
/// environment entries when they say the same; these tests hold every service's node to the one it gets
/// when emitted on its own, for neighbours that differ in one part at a time.
@Suite("Compose emitter: a node taken from the previous service is the node the service makes on its own")
struct ComposeRepeatsTests {
    private let stack = Stack("s") {
        for name in ["a", "b", "c", "d", "e", "f"] {
            CoreService(name) {
                Image("example/\(name):1.0.0")
                Env("SHARED", "1")
                Env("OWN", .literal(name))
                if name == "c" {
                    Env("SECRET", .secret("C_SECRET"))
                } else {
                    Env("SECRET", .secret("SHARED_SECRET"))
                }
                Logging(driver: "json-file", options: ["max-size": name == "d" ? "20m" : "10m"])
                Limits(memory: .mib(name == "b" ? 512 : 256), cpus: 0.5)
                Reservations(memory: .mib(name == "e" ? 128 : 64))
                Healthcheck(["CMD", name == "f" ? "false" : "true"])
            }
        }
    }

    @Test("every service of the document equals the same service emitted alone")
    func nodesEqualTheirOwn() throws {
        let emitter = ComposeEmitter(paths: PathMapping(outputDirectory: "generated"))
        for deployment in ModeResolver().resolveAll(stack) {
            guard case .mapping(let root) = emitter.composeDocument(deployment),
                case .mapping(let services)? = root.first(where: { $0.key == "services" })?.value
            else {
                Issue.record("no services in \(deployment.mode)")
                continue
            }
            #expect(services.map(\.key) == ["a", "b", "c", "d", "e", "f"])
            for entry in services {
                let service = try #require(deployment.service(named: entry.key))
                var alone = ComposeEmitter.Repeats()
                let own = emitter.service(service, repeats: &alone)
                #expect(entry.value == own, "\(deployment.mode): \(entry.key)")
                #expect(YAMLEmitter.emit(tree: entry.value) == YAMLEmitter.emit(tree: own), "\(deployment.mode): \(entry.key)")
            }
        }
    }
}
