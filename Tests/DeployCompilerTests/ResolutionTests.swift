import DeployCompiler
import DeployModel
import HomeIQDeployments
import Testing

@Suite("Mode resolution")
struct ResolutionTests {
    private func resolve(_ stack: Stack) -> (test: ResolvedDeployment, production: ResolvedDeployment) {
        let both = ModeResolver().resolveAll(stack)
        return (both.test, both.production)
    }

    private let homeIQ: (test: ResolvedDeployment, production: ResolvedDeployment) = {
        let both = ModeResolver().resolveAll(HomeIQ.stack)
        return (both.test, both.production)
    }()

    @Test("servicesByName holds each name's first service, as service(named:) finds it, also when a name is declared twice")
    func servicesByNameKeepsTheFirst() {
        let stack = Stack("s") {
            CoreService("api") { Port(8001) }
            CoreService("api") { Port(8002) }
            CoreService("web") { Port(8003) }
        }
        let production = resolve(stack).production
        let byName = production.servicesByName
        #expect(Set(byName.keys) == ["api", "web"])
        #expect(byName["api"]?.ports.map(\.container) == [8001])
        #expect(byName["api"]?.ports.map(\.container) == production.service(named: "api")?.ports.map(\.container))
        #expect(byName["web"]?.ports.map(\.container) == [8003])
    }

    @Test("roles decide membership")
    func membership() {
        let stack = Stack("s") {
            CoreService("core") {}
            AIService("ai") {}
            ExternalAPIService("external") {}
            DataGenerator("generator") {}
            TestFixture("fixture") {}
            TestOnly { CoreService("test-core") {} }
            ProductionOnly { CoreService("production-core") {} }
        }
        let (test, production) = resolve(stack)
        #expect(test.services.map(\.name).sorted() == ["ai", "core", "fixture", "generator", "test-core"])
        #expect(production.services.map(\.name).sorted() == ["ai", "core", "external", "production-core"])
    }

    @Test("RunsIn overrides the role's modes and records where")
    func runsInOverride() {
        let line = #line + 1
        let stack = Stack("s") { CoreService("only-prod") { RunsIn(.production) } }
        let (test, production) = resolve(stack)
        #expect(test.services.isEmpty)
        #expect(production.services.first?.modes.value == .production)
        #expect(production.services.first?.modes.location.line == line)
    }

    @Test("names are made per mode")
    func perModeNames() {
        let stack = Stack("homeiq") {
            Network("homeiq-network")
            Volume("data")
            CoreService("api") {}
        }
        let (test, production) = resolve(stack)
        #expect(test.projectName == "homeiq-test")
        #expect(production.projectName == "homeiq")
        #expect(test.networks.map(\.name) == ["homeiq-network-test"])
        #expect(production.networks.map(\.name) == ["homeiq-network"])
        #expect(test.volumes.map(\.name) == ["homeiq-test_data"])
        #expect(production.volumes.map(\.name) == ["homeiq_data"])
        #expect(test.services[0].containerName.value.displayText == "homeiq-test-api")
        #expect(production.services[0].containerName.value.displayText == "homeiq-api")
    }

    @Test("a shared service's host port moves by the test offset; explicit and test-only ports stay")
    func ports() {
        let stack = Stack("s") {
            CoreService("shared") { Port(8006) }
            CoreService("explicit") { Port(test: 8002, production: 8001, container: 8001) }
            TestFixture("fixture") { Port(8124, container: 8123) }
            TestPortOffset(20000)
            CoreService("offset-user") { Port(9000) }
        }
        let (test, production) = resolve(stack)
        func host(_ deployment: ResolvedDeployment, _ name: String) -> Int? { deployment.service(named: name)?.ports.first?.host }
        #expect(host(production, "shared") == 8006)
        #expect(host(test, "shared") == 28006)
        #expect(host(test, "explicit") == 8002 && host(production, "explicit") == 8001)
        #expect(host(test, "fixture") == 8124)
        #expect(test.service(named: "fixture")?.ports.first?.composeValue == "127.0.0.1:8124:8123")  // loopback unless the Port says otherwise
    }

    @Test("defaults apply to every service and the service's own declaration wins")
    func defaults() {
        let stack = Stack("s") {
            Defaults {
                Restart(.unlessStopped)
                Env("LOG_LEVEL", "INFO")
                Limits(memory: .mib(256), cpus: 0.5)
                HealthcheckTimings(interval: 30, timeout: 10, retries: 3, startPeriod: 5)
            }
            CoreService("a") {
                Env("LOG_LEVEL", "DEBUG")
                Limits(cpus: 1)
                Healthcheck(["CMD", "true"], retries: 9)
            }
            CoreService("b") { Restart(.no) }
        }
        let production = resolve(stack).production
        let a = production.service(named: "a")!
        let b = production.service(named: "b")!
        #expect(a.environment["LOG_LEVEL"]?.value.literalText == "DEBUG")
        #expect(a.environment.count == 1)
        #expect(b.environment["LOG_LEVEL"]?.value.literalText == "INFO")
        #expect(a.limits?.value == ResourceSpec(memory: .mib(256), cpus: 1))
        #expect(a.restart == .unlessStopped && b.restart == RestartPolicy.no)
        #expect(a.healthcheck?.value == HealthcheckSpec(test: ["CMD", "true"], interval: 30, timeout: 10, retries: 9, startPeriod: 5))
        #expect(b.healthcheck == nil)
    }

    @Test("per-mode values, secrets and derived settings resolve for each mode")
    func values() {
        let (test, production) = homeIQ
        let testIngestion = test.service(named: "websocket-ingestion")!
        let productionIngestion = production.service(named: "websocket-ingestion")!
        #expect(testIngestion.environment["INFLUXDB_BUCKET"]?.value.literalText == "home_assistant_events_test")
        #expect(productionIngestion.environment["INFLUXDB_BUCKET"]?.value.literalText == "home_assistant_events")
        #expect(testIngestion.environment["HA_WS_URL"]?.value.literalText == "ws://home-assistant-test:8123/api/websocket")
        #expect(productionIngestion.environment["HA_TOKEN"]?.value.secretNames == ["HA_TOKEN"])
        #expect(productionIngestion.environment["HA_TOKEN"]?.value.composeText.hasPrefix("${HA_TOKEN:?") == true)
        #expect(testIngestion.environment["DEPLOYMENT_MODE"]?.value.literalText == "test")
        #expect(productionIngestion.environment["DEPLOYMENT_MODE"]?.value.literalText == "production")
        #expect(testIngestion.ports.map(\.host) == [8002])
        #expect(productionIngestion.ports.map(\.host) == [8001])
        let dataAPI = test.service(named: "data-api")!
        #expect(dataAPI.environment["DATABASE_URL"]?.value.literalText == "sqlite+aiosqlite:///./data/test/metadata.db")
        #expect(production.service(named: "data-api")!.environment["DATABASE_URL"]?.value.literalText == "sqlite+aiosqlite:///./data/metadata.db")
    }

    @Test("a literal dollar sign is escaped for compose, references are not")
    func dollarEscaping() {
        let value = ResolvedValue(parts: [.literal("pa$$word "), .secret(name: "X", message: "set X"), .variable(name: "Y", default: "1")])
        #expect(value.composeText == "pa$$$$word ${X:?set X}${Y:-1}")
        #expect(value.displayText == "pa$$word ${X}${Y}")
        #expect(value.literalText == nil)
    }

    @Test("the HomeIQ stack resolves as the plan describes")
    func homeIQMembership() {
        let (test, production) = homeIQ
        let testNames = Set(test.services.map(\.name))
        let productionNames = Set(production.services.map(\.name))
        for external in [
            "weather-api", "carbon-intensity-service", "electricity-pricing-service", "air-quality-service",
            "calendar-service", "smart-meter-service", "sports-data",
        ] {
            #expect(productionNames.contains(external) && !testNames.contains(external), "\(external)")
        }
        for ai in ["ai-core-service", "ai-automation-service", "openai-service", "device-intelligence-service", "automation-miner"] {
            #expect(productionNames.contains(ai) && testNames.contains(ai), "\(ai)")
        }
        for testOnly in ["home-assistant-test", "synthetic-data-generator", "mock-data-creator", "test-data-seeder"] {
            #expect(testNames.contains(testOnly) && !productionNames.contains(testOnly), "\(testOnly)")
        }
        #expect(test.service(named: "home-assistant-test")?.ports.map(\.composeValue) == ["127.0.0.1:8124:8123"])
        #expect(test.service(named: "websocket-ingestion")?.dependencies.map(\.service).contains("home-assistant-test") == true)
        #expect(production.service(named: "websocket-ingestion")?.dependencies.map(\.service).contains("home-assistant-test") == false)
    }

    @Test("env files are derived: flags follow the services present")
    func envFileFlags() {
        let (test, production) = homeIQ
        func value(_ deployment: ResolvedDeployment, _ key: String) -> String? {
            deployment.envFile.first { $0.key == key }?.value.displayText
        }
        for flag in [
            "ENABLE_WEATHER_API", "ENABLE_CARBON_INTENSITY", "ENABLE_ELECTRICITY_PRICING", "ENABLE_AIR_QUALITY",
            "ENABLE_CALENDAR", "ENABLE_SMART_METER", "ENABLE_SPORTS_DATA",
        ] {
            #expect(value(test, flag) == "false" && value(production, flag) == "true", "\(flag)")
        }
        for flag in ["ENABLE_AI_AUTOMATION", "ENABLE_OPENAI_SERVICE", "ENABLE_DEVICE_INTELLIGENCE"] {
            #expect(value(test, flag) == "true" && value(production, flag) == "true", "\(flag)")
        }
        for flag in ["ENABLE_SYNTHETIC_DATA_GENERATION", "ENABLE_MOCK_DATA_CREATION"] {
            #expect(value(test, flag) == "true" && value(production, flag) == "false", "\(flag)")
        }
        #expect(value(test, "DEPLOYMENT_MODE") == "test" && value(production, "DEPLOYMENT_MODE") == "production")
        #expect(value(test, "INFLUXDB_ORG") == "homeiq-test" && value(test, "INFLUXDB_TOKEN") == "homeiq-test-token")
        #expect(value(production, "INFLUXDB_TOKEN") == "${INFLUXDB_TOKEN}")
        #expect(value(test, "DATABASE_URL") == "sqlite+aiosqlite:///./data/test/metadata.db")
        #expect(value(production, "DATABASE_URL") == "sqlite+aiosqlite:///./data/metadata.db")
        #expect(value(test, "HA_HTTP_URL") == "http://home-assistant-test:8123")
    }

    @Test("the budget matches the plan's breakdown: test about 5 GB, production about 5.5 GB, both inside 6 GiB")
    func budgets() {
        let test = Budget(homeIQ.test)
        let production = Budget(homeIQ.production)
        #expect(test.memoryLimits >= .gib(4) && test.memoryLimits <= .mib(5 * 1024 + 512))
        #expect(production.memoryLimits >= .mib(5 * 1024) && production.memoryLimits <= .gib(6))
        #expect(test.fitsCPUs && production.fitsCPUs)
    }
}
