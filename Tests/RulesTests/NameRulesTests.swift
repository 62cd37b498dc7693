import DeployCompiler
import DeployModel
import Testing

@Suite("Name rules", .exactFindings)
struct NameRulesTests {
    @Test("names.pattern: a service name with a space")
    func serviceName() {
        let stack = validStack(extra: {
            CoreService("report generator") {  // @bad-service-name
                Image("example/reports:1.0")
                Healthcheck(["CMD", "true"])
            }
        })
        let found = expectDiagnostic("names.pattern", atMarker: "bad-service-name", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service name 'report generator' does not match ^[a-zA-Z0-9._-]+$")
    }

    @Test("names.pattern: network and volume keys, and an explicit volume name")
    func networkAndVolume() {
        let stack = validStack(extra: {
            Network("lan/a")  // @bad-network
            Volume("cache:x")  // @bad-volume
            Volume("scratch", name: .mode(test: "scratch test", production: "scratch"))  // @bad-volume-name
        })
        let found = diagnostics(of: stack)
        let network = expectDiagnostic("names.pattern", atMarker: "bad-network", in: found)
        #expect(network?.message.contains("network key 'lan/a'") == true)
        expectDiagnostic("names.pattern", atMarker: "bad-volume", in: found)
        let name = expectDiagnostic("names.pattern", atMarker: "bad-volume-name", in: found)
        #expect(name?.message == "test: volume name 'scratch test' does not match ^[a-zA-Z0-9._-]+$")
        // A bad key is reported once, not again for the name derived from it.
        #expect(ruleDiagnostics("names.pattern", in: found).filter { $0.location.line == line(marked: "bad-network") }.count == 1)
        expectFindings(
            [
                ExpectedFinding(ruleID: "names.pattern", marker: "bad-network", modes: .both),
                ExpectedFinding(ruleID: "names.pattern", marker: "bad-volume", modes: .both),
                ExpectedFinding(ruleID: "names.pattern", marker: "bad-volume-name", modes: .test),
            ], in: found)
    }

    @Test("names.pattern: an explicit container name must start with a letter or digit")
    func containerName() {
        let stack = validStack(service: {
            ContainerName(.mode(test: "_api-test", production: "demo-api"))  // @bad-container
        })
        let found = expectDiagnostic("names.pattern", atMarker: "bad-container", in: diagnostics(of: stack))
        #expect(found?.message == "test: container name of service 'api' '_api-test' does not match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
    }

    @Test("names.pattern: environment keys, in a service and in the env file")
    func environmentKeys() {
        let stack = validStack(
            extra: {
                EnvFileEntry("FEATURE-X", "on")  // @bad-env-file-key
            },
            service: {
                Env("2FA_CODE_LENGTH", "6")  // @bad-env-key
            })
        let found = diagnostics(of: stack)
        expectDiagnostic("names.pattern", atMarker: "bad-env-key", in: found)
        let fileKey = expectDiagnostic("names.pattern", atMarker: "bad-env-file-key", in: found)
        #expect(fileKey?.message.contains("env file key 'FEATURE-X'") == true)
    }

    @Test("names.pattern: the stack name must be a valid lowercase compose project name")
    func projectName() {
        let stack = renamed(validStack(), to: "HomeIQ")  // @bad-project
        let found = expectDiagnostic("names.pattern", atMarker: "bad-project", in: diagnostics(of: stack))
        #expect(found?.message == "compose project name 'HomeIQ-test' (test) and 'HomeIQ' (production) does not match ^[a-z0-9][a-z0-9_-]*$")
    }

    @Test("names.duplicate: a service declared twice")
    func serviceTwice() {
        let stack = validStack(extra: {
            CoreService("api") {  // @second-api
                Image("example/api:2.0")
                Healthcheck(["CMD", "true"])
            }
        })
        let found = expectDiagnostic("names.duplicate", atMarker: "second-api", in: diagnostics(of: stack))
        #expect(found?.message.hasPrefix("test and production: service 'api' is declared twice (first at RuleTestSupport.swift:") == true)
    }

    @Test("names.duplicate: a network and a volume declared twice, and two volume keys with one name")
    func networkAndVolumeTwice() {
        let stack = validStack(extra: {
            Network("demo-network")  // @second-network
            Volume("influxdb_data")  // @second-volume
            Volume("influx_copy", name: .mode(test: "demo-test_influxdb_data", production: "demo_influxdb_data"))  // @same-volume-name
        })
        let found = diagnostics(of: stack)
        expectDiagnostic("names.duplicate", atMarker: "second-network", in: found)
        expectDiagnostic("names.duplicate", atMarker: "second-volume", in: found)
        let sameName = expectDiagnostic("names.duplicate", atMarker: "same-volume-name", in: found)
        #expect(sameName?.message.contains("volume 'influx_copy' has the name") == true)
        #expect(sameName?.message.contains("of volume 'influxdb_data'") == true)
        // The two names differ by mode, so each mode reports its own clash.
        expectFindings(
            [
                ExpectedFinding(ruleID: "names.duplicate", marker: "second-network", modes: .both),
                ExpectedFinding(ruleID: "names.duplicate", marker: "second-volume", modes: .both),
                ExpectedFinding(ruleID: "names.duplicate", marker: "same-volume-name", modes: .test),
                ExpectedFinding(ruleID: "names.duplicate", marker: "same-volume-name", modes: .production),
            ], in: found)
    }

    @Test("names.duplicate: the real incident, an environment key declared twice in one service")
    func environmentKeyTwice() {
        let stack = validStack(service: {
            Env("LOG_LEVEL", "info")
            Env("LOG_LEVEL", "debug")  // @second-log-level
        })
        let found = expectDiagnostic("names.duplicate", atMarker: "second-log-level", in: diagnostics(of: stack))
        #expect(found?.message.contains("service 'api' declares environment key 'LOG_LEVEL' twice (first at NameRulesTests.swift:") == true)
    }

    @Test("names.duplicate: a key declared again inside InTest is a duplicate in test only")
    func environmentKeyTwiceInTest() {
        let stack = validStack(service: {
            Env("LOG_LEVEL", "info")
            InTest { Env("LOG_LEVEL", "debug") }  // @in-test-duplicate
        })
        let found = expectDiagnostic("names.duplicate", atMarker: "in-test-duplicate", in: diagnostics(of: stack))
        #expect(found?.message.hasPrefix("test: ") == true)
    }

    @Test("names.duplicate: a service may override a Defaults key once")
    func overridesDefaults() {
        let stack = validStack(service: {
            Env("DEPLOYMENT_MODE", .deploymentMode)
        })
        expectNoDiagnostic("names.duplicate", in: diagnostics(of: stack))
    }

    @Test("names.duplicate: a label set twice, and a container name taken by another service")
    func labelAndContainerName() {
        let stack = validStack(
            extra: {
                CoreService("worker") {
                    Image("example/worker:1.0")
                    Healthcheck(["CMD", "true"])
                    ContainerName(.mode(test: "demo-test-api", production: "demo-worker"))  // @taken-container-name
                }
            },
            service: {
                Label("team", "data")
                Label("team", "platform")  // @second-label
            })
        let found = diagnostics(of: stack)
        expectDiagnostic("names.duplicate", atMarker: "second-label", in: found)
        let container = expectDiagnostic("names.duplicate", atMarker: "taken-container-name", in: found)
        #expect(container?.message == "test: service 'worker' uses container name 'demo-test-api', already used by 'api'")
    }

    @Test("names.reserved-label: com.homeiq.* labels are the compiler's")
    func reservedLabel() {
        let stack = validStack(service: {
            Label("com.homeiq.role", "ai")  // @reserved
        })
        let found = diagnostics(of: stack)
        let reserved = expectDiagnostic("names.reserved-label", atMarker: "reserved", in: found)
        #expect(reserved?.message == "test and production: service 'api' sets the reserved label 'com.homeiq.role' by hand")
        expectNoDiagnostic("names.duplicate", in: found)
        // The compiler's own labels are not reported.
        expectNoDiagnostic("names.reserved-label", in: diagnostics(of: validStack()))
    }
}
