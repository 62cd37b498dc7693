import DeployModel
import Testing

@Suite("PerMode")
struct PerModeTests {
    @Test("a value per mode: subscript by mode, map, iteration test first")
    func perMode() {
        var ports = PerMode(test: 18_006, production: 8_006)
        #expect(ports[.test] == 18_006 && ports[.production] == 8_006)
        ports[.production] = 9_006
        #expect(ports.production == 9_006 && ports.test == 18_006)
        #expect(ports.map { $0 + 1 } == PerMode(test: 18_007, production: 9_007))
        #expect(Array(ports) == [18_006, 9_006])
        #expect(PerMode { $0.rawValue } == PerMode(test: "test", production: "production"))
    }
}
