import DeployCompiler
import DeployModel
import Testing

/// The hand-written HomeIQ compose file of that time (profiles, no compiler) shipped each of these
/// mistakes. Written in the DSL, every one is an error at its line, and nothing is generated.
@Suite("The incidents of the hand-written compose file", .exactFindings)
struct HistoricIncidentsTests {
    @Test("every historical mistake is caught at its line, all in one run")
    func everyIncidentIsCaught() {
        let stack = Stack("homeiq") {
            Hardware(.nuc8gb)  // @budget
            Network("homeiq-network")
            Network("shared-network", name: "homeiq-network-shared")  // @shared-network
            Defaults {
                Restart(.unlessStopped)
                OnNetwork("homeiq-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                HealthcheckTimings(interval: 30, timeout: 10, retries: 3, startPeriod: 10)
            }
            CoreService("data-api") {
                Image("ghcr.io/homeiq/data-api:2.4.0")
                Port(8006)
                Env("LOG_LEVEL", "INFO")
                Env("LOG_LEVEL", "DEBUG")  // @duplicate-key
                Healthcheck.http(port: 8006)
                Limits(memory: .gib(7), cpus: 2)
                Reservations(memory: .gib(1), cpus: 0.5)
            }
            CoreService("admin-api") {  // @no-limits
                Image("ghcr.io/homeiq/admin-api:2.4.0")
                Port(8006)  // @port-clash
                Env("API_KEY", .variable("API_KEY", default: "hunter2-literal-key"))  // @secret-default
                DependsOn("weather-api", .healthy)  // @test-depends-on-production
                Healthcheck.http(port: 8004)  // @probe-other-port
                // No Limits at all: the service that could starve the NUC.
            }
            ExternalAPIService("weather-api") {
                Image("ghcr.io/homeiq/weather-api:2.4.0")
                Port(8009)
                Healthcheck.http(port: 8009)
                Limits(memory: .gib(7), cpus: 0.5)
                Reservations(memory: .mib(64), cpus: 0.1)
            }
            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Port(8124, container: 8123)
                OnNetwork("shared-network")
                Healthcheck.http(port: 8123)
                Limits(memory: .mib(320), cpus: 1)
                Reservations(memory: .mib(64), cpus: 0.1)
            }
            CoreService("websocket-ingestion") {
                Image("ghcr.io/homeiq/websocket-ingestion:2.4.0")
                OnNetwork("shared-network")
                Port(test: 8001, production: 8001, container: 8001)  // @same-port-both-modes
                Healthcheck.http(port: 8001)
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(64), cpus: 0.1)
            }
        }
        let compilation = compiled(stack)
        let found = compilation.diagnostics
        #expect(compilation.files.isEmpty)

        // Host-port clash between two services of one mode.
        expectDiagnostic("ports.unique", atMarker: "port-clash", in: found)
        // A test-mode depends_on on a production-only service: the test deployment could not start.
        expectDiagnostic("graph.depends-on", atMarker: "test-depends-on-production", in: found)
        // A service without resource limits.
        let noLimits = ruleDiagnostics("resources.limits", in: found).filter { $0.service == "admin-api" }
        #expect(!noLimits.isEmpty, "admin-api without limits was not reported")
        // ~14 GB of memory limits on an 8 GB NUC.
        expectDiagnostic("resources.budget", atMarker: "budget", in: found)
        // A hard-coded default secret: API_KEY=${API_KEY:-<literal>}.
        expectDiagnostic("secrets.production-literal", atMarker: "secret-default", in: found)
        // A key declared twice in one service.
        expectDiagnostic("names.duplicate", atMarker: "duplicate-key", in: found)
        // Test containers on the production network.
        expectDiagnostic("isolation.network", atMarker: "shared-network", in: found)
        // The test ingestion on production's port.
        expectDiagnostic("isolation.port", atMarker: "same-port-both-modes", in: found)

        // A health check that probed another service's port: the service never became healthy.
        expectDiagnostic("health.probe-port", atMarker: "probe-other-port", in: found)

        // Exactly these, in their modes: the budget is over in each mode; the service without limits has no
        // reservations either; the secret's default is also a reference default in test.
        expectFindings(
            [
                ExpectedFinding(ruleID: "resources.budget", marker: "budget", modes: .test),
                ExpectedFinding(ruleID: "resources.budget", marker: "budget", modes: .production),
                ExpectedFinding(ruleID: "isolation.network", marker: "shared-network"),
                ExpectedFinding(ruleID: "names.duplicate", marker: "duplicate-key", modes: .both),
                ExpectedFinding(ruleID: "resources.limits", marker: "no-limits", modes: .both),
                ExpectedFinding(ruleID: "resources.declared", marker: "no-limits", modes: .both),
                ExpectedFinding(ruleID: "ports.unique", marker: "port-clash", modes: .both),
                ExpectedFinding(ruleID: "secrets.production-literal", marker: "secret-default", modes: .production),
                ExpectedFinding(ruleID: "secrets.reference-default", marker: "secret-default", modes: .test),
                ExpectedFinding(ruleID: "graph.depends-on", marker: "test-depends-on-production", modes: .test),
                ExpectedFinding(ruleID: "health.probe-port", marker: "probe-other-port", modes: .both),
                ExpectedFinding(ruleID: "isolation.port", marker: "same-port-both-modes"),
            ], in: found)

        // Every error is reported at once, sorted, with no duplicates.
        #expect(found == found.sorted())
        #expect(Set(found).count == found.count)
    }
}

@Suite("mode.no-mode", .exactFindings)
struct ServiceInNoModeTests {
    @Test("a RunsIn that contradicts its TestOnly block leaves the service in no mode: an error at the block")
    func contradictoryScope() {
        let stack = validStack(extra: {
            TestOnly {  // @no-mode-block
                CoreService("orphan") {
                    Image("example/orphan:1.0.0")
                    RunsIn(.production)
                }
            }
        })
        let found = diagnostics(of: stack)
        expectDiagnostic("mode.no-mode", atMarker: "no-mode-block", in: found)
        #expect(ruleDiagnostics("mode.no-mode", in: found).count == 1)
    }

    @Test("RunsIn with no mode at all is blamed at the RunsIn")
    func emptyRunsIn() {
        let stack = validStack(extra: {
            CoreService("ghost") {
                Image("example/ghost:1.0.0")
                RunsIn([])  // @empty-runs-in
            }
        })
        expectDiagnostic("mode.no-mode", atMarker: "empty-runs-in", in: diagnostics(of: stack))
    }
}
