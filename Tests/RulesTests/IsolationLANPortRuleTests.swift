import DeployCompiler
import DeployModel
import Testing

@Suite("Rule isolation.lan-port", .exactFindings)
struct IsolationLANPortRuleTests {
    /// A stack with LAN-facing and loopback ports, on `hardware`.
    static func stack(_ hardware: HardwareProfile) -> Stack {
        validStack(
            extra: {
                Hardware(hardware)
                ProductionOnly {
                    CoreService("dashboard") {
                        Image("example/dashboard:1.0")
                        Healthcheck.http(port: 80)
                        Port(3000, container: 80, hostIP: "0.0.0.0")  // @lan-dashboard
                        Port(3001, container: 81, hostIP: "127.0.0.2")
                        Port(3002, container: 82, hostIP: "::1")
                    }
                }
            },
            service: {
                Port(9100, hostIP: "192.168.1.10")  // @lan-both
            })
    }

    @Test("on nuc-16gb (side by side allowed) every non-loopback port is refused at its Port, per mode; loopback ports pass")
    func refusedWhereModesRunTogether() {
        let compilation = compiled(Self.stack(.nuc16gb))
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.lan-port", marker: "lan-dashboard", modes: [.production]),
                ExpectedFinding(ruleID: "isolation.lan-port", marker: "lan-both", modes: [.test]),
                ExpectedFinding(ruleID: "isolation.lan-port", marker: "lan-both", modes: [.production]),
            ], in: compilation.diagnostics)
        #expect(compilation.files.isEmpty)
        #expect(
            ruleDiagnostics("isolation.lan-port", in: compilation.diagnostics).map(\.message).sorted() == [
                "production: service 'api' publishes host port 9100 on 192.168.1.10 (LAN-facing): on nuc-16gb test and production may run side by side, and the other mode's containers reach this port through their network gateway",
                "production: service 'dashboard' publishes host port 3000 on 0.0.0.0 (LAN-facing): on nuc-16gb test and production may run side by side, and the other mode's containers reach this port through their network gateway",
                "test: service 'api' publishes host port 19100 on 192.168.1.10 (LAN-facing): on nuc-16gb test and production may run side by side, and the other mode's containers reach this port through their network gateway",
            ])
    }

    @Test("on nuc-8gb (the modes never run together) a LAN-facing port is allowed")
    func allowedWhereModesNeverRunTogether() {
        let compilation = compiled(Self.stack(.nuc8gb))
        expectNoDiagnostic("isolation.lan-port", in: compilation.diagnostics)
        #expect(!compilation.hasErrors, "\(compilation.diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test("loopback addresses: 127.0.0.0/8 and ::1, nothing else")
    func loopback() {
        for address in ["127.0.0.1", "127.1.2.3", "::1", "[::1]"] { #expect(IsolationLANPortRule.isLoopback(address), "\(address)") }
        for address in ["", "0.0.0.0", "::", "192.168.1.10", "127.0.0", "127.0.0.256", "localhost", "1127.0.0.1"] {
            #expect(!IsolationLANPortRule.isLoopback(address), "\(address)")
        }
    }
}
