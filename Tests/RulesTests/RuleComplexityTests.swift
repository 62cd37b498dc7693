import DeployCompiler
import DeployModel
import Testing

/// The rules at scale: 2,000 services through the DSL. No timing is asserted (the benchmark measures
/// time); these tests prove the rules finish, find nothing in a clean large stack, and find exactly
/// the injected problems, no more (a pairwise or path-enumerating rule would not finish or would
/// over-report).
@Suite("Rules at scale")
struct RuleComplexityTests {
    static let count = 2_000
    static let basePort = 20_000

    /// A machine big enough for 2,000 small services, so that only the injected problems stand.
    static let rack = HardwareProfile(
        id: "rack", memoryPerMode: .gib(1_024), cpusPerMode: 1_024, allowsSideBySide: false,
        combinedMemory: .gib(1_024), allowsSeparateInfluxInstance: false)

    enum Injection { case none, duplicatePorts, duplicateEnvironmentKeys, closingCycle }

    /// `count` services in both modes, each on its own host port, each depending on (and calling) the
    /// previous one: a chain 2,000 deep for the graph rules. `injection` adds one problem per service,
    /// or one edge that closes the chain into a single cycle.
    static func largeStack(_ injection: Injection) -> Stack {
        validStack(extra: {
            Hardware(rack)
            for index in 0..<count {
                CoreService("svc-\(index)") {
                    Image("example/svc:1.0.\(index)")
                    Port(basePort + index, container: 8080)
                    Healthcheck.http(port: 8080)
                    Limits(memory: .mib(64), cpus: 0.25)
                    Reservations(memory: .mib(32), cpus: 0.01)
                    Env("WORKER_INDEX", .literal(String(index)))
                    if index > 0 {
                        DependsOn("svc-\(index - 1)", .healthy)
                        Env("UPSTREAM_URL", .url(of: "svc-\(index - 1)", port: 8080))
                    }
                    // Service i also publishes the port of service i+1 (the last one, service 0's).
                    if injection == .duplicatePorts { Port(basePort + (index + 1) % count, container: 9090) }
                    if injection == .duplicateEnvironmentKeys { Env("WORKER_INDEX", "again") }
                    if injection == .closingCycle && index == 0 { DependsOn("svc-\(count - 1)") }
                }
            }
        })
    }

    @Test("a clean stack of 2,000 services passes every rule and is emitted")
    func clean() {
        let compilation = Compiler().compile(Self.largeStack(.none))
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.prefix(5).map(\.description))")
        #expect(compilation.deployments.map(\.services.count).values == [Self.count + 2, Self.count + 2])
        #expect(!compilation.files.isEmpty)
    }

    @Test("2,000 injected host-port clashes give exactly 2,000 ports.unique errors, and nothing else")
    func duplicatePorts() {
        let found = Compiler().compile(Self.largeStack(.duplicatePorts)).diagnostics
        // 4,000 bindings over 2,000 distinct host ports per mode: every port is published twice, so
        // exactly one of each pair is the second. The same pairs clash in both modes (on numbers 10000
        // apart) and are reported once each.
        #expect(found.count == Self.count)
        #expect(found.allSatisfy { $0.ruleID == "ports.unique" && $0.severity == .error })
        #expect(found.allSatisfy { $0.message.hasPrefix("test and production: ") && $0.message.contains(" in test, ") })
        // svc-0 publishes both its ports first; every later service's own port was taken by its
        // predecessor's extra one, and svc-1999's extra port is svc-0's: svc-1999 is blamed twice.
        let blamed = Dictionary(grouping: found, by: { $0.service ?? "" }).mapValues(\.count)
        #expect(blamed.count == Self.count - 1)
        #expect(blamed["svc-0"] == nil)
        #expect(blamed["svc-\(Self.count - 1)"] == 2)
    }

    @Test("2,000 injected duplicate environment keys give exactly 2,000 names.duplicate errors, once for both modes")
    func duplicateEnvironmentKeys() {
        let found = Compiler().compile(Self.largeStack(.duplicateEnvironmentKeys)).diagnostics
        #expect(found.count == Self.count)
        #expect(found.allSatisfy { $0.ruleID == "names.duplicate" && $0.message.hasPrefix("test and production: ") })
        #expect(Set(found.compactMap(\.service)).count == Self.count)
    }

    @Test("one edge that closes the 2,000-deep chain is exactly one cycle, with its full path")
    func closingCycle() {
        let found = Compiler().compile(Self.largeStack(.closingCycle)).diagnostics
        #expect(found.count == 1)
        let cycle = found.first
        #expect(cycle?.ruleID == "graph.cycle")
        let path = cycle?.message.split(separator: ":").last.map { $0.split(separator: ">").count } ?? 0
        // svc-0 -> svc-1999 -> svc-1998 -> … -> svc-0: 2,001 names, 2,000 arrows.
        #expect(path == Self.count + 1)
    }
}
