import DeployCompiler
import DeployModel
import Testing

@Suite("Resource rules", .exactFindings)
struct ResourceRulesTests {
    // The valid stack's Defaults give every service Limits(256 MiB, 0.5) and Reservations(128 MiB, 0.1);
    // it has two services (influxdb, api), both in both modes: 512 MiB and 0.2 CPUs reserved per mode.

    @Test("resources.limits: the real incident, no CPU limit anywhere, is reported at the Limits")
    func missingCPULimit() {
        let stack = Stack("demo") {
            Network("demo-network")
            Defaults {
                OnNetwork("demo-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Limits(memory: .mib(256))  // @no-cpu
                Reservations(memory: .mib(64), cpus: 0.1)
            }
            CoreService("web") {
                Image("example/web:1.0")
                Healthcheck(["CMD", "true"])
            }
            CoreService("worker") {
                Image("example/worker:1.0")
                Healthcheck(["CMD", "true"])
            }
        }
        let found = ruleDiagnostics("resources.limits", in: diagnostics(of: stack))
        expectDiagnostic("resources.limits", atMarker: "no-cpu", in: found)
        // One per service, each seen in both modes and reported once.
        #expect(
            found.map(\.message).sorted() == [
                "test and production: service 'web' has no CPU limit",
                "test and production: service 'worker' has no CPU limit",
            ])
    }

    @Test("resources.limits: a service with no Limits at all is reported at the service, in the mode concerned")
    func noLimitsAtAll() {
        let stack = Stack("demo") {
            Network("demo-network")
            Defaults {
                OnNetwork("demo-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
            }
            CoreService("bare") {  // @bare-service
                Image("example/bare:1.0")
                Healthcheck(["CMD", "true"])
                Reservations(memory: .mib(32), cpus: 0.1)
                InProduction { Limits(memory: .mib(64), cpus: 0.25) }
            }
        }
        let found = expectDiagnostic("resources.limits", atMarker: "bare-service", in: diagnostics(of: stack))
        #expect(found?.message == "test: service 'bare' has no memory or CPU limit")
        #expect(found?.service == "bare")
    }

    @Test("resources.positive: a zero memory limit and a negative CPU reservation")
    func positive() {
        let stack = validStack(extra: {
            CoreService("zero") {
                Image("example/zero:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(0), cpus: 0.5)  // @zero-memory
                Reservations(memory: .mib(64), cpus: -0.5)  // @negative-cpu
            }
        })
        let found = diagnostics(of: stack)
        let memory = expectDiagnostic("resources.positive", atMarker: "zero-memory", in: found)
        #expect(memory?.message.contains("memory limit of 0 MiB") == true)
        let cpus = expectDiagnostic("resources.positive", atMarker: "negative-cpu", in: found)
        #expect(cpus?.message.contains("CPU reservation of -0.5") == true)
        #expect(ruleDiagnostics("resources.positive", in: found).count == 2)
        // Any reservation is more than a zero limit.
        expectDiagnostic("resources.reservations", atMarker: "negative-cpu", in: found)
    }

    @Test("resources.positive: a CPU amount that rounds to zero thousandths is refused")
    func roundsToZero() {
        let stack = validStack(service: {
            Limits(memory: .mib(256), cpus: 0.0001)  // @tiny-cpu
        })
        let found = diagnostics(of: stack)
        expectDiagnostic("resources.positive", atMarker: "tiny-cpu", in: found)
        // The limit counts as 0.0 CPUs, so the valid stack's Defaults reservation (0.1 CPUs) exceeds it.
        #expect(
            ruleDiagnostics("resources.reservations", in: found).map(\.message) == [
                "test and production: service 'api' reserves 0.1 CPUs, more than its limit of 0.0 (ResourceRulesTests.swift:\(line(marked: "tiny-cpu")))"
            ])
    }

    @Test("resources.reservations: memory and CPU reservations above the limit are blamed at the Reservations")
    func reservationsAboveLimits() {
        let stack = validStack(service: {
            Limits(memory: .mib(256), cpus: 0.5)
            Reservations(memory: .mib(512), cpus: 1)  // @too-much
        })
        let found = ruleDiagnostics("resources.reservations", in: diagnostics(of: stack))
        expectDiagnostic("resources.reservations", atMarker: "too-much", in: found)
        #expect(found.count == 2)
        #expect(found.contains { $0.message.contains("reserves 512M of memory, more than its limit of 256M") })
        #expect(found.contains { $0.message.contains("reserves 1.0 CPUs, more than its limit of 0.5") })
    }

    @Test("resources.reservations: a Defaults reservation meeting a smaller service limit is caught")
    func defaultsReservationAboveServiceLimit() {
        let stack = validStack(service: {
            Limits(memory: .mib(64), cpus: 0.5)  // Defaults reserve 128 MiB
        })
        let found = ruleDiagnostics("resources.reservations", in: diagnostics(of: stack))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("service 'api' reserves 128M of memory, more than its limit of 64M") == true)
    }

    @Test("resources.budget: memory limits over the 6 GiB of nuc-8gb are reported with totals and the overshoot")
    func memoryOverBudget() {
        let stack = validStack(extra: {
            Hardware(.nuc8gb)  // @hardware-8gb
            CoreService("big") {
                Image("example/big:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .gib(6), cpus: 1)
            }
        })
        let compilation = compiled(stack)
        // 256 + 256 + 6144 MiB = 6656 MiB = 6.5 GiB, 0.5 GiB over 6 GiB; the same in both modes.
        let found = expectDiagnostic("resources.budget", atMarker: "hardware-8gb", in: compilation.diagnostics)
        #expect(
            found?.message
                == "test and production: memory limits total 6.5 GiB, 0.5 GiB over the 6 GiB budget of nuc-8gb (largest: big 6G, influxdb 256M, api 256M)"
        )
        #expect(compilation.files.isEmpty)
    }

    @Test("resources.budget: the real incident, ~14 GB of limits on the 8 GB NUC, is refused per mode")
    func fourteenGigabytes() {
        let stack = validStack(extra: {
            Hardware(.nuc8gb)  // @incident-hardware
            CoreService("ai-heavy") {
                Image("example/ai:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(13 * 1024), cpus: 2)
            }
            ExternalAPIService("weather") {
                Image("example/weather:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(512), cpus: 0.25)
            }
        })
        let found = ruleDiagnostics("resources.budget", in: diagnostics(of: stack))
        // test: 256 + 256 + 13312 = 13824 MiB = 13.5 GiB; production adds weather's 512 MiB: 14336 MiB = 14 GiB.
        #expect(
            found.map(\.message).sorted() == [
                "production: memory limits total 14 GiB, 8 GiB over the 6 GiB budget of nuc-8gb (largest: ai-heavy 13G, weather 512M, influxdb 256M)",
                "test: memory limits total 13.5 GiB, 7.5 GiB over the 6 GiB budget of nuc-8gb (largest: ai-heavy 13G, influxdb 256M, api 256M)",
            ])
        expectDiagnostic("resources.budget", atMarker: "incident-hardware", in: found)
    }

    @Test("resources.budget: CPU reservations over 4 CPUs, and one CPU limit above 4")
    func cpus() {
        let stack = validStack(extra: {
            Hardware(.nuc8gb)  // @cpu-hardware
            CoreService("cruncher") {
                Image("example/cruncher:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(256), cpus: 5)  // @cpu-limit
                Reservations(memory: .mib(128), cpus: 4)
            }
        })
        let found = diagnostics(of: stack)
        // Reserved: 0.1 + 0.1 + 4 = 4.2 CPUs, 0.2 over 4.
        let reservations = expectDiagnostic("resources.budget", atMarker: "cpu-hardware", in: found)
        #expect(reservations?.message == "test and production: CPU reservations total 4.2, 0.2 over the 4 CPUs of nuc-8gb")
        let limit = expectDiagnostic("resources.budget", atMarker: "cpu-limit", in: found)
        #expect(limit?.message.contains("service 'cruncher' has a CPU limit of 5, above the 4 CPUs of nuc-8gb") == true)
        #expect(limit?.service == "cruncher")
    }

    @Test("resources.budget: on a side-by-side profile, both modes together must fit the combined budget")
    func sideBySide() {
        let lab = HardwareProfile(
            id: "lab", memoryPerMode: .gib(8), cpusPerMode: 8, allowsSideBySide: true,
            combinedMemory: .gib(12), allowsSeparateInfluxInstance: true)
        let stack = validStack(extra: {
            Hardware(lab)  // @lab-hardware
            CoreService("half") {
                Image("example/half:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(6 * 1024), cpus: 1)
            }
        })
        let found = diagnostics(of: stack)
        // Per mode 6656 MiB (6.5 GiB) fits 8 GiB; together 13 GiB, 1 GiB over 12.
        let combined = expectDiagnostic("resources.budget", atMarker: "lab-hardware", in: found)
        #expect(combined?.message == "test and production side by side: memory limits total 13 GiB, 1 GiB over the 12 GiB combined budget of lab")
        #expect(ruleDiagnostics("resources.budget", in: found).count == 1)
    }

    @Test("resources.budget: above 95% of the memory budget is a warning, and files are still written")
    func nearlyFull() {
        let stack = validStack(extra: {
            Hardware(.nuc8gb)  // @nearly-full
            CoreService("large") {
                Image("example/large:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(5400), cpus: 1)
            }
        })
        let compilation = compiled(stack)
        // 256 + 256 + 5400 = 5912 MiB of 6144: 96%.
        let found = expectDiagnostic("resources.budget", atMarker: "nearly-full", in: compilation.diagnostics, severity: .warning)
        #expect(found?.message.contains("96% of the 6 GiB budget of nuc-8gb") == true)
        #expect(!compilation.files.isEmpty)
    }

    @Test("resources.budget agrees with the Budget the CLI prints")
    func sharedComputation() {
        let compilation = compiled(validStack())
        #expect(compilation.budgets.map(\.memoryLimits).values == [.mib(512), .mib(512)])
        #expect(compilation.budgets.map(\.cpuReservations).values == [.cpus(0.2), .cpus(0.2)])
        expectNoDiagnostic("resources.budget", in: compilation.diagnostics)
    }

    @Test("a waiver of resources.budget silences it and is listed in the generated files")
    func budgetWaiver() {
        let stack = validStack(extra: {
            Waive("resources.budget", because: "measured on the lab NUC with 12 GB")
            CoreService("big") {
                Image("example/big:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .gib(6), cpus: 1)
            }
        })
        let compilation = compiled(stack)
        expectNoDiagnostic("resources.budget", in: compilation.diagnostics)
        #expect(compilation.files.contains { $0.contents.contains("waiver: resources.budget (stack): measured on the lab NUC with 12 GB") })
    }

    @Test("resources.cpu-overcommit: CPU limits above cores × overcommit (4 × 3 = 12) in test only, at the Hardware line")
    func cpuOvercommit() {
        let stack = validStack(extra: {
            Hardware(.nuc8gb)  // @overcommit-hardware
            cruncher("cruncher-a", cpus: 4)
            cruncher("cruncher-b", cpus: 4)
            cruncher("cruncher-c", cpus: 3.5, testOnly: true)
        })
        let found = diagnostics(of: stack)
        // test: 0.5 + 0.5 + 4 + 4 + 3.5 = 12.5 CPUs, 0.5 over 12; production (no cruncher-c): 9 CPUs, within.
        expectFindings([ExpectedFinding(ruleID: "resources.cpu-overcommit", marker: "overcommit-hardware", modes: [.test])], in: found)
        #expect(
            ruleDiagnostics("resources.cpu-overcommit", in: found).map(\.message) == [
                "test: CPU limits total 12.5, 0.5 over 12 (3 × the 4 CPUs of nuc-8gb)"
            ])
    }

    @Test("resources.cpu-overcommit: exactly cores × overcommit passes, and each service gets cpu_shares in proportion to its limit")
    func cpuOvercommitAtTheBound() throws {
        let stack = validStack(extra: {
            cruncher("cruncher", cpus: 4)
            cruncher("cruncher-b", cpus: 4)
            cruncher("fixture", cpus: 2.99, testOnly: true)
            CoreService("tiny") {
                Image("example/tiny:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(64), cpus: 0.01)
                Reservations(memory: .mib(32), cpus: 0.01)
            }
        })
        let compilation = compiled(stack)
        // test: 0.5 + 0.5 + 4 + 4 + 2.99 + 0.01 = 12 CPUs, exactly 3 × 4.
        #expect(compilation.budgets.test.cpuLimits == .cpus(12))
        #expect(!compilation.hasErrors, "\(compilation.diagnostics.map(\.description).joined(separator: "\n"))")
        let test = try #require(compilation.files.first { $0.path.hasSuffix("docker-compose.test.yml") }?.contents)
        // 4 CPUs -> 4096, 2.99 -> 3061.76 -> 3062, 0.5 -> 512 (the Defaults), 0.01 (Docker's smallest limit) -> 10.24 -> 10.
        for (service, shares) in [("cruncher", 4096), ("fixture", 3062), ("api", 512), ("tiny", 10)] {
            #expect(
                test.contains("\n  \(service):\n    container_name: demo-test-\(service)\n    cpu_shares: \(shares)\n"),
                "\(service): cpu_shares \(shares)")
        }
    }

    /// A core service, or a test fixture, that asks for `cpus` and 256 MiB.
    private func cruncher(_ name: String, cpus: CPUs, testOnly: Bool = false) -> [StackElement] {
        let body = ServiceGroup {
            Image("example/cruncher:1.0")
            Healthcheck(["CMD", "true"])
            Limits(memory: .mib(256), cpus: cpus)
        }
        return testOnly ? TestFixture(name) { body }.stackElements : CoreService(name) { body }.stackElements
    }
}
