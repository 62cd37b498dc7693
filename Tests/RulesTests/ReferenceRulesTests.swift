import DeployCompiler
import DeployModel
import Testing

@Suite("Reference rules", .exactFindings)
struct ReferenceRulesTests {
    @Test("references.undeclared: a network the stack does not declare")
    func undeclaredNetwork() {
        let stack = validStack(service: {
            OnNetwork("backend")  // @undeclared-network
        })
        let found = expectDiagnostic("references.undeclared", atMarker: "undeclared-network", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service 'api' attaches to network 'backend', which the stack does not declare")
    }

    @Test("references.undeclared: a network declared only for test, used in production too")
    func networkOfOtherMode() {
        let stack = validStack(
            extra: {
                TestOnly { Network("ha-test-network") }
            },
            service: {
                OnNetwork("ha-test-network")  // @test-only-network
            })
        let found = expectDiagnostic("references.undeclared", atMarker: "test-only-network", in: diagnostics(of: stack))
        #expect(found?.message == "production: service 'api' attaches to network 'ha-test-network', which is declared only in test")
    }

    @Test("references.undeclared: a named volume the stack does not declare")
    func undeclaredVolume() {
        let stack = validStack(service: {
            Mount(volume: "api_cache", at: "/cache")  // @undeclared-volume
        })
        let found = expectDiagnostic("references.undeclared", atMarker: "undeclared-volume", in: diagnostics(of: stack))
        #expect(found?.message.contains("mounts volume 'api_cache', which the stack does not declare") == true)
    }

    @Test("references.undeclared: a service on no network at all")
    func noNetwork() {
        let stack = Stack("demo") {
            Network("demo-network")
            Defaults {
                Restart(.unlessStopped)
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Limits(memory: .mib(128), cpus: 0.25)
                Reservations(memory: .mib(64), cpus: 0.1)
            }
            CoreService("loner") {  // @no-network
                Image("example/loner:1.0")
                Healthcheck(["CMD", "true"])
            }
            CoreService("joiner") {
                Image("example/joiner:1.0")
                Healthcheck(["CMD", "true"])
                OnNetwork("demo-network")
            }
        }
        let found = ruleDiagnostics("references.undeclared", in: diagnostics(of: stack))
        expectDiagnostic("references.undeclared", atMarker: "no-network", in: found)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("service 'loner' is on no network") == true)
    }
}

@Suite("Several violations at once", .exactFindings)
struct SeveralViolationsTests {
    /// One stack, five unrelated mistakes of the kinds the hand-written HomeIQ file had.
    static func brokenStack() -> Stack {
        validStack(
            extra: {
                CoreService("dashboard") {
                    Image("example/dashboard")  // @several-untagged
                    Port(8006, container: 80)  // @several-port-clash
                    Healthcheck.http(port: 80)
                    DependsOn("weather-api")  // @several-missing-dependency
                    OnNetwork("frontend")  // @several-network
                }
            },
            service: {
                Env("LOG_LEVEL", "info")
                Env("LOG_LEVEL", "debug")  // @several-duplicate-key
            })
    }

    /// The five mistakes of `brokenStack`, and nothing else.
    static let brokenStackFindings = [
        ExpectedFinding(ruleID: "images.pinned", marker: "several-untagged", modes: .both),
        ExpectedFinding(ruleID: "ports.unique", marker: "several-port-clash", modes: .both),
        ExpectedFinding(ruleID: "graph.depends-on", marker: "several-missing-dependency", modes: .both),
        ExpectedFinding(ruleID: "references.undeclared", marker: "several-network", modes: .both),
        ExpectedFinding(ruleID: "names.duplicate", marker: "several-duplicate-key", modes: .both),
    ]

    @Test("every error of a stack is reported by one compile, each at its line, sorted by location")
    func allAtOnce() {
        let compilation = compiled(Self.brokenStack())
        let found = compilation.diagnostics
        expectFindings(Self.brokenStackFindings, in: found)
        #expect(found == found.sorted(), "diagnostics come sorted by location")
        #expect(Set(found).count == found.count, "no diagnostic is repeated")
    }

    @Test("nothing is produced when a rule fails")
    func nothingProduced() {
        let compilation = compiled(Self.brokenStack())
        expectFindings(Self.brokenStackFindings, in: compilation.diagnostics)
        #expect(compilation.hasErrors)
        #expect(compilation.files.isEmpty)
    }

    @Test("the same stack without the mistakes produces its files")
    func controlStack() {
        let compilation = compiled(validStack())
        #expect(!compilation.hasErrors)
        let paths = Set(compilation.files.map(\.path))
        #expect(
            paths.isSuperset(of: [
                "generated/docker-compose.test.yml", "generated/docker-compose.prod.yml",
                "generated/env.test", "generated/env.production",
            ]))
    }
}
