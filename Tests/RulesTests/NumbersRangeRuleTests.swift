import DeployCompiler
import DeployModel
import Testing

@Suite("Rule numbers.range: arithmetic never traps", .exactFindings)
struct NumbersRangeRuleTests {
    @Test("not-a-number and infinite CPUs are located errors, not a trap")
    func nonFiniteCPUs() {
        let stack = validStack {
            CoreService("nan") {
                Image("example/nan:1.0.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(128), cpus: .cpus(.nan))  // @nan
                Reservations(memory: .mib(64), cpus: .cpus(-.infinity))  // @negativeInfinity
            }
            CoreService("inf") {
                Image("example/inf:1.0.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(128), cpus: .cpus(.infinity))  // @infinity
                Reservations(memory: .mib(64), cpus: .cpus(1e300))  // @huge
            }
        }
        let diagnostics = expectRejected(stack)
        let found = ruleDiagnostics(NumbersRangeRule.id, in: diagnostics)
        #expect(found.count == 4, "\(found)")
        #expect(expectDiagnostic(NumbersRangeRule.id, atMarker: "nan", in: found)?.message.contains("of nan, which is not a finite number") == true)
        #expect(expectDiagnostic(NumbersRangeRule.id, atMarker: "negativeInfinity", in: found)?.message.contains("-inf") == true)
        #expect(expectDiagnostic(NumbersRangeRule.id, atMarker: "infinity", in: found)?.message.contains("of inf,") == true)
        #expect(expectDiagnostic(NumbersRangeRule.id, atMarker: "huge", in: found)?.message.contains("above 1000000 CPUs") == true)
        // Known: a rejected limit counts as 0 CPUs and the huge reservation is held at its bound, so the reservation
        // rule and the CPU budget report them again (in numbers that do not overflow).
        expectDiagnostic(ResourcesReservationsRule.id, atMarker: "huge", in: diagnostics)
        #expect(
            ruleDiagnostics(ResourcesBudgetRule.id, in: diagnostics).map(\.message) == [
                "test and production: CPU reservations total 1099511627.776, 1099511623.776 over the 4 CPUs of nuc-8gb"
            ])
    }

    @Test("Int.max memory, ports, offsets and durations are located errors, not a trap")
    func hugeIntegers() {
        let stack = validStack {
            TestPortOffset(Int.max)
            CoreService("huge") {
                Image("example/huge:1.0.0")
                Port(Int.max)  // @port
                Healthcheck(["CMD", "true"], interval: .minutes(Int.max), retries: -1)  // @check
                StopGracePeriod(.seconds(Int.min))  // @grace
                Limits(memory: .gib(1e300), cpus: 1)  // @memory
                Reservations(memory: .mib(Int.max), cpus: 0.5)  // @reservation
            }
            CoreService("many") {
                Image("example/many:1.0.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(Int.max - 1), cpus: 1)  // @memory2
            }
        }
        let diagnostics = expectRejected(stack)
        let range = ruleDiagnostics(NumbersRangeRule.id, in: diagnostics)
        #expect(range.count == 6, "\(range)")  // memory x3, health check interval and retries (one line), grace period
        expectDiagnostic(NumbersRangeRule.id, atMarker: "memory", in: range)
        expectDiagnostic(NumbersRangeRule.id, atMarker: "reservation", in: range)
        expectDiagnostic(NumbersRangeRule.id, atMarker: "memory2", in: range)
        let check = range.filter { $0.location.line == line(marked: "check") }
        #expect(check.count == 2 && check.contains { $0.message.contains("-1 health-check retries") }, "\(check)")
        #expect(expectDiagnostic(NumbersRangeRule.id, atMarker: "grace", in: range)?.message.contains("below 0 s") == true)
        let ports = ruleDiagnostics(PortsRangeRule.id, in: diagnostics)
        // Every port of a service in both modes leaves the range in test (offset Int.max); Port(Int.max) in both modes.
        let testPort = "outside 1-65535 (a shared service's test port is its production port + 9223372036854775807)"
        #expect(
            ports.map(\.message).sorted() == [
                "production: service 'huge' publishes host port 9223372036854775807, outside 1-65535",
                "test and production: service 'huge' exposes container port 9223372036854775807, outside 1-65535",
                "test: service 'api' publishes host port 9223372036854775807, \(testPort)",
                "test: service 'huge' publishes host port 9223372036854775807, \(testPort)",
                "test: service 'influxdb' publishes host port 9223372036854775807, \(testPort)",
            ])
        #expect(ports.filter { $0.service == "huge" }.allSatisfy { $0.location.line == line(marked: "port") }, "\(ports)")
        let budget = ruleDiagnostics(ResourcesBudgetRule.id, in: diagnostics)
        #expect(budget.count == 1 && budget[0].message.contains("GiB over the 6 GiB budget"), "the budget is over, and said so without overflow")
        // Ports held at Int.max are out of range, not a clash: neither ports.unique nor isolation.port reports them.
        expectNoDiagnostic(PortsUniqueRule.id, in: diagnostics)
        expectNoDiagnostic(IsolationPortRule.id, in: diagnostics)
    }

    @Test("quantities are held within bounds, so sums cannot overflow")
    func bounded() {
        #expect(Memory.mib(Int.max).mebibytes == Memory.representable)
        #expect(Memory.gib(-1e300).mebibytes == -Memory.representable)
        #expect((Memory.mib(Int.max) + .mib(Int.max)).mebibytes == Memory.representable)
        #expect(CPUs(integerLiteral: Int.max).millicores == CPUs.representable)
        #expect(CPUs.cpus(.nan).rejectedInput == "nan" && CPUs.cpus(.nan).millicores == 0)
        #expect(Seconds.minutes(Int.max).value == Seconds.representable)
        #expect(OneDecimal.roundedInt(.infinity) == Int.max && OneDecimal.roundedInt(-1e300) == Int.min && OneDecimal.roundedInt(.nan) == 0)
        #expect(OneDecimal.format(-1e300) == "-922337203685477580.8")
    }

    @Test("a valid stack has no finding")
    func valid() {
        expectNoDiagnostic(NumbersRangeRule.id, in: diagnostics(of: validStack()))
    }
}
