import DeployModel
import Testing

@Suite("DSL to model")
struct DSLTests {
    @Test("a service body records every declaration with its line, in order")
    func serviceBodyRecordsDeclarations() {
        let firstLine = #line + 2
        let service = CoreService("api") {
            Image("example/api:1.0")
            Port(8006)
            Env("LOG_LEVEL", "info")
            Limits(memory: .mib(256), cpus: 0.5)
        }
        let declarations = service.definition.elements.map(\.declaration)
        #expect(
            declarations == [
                .image("example/api:1.0"),
                .port(PortSpec(testHost: nil, productionHost: 8006, container: 8006)),
                .environment(key: "LOG_LEVEL", value: .literal("info")),
                .limits(ResourceSpec(memory: Memory(mebibytes: 256), cpus: CPUs(millicores: 500))),
            ])
        #expect(service.definition.elements.map(\.location.line) == [firstLine, firstLine + 1, firstLine + 2, firstLine + 3])
        #expect(service.definition.elements.allSatisfy { $0.location.file.hasSuffix("DSLTests.swift") })
        #expect(service.definition.location.line == firstLine - 1)
        #expect(service.definition.role == .core)
    }

    @Test("the role is part of the service's type")
    func rolesFromTypes() {
        #expect(AIService("a") {}.definition.role == .ai)
        #expect(ExternalAPIService("b") {}.definition.role == .externalAPI)
        #expect(DataGenerator("c") {}.definition.role == .dataGeneration)
        #expect(TestFixture("d") {}.definition.role == .testFixture)
        #expect(Role.externalAPI.defaultModes == .production)
        #expect(Role.dataGeneration.defaultModes == .test)
        #expect(Role.ai.defaultModes == .both)
    }

    @Test("if, if-else and for work inside the builders")
    func controlFlow() {
        let enabled = true
        let ports = [8001, 8002, 8003]
        let service = CoreService("x") {
            if enabled { Env("A", "1") }
            if !enabled { Env("B", "2") } else { Env("C", "3") }
            for port in ports { Port(port) }
        }
        let keys = service.definition.elements.compactMap { element -> String? in
            if case .environment(let key, _) = element.declaration { return key }
            return nil
        }
        #expect(keys == ["A", "C"])
        #expect(service.definition.elements.filter { if case .port = $0.declaration { true } else { false } }.count == 3)

        let stack = Stack("s") {
            for name in ["a", "b"] { CoreService(name) {} }
            if enabled { Network("n") }
        }
        #expect(stack.elements.count == 3)
    }

    @Test("per-mode blocks keep their content and location")
    func perModeBlocks() {
        let line = #line + 2
        let service = CoreService("x") {
            InTest { Env("A", "test") }
            InProduction { Env("A", "prod") }
        }
        guard case .scoped(let mode, let inner) = service.definition.elements[0].declaration else {
            Issue.record("expected a scoped block")
            return
        }
        #expect(mode == .test)
        #expect(inner.count == 1)
        #expect(service.definition.elements[0].location.line == line)
        #expect(inner[0].location.line == line)
    }

    @Test("mode-only stack blocks take services whose role may run there")
    func modeOnlyStackBlocks() {
        let stack = Stack("s") {
            TestOnly {
                DataGenerator("gen") {}
                TestFixture("fixture") {}
                CoreService("core") {}
                Volume("v")
            }
            ProductionOnly {
                ExternalAPIService("api") {}
                AIService("ai") {}
            }
        }
        guard case .scoped(let test, let testElements) = stack.elements[0].declaration,
            case .scoped(let production, let productionElements) = stack.elements[1].declaration
        else {
            Issue.record("expected two scoped blocks")
            return
        }
        #expect(test == .test && testElements.count == 4)
        #expect(production == .production && productionElements.count == 2)
    }

    @Test(
        "a CPU count is written as its exact decimal: whole part, a point, one to three digits, no trailing zero after the first; a negative one after a minus"
    )
    func cpuDecimals() {
        var counts = Array(0...2100)
        counts += [9_999, 10_000, 10_010, 123_456, 1_000_000_000, CPUs.representable]
        counts += counts.filter { $0 > 0 }.map { -$0 }
        for millicores in counts {
            let text = CPUs(millicores: millicores).composeValue
            // A negative count (which no rule lets through to a file) is a `-` and its magnitude.
            let negative = text.hasPrefix("-")
            #expect(negative == (millicores < 0), "\(millicores): \(text)")
            let parts = text.dropFirst(negative ? 1 : 0).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let whole = Int(parts[0]), let fraction = Int(parts[1]) else {
                Issue.record("\(millicores): \(text)")
                continue
            }
            let digits = parts[1].count
            #expect((1...3).contains(digits), "\(millicores): \(text)")
            #expect(digits == 1 || parts[1].last != "0", "\(millicores): \(text)")
            let thousandths = fraction * [1: 100, 2: 10, 3: 1][digits, default: 0]
            #expect((whole * 1000 + thousandths) * (negative ? -1 : 1) == millicores, "\(millicores): \(text)")
        }
    }

    @Test("quantities are written in units every compose parser accepts")
    func quantities() {
        #expect(Memory.gib(2).composeValue == "2G")
        #expect(Memory.mib(1536).composeValue == "1536M")
        #expect(Memory.mib(512).composeValue == "512M")
        #expect(CPUs.cpus(0.5).composeValue == "0.5")
        #expect(CPUs(integerLiteral: 2).composeValue == "2.0")
        #expect(CPUs.cpus(0.25).composeValue == "0.25")
        #expect((CPUs.cpus(0.1) + CPUs.cpus(0.2)).millicores == 300)
        #expect(Seconds(90).composeValue == "1m30s")
        #expect(Seconds(30).composeValue == "30s")
        #expect(Seconds(0).composeValue == "0s")
        #expect(Memory.mib(5248).gibText == "5.1 GiB")
    }

    @Test("values: literals, per-mode, secrets and derived settings")
    func values() {
        let literal: Value = "x"
        #expect(literal == .literal("x"))
        #expect(Value.mode(test: "a", production: "b") == .perMode(test: .literal("a"), production: .literal("b")))
        #expect(Value.secret("TOKEN") == .secret("TOKEN", message: nil))
        #expect(Value.influxBucket == .derived(.influxBucket))
        #expect(Value.url(of: "svc", port: 80) == .serviceURL(service: "svc", port: 80, scheme: "http", path: ""))
    }

    @Test("one way to say each thing: test first, typed retention and memory, optional limits, distinct timing defaults")
    func oneWayToSayEachThing() {
        #expect(Memory.gib(1.5) == .mib(1536))
        #expect(Memory.gib(2).composeValue == "2G")
        #expect(Retention.days(7).description == "7d")
        let service = CoreService("api") {
            Port(test: 8002, production: 8001, container: 8000)
            Limits(memory: .gib(1.5))
            Reservations(cpus: 0.25)
            Mount.database(readOnly: true)
            HealthcheckTimings(interval: 30, retries: 3)
        }
        #expect(
            service.definition.elements.map(\.declaration) == [
                .port(PortSpec(testHost: 8002, productionHost: 8001, container: 8000)),
                .limits(ResourceSpec(memory: .mib(1536), cpus: nil)),
                .reservations(ResourceSpec(memory: nil, cpus: CPUs(millicores: 250))),
                .mount(MountSpec(source: .databaseDirectory, target: nil, readOnly: true)),
                .healthcheckTimings(HealthcheckTimingsSpec(interval: 30, retries: 3)),
            ])
        let sqlite = SQLite(
            databaseFile: "meta.db", test: SQLiteLocation(hostDirectory: "t", containerDirectory: "/t"),
            production: SQLiteLocation(hostDirectory: "p", containerDirectory: "/p"))
        guard case .sqlite(let setup) = sqlite.stackElements.first?.declaration else {
            Issue.record("not a SQLite setup")
            return
        }
        #expect(setup.databaseFile == "meta.db")
    }
}
