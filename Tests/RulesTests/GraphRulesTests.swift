import DeployCompiler
import DeployModel
import Testing

@Suite("Graph rules", .exactFindings)
struct GraphRulesTests {
    @Test("graph.depends-on: a dependency on a service that does not exist")
    func unknownTarget() {
        let stack = validStack(service: {
            DependsOn("ghost")  // @ghost-dependency
        })
        let found = expectDiagnostic("graph.depends-on", atMarker: "ghost-dependency", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service 'api' depends on 'ghost', which is not declared")
    }

    @Test("graph.depends-on: the real incident, a dependency on a service of the other mode only, says so")
    func otherModeOnly() {
        let stack = validStack(
            extra: {
                ExternalAPIService("weather-api") {
                    Image("example/weather:1.0")
                    Port(8009)
                    Healthcheck.http(port: 8009)
                }
            },
            service: {
                DependsOn("weather-api")  // @production-only-dependency
            })
        let found = expectDiagnostic("graph.depends-on", atMarker: "production-only-dependency", in: diagnostics(of: stack))
        #expect(found?.message == "test: service 'api' depends on 'weather-api', which runs only in production")
        #expect(found?.help?.contains("InProduction") == true)
    }

    @Test("graph.depends-on: a dependency scoped to the mode of its target is fine")
    func scopedDependency() {
        let stack = validStack(
            extra: {
                ExternalAPIService("weather-api") {
                    Image("example/weather:1.0")
                    Port(8009)
                    Healthcheck.http(port: 8009)
                }
            },
            service: {
                InProduction { DependsOn("weather-api") }
            })
        expectNoDiagnostic("graph.depends-on", in: diagnostics(of: stack))
    }

    @Test("graph.cycle: a two-service cycle is reported once, with its path, at the first edge")
    func twoServiceCycle() {
        let stack = validStack(
            extra: {
                CoreService("worker") {
                    Image("example/worker:1.0")
                    Healthcheck(["CMD", "true"])
                    DependsOn("api")
                }
            },
            service: {
                DependsOn("worker")  // @first-edge
            })
        let found = diagnostics(of: stack)
        let cycle = expectDiagnostic("graph.cycle", atMarker: "first-edge", in: found)
        #expect(cycle?.message == "test and production: dependency cycle: api -> worker -> api")
        #expect(ruleDiagnostics("graph.cycle", in: found).count == 1)
    }

    @Test("graph.cycle: a service that depends on itself")
    func selfDependency() {
        let stack = validStack(service: {
            DependsOn("api")  // @self-edge
        })
        let cycle = expectDiagnostic("graph.cycle", atMarker: "self-edge", in: diagnostics(of: stack))
        #expect(cycle?.message.hasSuffix("dependency cycle: api -> api") == true)
    }

    @Test("graph.cycle: a cycle that exists in test only is reported for test")
    func testOnlyCycle() {
        let stack = validStack(
            extra: {
                TestFixture("seeder") {
                    Image("example/seeder:1.0")
                    Restart(.no)
                    DependsOn("api")
                }
            },
            service: {
                InTest { DependsOn("seeder") }  // @api-to-seeder
            })
        let found = diagnostics(of: stack)
        #expect(ruleDiagnostics("graph.cycle", in: found).count == 1)
        // The walk starts at api (declared before seeder): api -> seeder -> api, first edge api's InTest DependsOn.
        let cycle = expectDiagnostic("graph.cycle", atMarker: "api-to-seeder", in: found)
        #expect(cycle?.message == "test: dependency cycle: api -> seeder -> api")
    }

    @Test("graph.cycle: an acyclic diamond is not a cycle")
    func diamond() {
        let stack = validStack(
            extra: {
                CoreService("left") {
                    Image("example/left:1.0")
                    Healthcheck(["CMD", "true"])
                    DependsOn("influxdb")
                }
                CoreService("right") {
                    Image("example/right:1.0")
                    Healthcheck(["CMD", "true"])
                    DependsOn("influxdb")
                }
            },
            service: {
                DependsOn("left")
                DependsOn("right")
            })
        expectNoDiagnostic("graph.cycle", in: diagnostics(of: stack))
    }

    @Test("graph.healthy-needs-healthcheck: waiting for a service without health check")
    func healthyWithoutCheck() {
        let stack = validStack(
            extra: {
                CoreService("migrations") {
                    Image("example/migrations:1.0")
                    Restart(.no)
                }
            },
            service: {
                DependsOn("migrations", .healthy)  // @healthy-target
            })
        let found = expectDiagnostic("graph.healthy-needs-healthcheck", atMarker: "healthy-target", in: diagnostics(of: stack))
        #expect(found?.message.contains("service 'api' waits for 'migrations' to be healthy, but 'migrations' has no health check") == true)
    }

    @Test("graph.healthy-needs-healthcheck: a disabled check (NONE) counts as none; .completedSuccessfully needs none")
    func disabledCheck() {
        let stack = validStack(
            extra: {
                CoreService("migrations") {
                    Image("example/migrations:1.0")
                    Restart(.no)
                    Healthcheck(["NONE"])
                }
            },
            service: {
                DependsOn("migrations", .healthy)  // @none-check
            })
        expectDiagnostic("graph.healthy-needs-healthcheck", atMarker: "none-check", in: diagnostics(of: stack))

        let fine = validStack(
            extra: {
                CoreService("migrations") {
                    Image("example/migrations:1.0")
                    Restart(.no)
                }
            },
            service: {
                DependsOn("migrations", .completedSuccessfully)
            })
        expectNoDiagnostic("graph.healthy-needs-healthcheck", in: diagnostics(of: fine))
    }

    @Test("graph.service-url: a URL of a service that does not exist")
    func urlOfMissingService() {
        let stack = validStack(service: {
            Env("REPORTS_URL", .url(of: "reporting", port: 8090))  // @missing-url
        })
        let found = expectDiagnostic("graph.service-url", atMarker: "missing-url", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service 'api' sets REPORTS_URL to a URL of 'reporting', which is not declared")
    }

    @Test("graph.service-url: a URL of a test-only service, in production, says where it runs")
    func urlOfOtherMode() {
        let stack = validStack(
            extra: {
                TestFixture("home-assistant-test") {
                    Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                    Port(8124, container: 8123)
                    Healthcheck.http(port: 8123)
                }
            },
            service: {
                Env("HA_URL", .url(of: "home-assistant-test", port: 8123))  // @test-only-url
            })
        let found = diagnostics(of: stack)
        let url = expectDiagnostic("graph.service-url", atMarker: "test-only-url", in: found)
        #expect(url?.message == "production: service 'api' sets HA_URL to a URL of 'home-assistant-test', which runs only in test")
        // Known: isolation.cross-reference reports the same mistake at the same line (a test-only name in production),
        // and names its mode in the message only (its `modes` are empty).
        expectFindings(
            [
                ExpectedFinding(ruleID: "graph.service-url", marker: "test-only-url", modes: .production),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "test-only-url", modes: .production),
            ], in: found)
    }

    @Test("graph.service-url: env file entries are checked too")
    func envFileURL() {
        let stack = validStack(extra: {
            EnvFileEntry("REPORTS_URL", .url(of: "reporting", port: 8090))  // @env-file-url
        })
        expectDiagnostic("graph.service-url", atMarker: "env-file-url", in: diagnostics(of: stack))
    }
}
