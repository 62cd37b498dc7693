import DeployCompiler
import DeployModel
import Testing

/// Waivers: `Waive("rule.id", because: "…")` on a service or the stack (engine: `RuleEngine`, rule `waiver.valid`).
@Suite("Waivers", .exactFindings)
struct WaiverTests {
    /// The header lines (`# …`) of the generated file whose path ends with `suffix`.
    private func headerLines(_ compilation: Compilation, _ suffix: String) -> [String] {
        let contents = compilation.files.first { $0.path.hasSuffix(suffix) }?.contents ?? ""
        return contents.split(separator: "\n").prefix { $0.hasPrefix("#") }.map(String.init)
    }

    @Test("a service waiver silences its rule for that service only")
    func serviceWaiverIsScoped() {
        let stack = validStack(
            extra: {
                CoreService("worker") {
                    Image("example/worker:1.0.0")
                    Port(test: 9001, production: 9001, container: 9001)  // @unwaived-port
                    Healthcheck.http(port: 9001)
                }
            },
            service: {
                Port(test: 9000, production: 9000, container: 9000)
                Waive("isolation.port", because: "the NUC never runs both modes; the vendor app dials 9000")
            })
        let found = expectRejected(stack)
        expectFindings([ExpectedFinding(ruleID: "isolation.port", marker: "unwaived-port")], in: found)
        #expect(found.first?.service == "worker")
    }

    @Test("a waiver in force is listed in the header of each compose file it affects")
    func waiverInHeader() {
        let stack = validStack(service: {
            Port(test: 9000, production: 9000, container: 9000)
            Waive("isolation.port", because: "the vendor app dials 9000")  // @waiver-in-force
        })
        let compilation = compiled(stack)
        #expect(compilation.errors.isEmpty, "\(compilation.errors.map(\.description))")
        #expect(!compilation.files.isEmpty)
        expectNoDiagnostic("isolation.port", in: compilation.diagnostics)
        let expected = "# waiver: isolation.port (service api): the vendor app dials 9000"
        #expect(headerLines(compilation, "docker-compose.test.yml").contains(expected))
        #expect(headerLines(compilation, "docker-compose.prod.yml").contains(expected))
        #expect(compilation.waiversInForce.count == 1)
        #expect(compilation.waiversInForce.first?.waiver.location.line == line(marked: "waiver-in-force"))
        #expect(compilation.waiversInForce.first?.silenced == 1)
    }

    @Test("a service waiver appears only in the files of the modes the service runs in")
    func waiverOnlyWhereTheServiceRuns() {
        let stack = validStack(extra: {
            TestFixture("ha-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Port(8006, container: 8123)
                Healthcheck.http(port: 8123)
                Waive("isolation.port", because: "test and production never run together on the 8 GB NUC")
            }
        })
        let compilation = compiled(stack)
        #expect(compilation.errors.isEmpty, "\(compilation.errors.map(\.description))")
        let line = "# waiver: isolation.port (service ha-test): test and production never run together on the 8 GB NUC"
        #expect(headerLines(compilation, "docker-compose.test.yml").contains(line))
        #expect(!headerLines(compilation, "docker-compose.prod.yml").contains(line))
        #expect(headerLines(compilation, "docker-compose.prod.yml").contains("# waivers: none"))
    }

    @Test("a stack-level waiver silences the rule everywhere and is listed as a stack waiver")
    func stackWaiver() {
        let stack = validStack(extra: {
            Network("shared-bus", name: "mqtt-bus")
            Waive("isolation.network", because: "the MQTT bridge network is external and read-only")
        })
        let compilation = compiled(stack)
        expectNoDiagnostic("isolation.network", in: compilation.diagnostics)
        #expect(compilation.errors.isEmpty, "\(compilation.errors.map(\.description))")
        let expected = "# waiver: isolation.network (stack): the MQTT bridge network is external and read-only"
        #expect(headerLines(compilation, "docker-compose.test.yml").contains(expected))
        #expect(headerLines(compilation, "docker-compose.prod.yml").contains(expected))
    }

    @Test("a waiver without a reason is an error at the waiver, and silences nothing")
    func waiverWithoutReason() {
        let stack = validStack(service: {
            Port(test: 9000, production: 9000, container: 9000)  // @still-standing
            Waive("isolation.port", because: "  ")  // @no-reason
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("waiver.valid", atMarker: "no-reason", in: found)
        #expect(diagnostic?.message.contains("gives no reason") == true)
        expectDiagnostic("isolation.port", atMarker: "still-standing", in: found)
    }

    @Test("a waiver naming an unknown rule is an error at the waiver")
    func unknownRule() {
        let stack = validStack(extra: {
            Waive("isolation.ports", because: "typo of isolation.port")  // @unknown-rule
        })
        let diagnostic = expectDiagnostic("waiver.valid", atMarker: "unknown-rule", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("unknown rule 'isolation.ports'") == true)
    }

    @Test("a waiver of a rule that cannot be waived is an error, and the violation still stands")
    func nonWaivableRule() {
        let stack = validStack(extra: {
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
                RunsIn(.both)  // @purity-stands
                Waive("mode.production-purity", because: "we want demo data in production")  // @non-waivable
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("waiver.valid", atMarker: "non-waivable", in: found)
        #expect(diagnostic?.message.contains("'mode.production-purity' cannot be waived") == true)
        expectDiagnostic("mode.production-purity", atMarker: "purity-stands", in: found)
    }

    @Test("every non-waivable rule of this group refuses a waiver")
    func nonWaivableRulesOfThisGroup() {
        let fixed = [
            "mode.production-purity", "mode.test-external-api", "mode.deployment-mode",
            "secrets.production-literal", "secrets.reference-default",
        ]
        for id in fixed {
            #expect(RuleRegistry.rule(id)?.isWaivable == false, "\(id)")
        }
        let stack = validStack(service: {
            Env("API_KEY", "literal-key")  // @secret-stands
            Waive("secrets.production-literal", because: "temporary")  // @secret-waiver
        })
        let found = expectRejected(stack)
        expectDiagnostic("waiver.valid", atMarker: "secret-waiver", in: found)
        expectDiagnostic("secrets.production-literal", atMarker: "secret-stands", in: found)
    }

    @Test("a waiver that silences nothing is a warning, and does not stop generation")
    func unusedWaiver() {
        let stack = validStack(service: {
            Waive("isolation.port", because: "left over from the old port layout")  // @unused
        })
        let compilation = compiled(stack)
        let diagnostic = expectDiagnostic("waiver.valid", atMarker: "unused", in: compilation.diagnostics, severity: .warning)
        #expect(diagnostic?.message.contains("silences nothing") == true)
        #expect(compilation.errors.isEmpty)
        #expect(!compilation.files.isEmpty)
        #expect(compilation.waiversInForce.isEmpty)
    }

    @Test("a service waiver cannot silence a stack-level violation")
    func serviceWaiverOfStackViolation() {
        let stack = validStack(
            extra: {
                Network("shared-bus", name: "mqtt-bus")  // @stack-violation
            },
            service: {
                Waive("isolation.network", because: "the bus is shared")  // @misplaced
            })
        let found = expectRejected(stack)
        expectDiagnostic("isolation.network", atMarker: "stack-violation", in: found)
        expectDiagnostic("waiver.valid", atMarker: "misplaced", in: found, severity: .warning)
    }

    @Test("a waiver inside InTest { } silences its rule in test only: production's finding stands, with its mode")
    func inTestWaiverAppliesToTestOnly() {
        let stack = validStack(extra: {
            CoreService("worker") {  // @worker
                Image("example/worker:1.0.0")
                InTest {
                    Waive("health.check", because: "the test worker is restarted by the seeder anyway")  // @test-waiver
                }
            }
        })
        let compilation = compiled(stack)
        let findings = compilation.diagnostics.map { "\($0.severity) [\($0.ruleID)] line \($0.location.line): \($0.message)" }
        #expect(
            findings == [
                "error [health.check] line \(line(marked: "worker")): production: service 'worker' is long-running (restart: unless-stopped) but has no health check"
            ])
        #expect(compilation.diagnostics.first?.modes == .production)
        expectFindings([ExpectedFinding(ruleID: "health.check", marker: "worker", modes: .production)], in: compilation.diagnostics)
        // Without the waiver the same finding holds in both modes, as one diagnostic.
        let unwaived = diagnostics(
            of: validStack(extra: {
                CoreService("worker") { Image("example/worker:1.0.0") }  // @unwaived-worker
            }))
        expectFindings([ExpectedFinding(ruleID: "health.check", marker: "unwaived-worker", modes: .both)], in: unwaived)
        #expect(unwaived.map(\.modes) == [.both])
        #expect(unwaived.first?.message.hasPrefix("test and production: ") == true)
    }

    @Test("a stack waiver inside TestOnly { } applies to test only and is listed in the test compose file only")
    func testOnlyStackWaiver() {
        let stack = validStack(extra: {
            TestOnly {
                Waive("health.check", because: "test workers are short-lived")  // @test-only-waiver
            }
            TestFixture("worker") {
                Image("example/worker:1.0.0")
            }
        })
        let compilation = compiled(stack)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.map(\.description))")
        #expect(compilation.waiversInForce.map(\.modes) == [.test])
        #expect(headerLines(compilation, "docker-compose.test.yml").contains { $0.contains("waiver: health.check (stack)") })
        #expect(!headerLines(compilation, "docker-compose.prod.yml").contains { $0.contains("waiver: health.check") })
    }

    @Test("a waiver on a service that runs in one mode is not mode-scoped")
    func oneModeServiceWaiver() {
        let stack = validStack(extra: {
            TestFixture("ha-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Port(8006, container: 8123)
                Healthcheck.http(port: 8123)
                Waive("isolation.port", because: "test and production never run together on the 8 GB NUC")
            }
        })
        expectNoDiagnostic("waiver.valid", in: diagnostics(of: stack))
    }
}
