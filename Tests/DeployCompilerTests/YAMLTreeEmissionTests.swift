import DeployCompiler
import DeployModel
import DeployRender
import HomeIQDeployments
import Testing

/// The compiler writes its compose and stack trees directly (`YAMLEmitter.emit(tree:)`); those bytes
/// must be what the same trees give as `YAMLNode` copies, the form the emitter's own tests pin down.
@Suite("YAML trees written directly")
struct YAMLTreeEmissionTests {
    @Test("the HomeIQ compose and stack documents of both modes read the same written directly or through YAMLNode")
    func directEqualsCopy() {
        let deployments = ModeResolver(swarmTarget: true).resolveAll(HomeIQ.stack)
        let compose = ComposeEmitter(paths: PathMapping(outputDirectory: "generated"))
        let stack = SwarmStackEmitter(compose: compose)
        for mode in Mode.allCases {
            let documents = [
                compose.composeDocument(deployments[mode], other: deployments[mode.other]),
                stack.stackDocument(deployments[mode], other: deployments[mode.other]),
            ]
            for document in documents {
                let direct = YAMLEmitter.emit(tree: document)
                #expect(direct.count > 1000, "\(mode): a whole document")
                #expect(direct == YAMLEmitter.emit(document.yaml), "\(mode)")
            }
        }
    }

    @Test("scalars, empty collections and long keys come out alike from both paths")
    func edgeShapes() {
        let long = String(repeating: "k", count: 1_001)
        let document = ComposeNode.mapping([
            .init("a", .sequence([])),
            .init("b", .mapping([])),
            .init("c", .sequence([.sequence([.string("x$y")]), .mapping([.init("d", .integer(3)), .init("e", .boolean(false))])])),
            .init(long, .string("yes")),
        ])
        let direct = YAMLEmitter.emit(tree: document)
        #expect(direct == YAMLEmitter.emit(document.yaml))
        #expect(direct.contains("? \(long)\n:"), "\(direct)")
        #expect(direct.contains("- x$$y\n"), "\(direct)")
        #expect(YAMLEmitter.emit(tree: ComposeNode.string("on")) == "\"on\"\n")
    }
}
