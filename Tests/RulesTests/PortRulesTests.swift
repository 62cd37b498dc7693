import DeployCompiler
import DeployModel
import Testing

@Suite("Port rules", .exactFindings)
struct PortRulesTests {
    @Test("ports.range: host port 0 in production (test adds the offset), container port 0 in both")
    func zero() {
        let stack = validStack(service: {
            Port(0)  // @port-zero
        })
        let found = ruleDiagnostics("ports.range", in: diagnostics(of: stack))
        expectDiagnostic("ports.range", atMarker: "port-zero", in: found)
        #expect(
            found.map(\.message).sorted() == [
                "production: service 'api' publishes host port 0, outside 1-65535",
                "test and production: service 'api' exposes container port 0, outside 1-65535",
            ])
    }

    @Test("ports.range: a production port above 55535 leaves the range in test, by the test port offset")
    func offsetOverflow() {
        let stack = validStack(service: {
            Port(60000)  // @high-port
        })
        let found = expectDiagnostic("ports.range", atMarker: "high-port", in: diagnostics(of: stack))
        #expect(found?.message.hasPrefix("test: service 'api' publishes host port 70000, outside 1-65535") == true)
        #expect(found?.message.contains("production port + 10000") == true)
    }

    @Test("ports.range: a container port above 65535")
    func containerTooHigh() {
        let stack = validStack(service: {
            Port(test: 18100, production: 8100, container: 70000)  // @container-port
        })
        let found = expectDiagnostic("ports.range", atMarker: "container-port", in: diagnostics(of: stack))
        #expect(found?.message.contains("container port 70000") == true)
    }

    @Test("ports.unique: the real incident, two services on one host port: the second is blamed, naming the first")
    func clash() {
        let stack = validStack(extra: {
            CoreService("admin") {
                Image("example/admin:1.0")
                Healthcheck.http(port: 80)
                Port(8006, container: 80)  // @second-publisher
            }
        })
        let found = ruleDiagnostics("ports.unique", in: diagnostics(of: stack))
        expectDiagnostic("ports.unique", atMarker: "second-publisher", in: found)
        // Production clashes on 8006, test on 18006 (both shared services get the offset): one pair, reported once.
        #expect(found.count == 1)
        #expect(
            found.first?.message.hasPrefix(
                "test and production: service 'admin' publishes host port 127.0.0.1:18006/tcp in test, 127.0.0.1:8006/tcp in production, already published by 'api' (RuleTestSupport.swift:"
            ) == true)
        #expect(found.allSatisfy { $0.service == "admin" })
    }

    @Test("ports.unique: the same port twice in one service")
    func sameServiceTwice() {
        let stack = validStack(service: {
            Port(9100)
            Port(9100, container: 9101)  // @again
        })
        let found = expectDiagnostic("ports.unique", atMarker: "again", in: diagnostics(of: stack))
        #expect(found?.message.contains("already published by 'api' itself") == true)
    }

    @Test("ports.unique: a binding on all addresses clashes with one on 127.0.0.1")
    func wildcardAndSpecificAddress() {
        let stack = validStack(service: {
            Port(9200, hostIP: "127.0.0.1")  // @loopback-first
            Port(9200, container: 9201, hostIP: "0.0.0.0")  // @wildcard-second
        })
        let found = expectDiagnostic("ports.unique", atMarker: "wildcard-second", in: diagnostics(of: stack))
        #expect(found?.message.contains("host port 19200/tcp in test, 9200/tcp in production") == true)
        #expect(ruleDiagnostics("ports.unique", in: diagnostics(of: stack)).map(\.location.line) == [line(marked: "wildcard-second")])
    }

    @Test("ports.unique: different protocols and different specific addresses do not clash")
    func noClash() {
        let stack = validStack(service: {
            Port(9300)
            Port(9300, protocol: .udp)
            Port(9400, hostIP: "127.0.0.1")
            Port(9400, hostIP: "127.0.0.2")
        })
        expectNoDiagnostic("ports.unique", in: diagnostics(of: stack))
    }

    @Test("ports.unique: a per-mode port may reuse another mode's number (the modes are isolated separately)")
    func perModeReuse() {
        // api publishes 8006 in production and 18006 in test; a test-only service may publish 8006.
        let stack = validStack(extra: {
            TestFixture("fixture") {
                Image("example/fixture:1.0")
                Healthcheck.http(port: 80)
                Port(8006, container: 80)  // @cross-mode-port
            }
        })
        let found = diagnostics(of: stack)
        expectNoDiagnostic("ports.unique", in: found)
        // ports.unique checks one mode; a test service on production's port is isolation.port's finding.
        expectDiagnostic("isolation.port", atMarker: "cross-mode-port", in: found)
    }
}
