import DeployCompiler
import DeployModel
import Testing

/// README's "Choosing a role" advice compiles as it says: a UI and a log aggregator are core services in
/// both modes, a device helper is a production-only core service whose test twin is a data generator.
@Suite("README: choosing a role", .exactFindings)
struct RoleAdviceTests {
    @Test("the README's UI, log aggregator and device helper shapes pass every rule; the helper runs in production only")
    func adviceCompiles() {
        let stack = validStack(extra: {
            Volume("logs_data")
            CoreService("dashboard") {
                Image("example/dashboard:1.0.0")
                Port(3000, container: 80)
                Env("DATA_API_URL", .url(of: "api", port: 8006))
                Healthcheck.http(port: 80)
            }
            CoreService("log-aggregator") {
                Image("example/loki:3.0.0")
                Mount(volume: "logs_data", at: "/loki")
                Healthcheck(["CMD", "true"])
            }
            CoreService("zigbee-bridge") {
                RunsIn(.production)
                Image("example/zigbee-bridge:1.0.0")
                Device("/dev/ttyUSB0", container: "/dev/zigbee")
                Healthcheck(["CMD", "true"])
            }
            DataGenerator("zigbee-simulator") {
                Image("example/zigbee-simulator:1.0.0")
                Healthcheck(["CMD", "true"])
            }
        })
        let compilation = compiled(stack)
        expectFindings([], in: compilation.diagnostics)
        #expect(compilation.deployments.production.service(named: "zigbee-bridge") != nil)
        #expect(compilation.deployments.test.service(named: "zigbee-bridge") == nil)
        #expect(compilation.deployments.test.service(named: "dashboard") != nil)
    }
}
