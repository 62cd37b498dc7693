import DeployCompiler
import DeployModel
import Testing

/// `mode.test-egress` and what an `EgressGuard` compiles to.
@Suite("Mode rules: test egress", .exactFindings)
struct ModeTestEgressRuleTests {
    /// An AI service that may call out: `Egress` at the line marked `marker` of the caller.
    static func caller(_ name: String = "openai-service", line: Int = #line) -> Service<AIRole> {
        AIService(name) {
            Image("example/openai:1.0.0")
            Healthcheck(["CMD", "true"])
            Egress(because: "it calls the OpenAI API", line: line)
        }
    }

    /// The body of every guard here: an image and the guard's health check.
    static var guardBody: ServiceGroup {
        ServiceGroup {
            Image("example/egress-guard:1.0.0")
            Healthcheck(["CMD", "/usr/local/bin/egress-guard", "check"])
        }
    }

    @Test("a guard closes test's network: bridge named, Egress services on the exit network, every service waits for the guard; production untouched")
    func guardCompiles() throws {
        let stack = validStack(extra: {
            EgressGuard("egress-guard", closing: "demo-network", bridge: "demo-test0", exit: "demo-egress") {
                Self.guardBody
            }
            Self.caller()
        })
        let compilation = compiled(stack)
        expectFindings([], in: compilation.diagnostics)
        let test = try #require(compilation.files.first { $0.path.hasSuffix("docker-compose.test.yml") }?.contents)
        let production = try #require(compilation.files.first { $0.path.hasSuffix("docker-compose.prod.yml") }?.contents)
        #expect(test.contains("    driver_opts:\n      com.docker.network.bridge.name: demo-test0\n"))
        #expect(test.contains("  demo-egress:\n    name: demo-egress-test\n    driver: bridge\n"))
        #expect(test.contains("    networks:\n      - demo-egress\n      - demo-network\n"), "the Egress service joins the exit network")
        #expect(test.contains("    network_mode: host\n"))
        #expect(test.contains("    cap_add:\n      - NET_ADMIN\n"))
        #expect(test.contains("      EGRESS_GUARD_BRIDGE: demo-test0\n"))
        // Every other service (api, influxdb, openai-service) waits for the guard.
        let waits = test.components(separatedBy: "      egress-guard:\n        condition: service_healthy\n").count - 1
        #expect(waits == 3)
        #expect(
            test.contains(
                "  egress:\n    guard: egress-guard\n    bridge: demo-test0\n    network: demo-network-test\n    exit-network: demo-egress-test\n    services:\n      - openai-service\n"
            ))
        for absent in [
            "demo-egress", "network_mode", "NET_ADMIN", "EGRESS_GUARD_BRIDGE", "driver_opts", "  egress:\n",
            "condition: service_healthy\n      egress-guard",
        ] {
            #expect(!production.contains(absent), "production holds '\(absent)'")
        }
    }

    @Test("Egress on a core service is refused at the Egress, in test")
    func egressOnCoreService() {
        let stack = validStack(
            extra: {
                EgressGuard("egress-guard", closing: "demo-network", bridge: "demo-test0", exit: "demo-egress") {
                    Self.guardBody
                }
            },
            service: {
                Egress(because: "it fetches the weather")  // @egress-core
            })
        let found = expectRejected(stack)
        expectFindings([ExpectedFinding(ruleID: "mode.test-egress", marker: "egress-core", modes: .test)], in: found)
        #expect(found.first?.message.contains("core service 'api' declares Egress") == true)
        #expect(RuleRegistry.rule("mode.test-egress")?.isWaivable == false)
    }

    @Test("Egress where no guard closes test's network is a warning at the Egress (it changes nothing)")
    func egressWithoutGuard() {
        let stack = validStack(extra: {
            Self.caller()  // @egress-unguarded
        })
        expectFindings(
            [ExpectedFinding(ruleID: "mode.test-egress", marker: "egress-unguarded", severity: .warning, modes: .test)],
            in: diagnostics(of: stack))
    }

    @Test("a guard closing an undeclared network, with a bridge name the kernel refuses, is refused at the EgressGuard")
    func undeclaredNetworkAndLongBridge() {
        let stack = validStack(extra: {
            EgressGuard("egress-guard", closing: "other-network", bridge: "demo-test-bridge0", exit: "demo-egress") {  // @guard-bad
                Self.guardBody
            }
        })
        let found = expectRejected(stack)
        expectFindings(
            [
                ExpectedFinding(ruleID: "mode.test-egress", marker: "guard-bad", modes: .test),
                ExpectedFinding(ruleID: "mode.test-egress", marker: "guard-bad", modes: .test),
            ], in: found)
        #expect(found.contains { $0.message.contains("'other-network', which this mode does not declare") })
        #expect(found.contains { $0.message.contains("'demo-test-bridge0' is not a Linux interface name") })
    }

    @Test("an exit network that sorts after the closed one, and a network naming its own bridge, are refused at the EgressGuard")
    func exitOrderAndOwnBridgeName() {
        let late = validStack(extra: {
            EgressGuard("egress-guard", closing: "demo-network", bridge: "demo-test0", exit: "zz-egress") {  // @guard-late
                Self.guardBody
            }
            Self.caller()
        })
        let found = expectRejected(late)
        expectFindings([ExpectedFinding(ruleID: "mode.test-egress", marker: "guard-late", modes: .test)], in: found)
        #expect(found.first?.message.contains("'zz-egress-test' does not sort before 'demo-network-test'") == true)

        let named = validStack(extra: {
            Network("side-network", driverOptions: ["com.docker.network.bridge.name": "side0"])
            EgressGuard("egress-guard", closing: "side-network", bridge: "side-test0", exit: "demo-egress") {  // @guard-named
                Self.guardBody
            }
        })
        expectFindings([ExpectedFinding(ruleID: "mode.test-egress", marker: "guard-named", modes: .test)], in: expectRejected(named))
    }

    @Test("on a cluster the stack file leaves the guard out, with a warning at the EgressGuard; the compose file keeps it")
    func swarmLeavesTheGuardOut() throws {
        let stack = validStack(extra: {
            Cluster { Node("nuc-a", .nuc8gb) }
            EgressGuard("egress-guard", closing: "demo-network", bridge: "demo-test0", exit: "demo-egress") {  // @guard-swarm
                Self.guardBody
            }
            Self.caller()
        })
        let compilation = compiled(stack)
        expectFindings(
            [ExpectedFinding(ruleID: "mode.test-egress", marker: "guard-swarm", severity: .warning, modes: .test)],
            in: compilation.diagnostics)
        let stackFile = try #require(compilation.files.first { $0.path.hasSuffix("docker-stack.test.yml") }?.contents)
        let composeFile = try #require(compilation.files.first { $0.path.hasSuffix("docker-compose.test.yml") }?.contents)
        for absent in ["egress-guard", "demo-test0", "NET_ADMIN", "network_mode"] {
            #expect(!stackFile.contains(absent), "the stack file holds '\(absent)'")
        }
        #expect(stackFile.contains("  demo-egress:\n    name: demo-egress-test\n    driver: overlay\n"), "the exit network stays, as overlay")
        #expect(composeFile.contains("  egress-guard:\n") && composeFile.contains("network_mode: host"))
    }

    @Test("bridge names: 1 to 15 bytes of letters, digits, '_', '.', '-'")
    func interfaceNames() {
        for good in ["homeiq-test0", "a", "br_0.x", String(repeating: "b", count: 15)] {
            #expect(ModeTestEgressRule.isInterfaceName(good), "\(good)")
        }
        for bad in ["", ".", "..", String(repeating: "b", count: 16), "br 0", "br/0", "brü", "br:0"] {
            #expect(!ModeTestEgressRule.isInterfaceName(bad), "\(bad)")
        }
    }
}
