import DeployCompiler
import DeployModel
import Testing

@Suite("Health and image rules", .exactFindings)
struct HealthAndImageRulesTests {
    @Test("health.check: a long-running service without a health check is reported at the service")
    func missingHealthcheck() {
        let stack = validStack(extra: {
            CoreService("worker") {  // @no-healthcheck
                Image("example/worker:1.0")
            }
        })
        let found = expectDiagnostic("health.check", atMarker: "no-healthcheck", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service 'worker' is long-running (restart: unless-stopped) but has no health check")
    }

    @Test("health.check: a service without restart policy counts as long-running")
    func noRestartPolicy() {
        let stack = Stack("demo") {
            Network("demo-network")
            Defaults {
                OnNetwork("demo-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Limits(memory: .mib(64), cpus: 0.25)
                Reservations(memory: .mib(32), cpus: 0.1)
            }
            CoreService("daemon") {  // @no-restart
                Image("example/daemon:1.0")
            }
        }
        let found = expectDiagnostic("health.check", atMarker: "no-restart", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service 'daemon' is long-running (no restart policy set) but has no health check")
    }

    @Test("health.check: a disabled check is blamed at the Healthcheck; a one-shot job needs none")
    func disabledAndJobs() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("example/worker:1.0")
                Healthcheck(["NONE"])  // @disabled-check
            }
            TestFixture("seeder") {
                Image("example/seeder:1.0")
                Restart(.no)
            }
        })
        let found = diagnostics(of: stack)
        expectDiagnostic("health.check", atMarker: "disabled-check", in: found)
        #expect(ruleDiagnostics("health.check", in: found).count == 1, "the Restart(.no) seeder is not reported")
    }

    @Test("health.check may be waived for a service, with a reason")
    func waiver() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("example/worker:1.0")
                Waive("health.check", because: "distroless image without a shell; watched by the dashboard")
            }
        })
        let compilation = compiled(stack)
        expectNoDiagnostic("health.check", in: compilation.diagnostics)
        #expect(compilation.waiversInForce.map(\.waiver.rule) == ["health.check"])
    }

    @Test("images.pinned: an image without tag")
    func untagged() {
        let stack = validStack(extra: {
            CoreService("cache") {
                Image("redis")  // @untagged
                Healthcheck(["CMD", "true"])
            }
        })
        let found = expectDiagnostic("images.pinned", atMarker: "untagged", in: diagnostics(of: stack))
        #expect(found?.message == "test and production: service 'cache' uses image 'redis', which has no tag and so means 'latest'")
    }

    @Test("images.pinned: the latest tag, and a registry port that is not a tag")
    func latestAndRegistryPort() {
        let latest = validStack(extra: {
            CoreService("cache") {
                Image("redis:latest")  // @latest
                Healthcheck(["CMD", "true"])
            }
        })
        let latestFound = expectDiagnostic("images.pinned", atMarker: "latest", in: diagnostics(of: latest))
        #expect(latestFound?.message.contains("whose tag 'latest' changes under you") == true)

        let registry = validStack(extra: {
            CoreService("cache") {
                Image("registry.local:5000/homeiq/api")  // @registry-port
                Healthcheck(["CMD", "true"])
            }
        })
        let registryFound = expectDiagnostic("images.pinned", atMarker: "registry-port", in: diagnostics(of: registry))
        #expect(registryFound?.message.contains("has no tag") == true)
    }

    @Test("images.pinned: a malformed digest")
    func badDigest() {
        let stack = validStack(extra: {
            CoreService("cache") {
                Image("redis@sha256:1234")  // @short-digest
                Healthcheck(["CMD", "true"])
            }
        })
        expectDiagnostic("images.pinned", atMarker: "short-digest", in: diagnostics(of: stack))
    }

    @Test("images.pinned: tags, digests, registry ports with tags and builds pass")
    func pinnedForms() {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        for reference in ["redis:7.2.4", "registry.local:5000/homeiq/api:2.4.0", "redis@\(digest)", "redis:7.2@\(digest)"] {
            let stack = validStack(extra: {
                CoreService("cache") {
                    Image(reference)
                    Healthcheck(["CMD", "true"])
                }
            })
            expectNoDiagnostic("images.pinned", in: diagnostics(of: stack))
        }
        let built = validStack(extra: {
            CoreService("local") {
                Build(context: "services/local")
                Healthcheck(["CMD", "true"])
            }
        })
        expectNoDiagnostic("images.pinned", in: diagnostics(of: built))
    }

    @Test("images.pinned: a service with neither image nor build")
    func nothingToRun() {
        let stack = validStack(extra: {
            CoreService("ghost") {  // @no-image
                Healthcheck(["CMD", "true"])
            }
        })
        let found = expectDiagnostic("images.pinned", atMarker: "no-image", in: diagnostics(of: stack))
        #expect(found?.message.contains("has neither an image nor a build") == true)
    }
}
