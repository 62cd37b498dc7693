import DeployModel

/// A HomeIQ-like stack of any size, written through the public DSL, that passes every rule.
///
/// Service 0 is `influxdb`, service 1 the test Home Assistant; the others come in groups of ten:
/// four core, two AI, two external-API (production only), one data generator and one test fixture
/// (test only). Each has a dozen environment values (literals, per-mode values, derived settings,
/// secrets in production), a published port, health check, limits, reservations, `depends_on` on
/// InfluxDB and on the previous service of its group that runs in the same modes (`service_healthy`),
/// and, for some, a named volume, the SQLite directory and a per-mode bind mount. The groups form
/// one long acyclic chain: each group's first service waits for the previous group's last core service.
///
/// Realistic limits for thousands of services exceed any NUC, so the stack declares its own
/// hardware profile (`bench`) with a budget that grows with the stack.
struct SyntheticStack: Sendable {
    /// Services in the stack, counting `influxdb` and the test Home Assistant.
    var count: Int

    /// The fewest services a synthetic stack has (`influxdb` and `home-assistant-test`).
    static let minimumCount = 2
    /// Services with an index below this publish a host port (production 20000+i, test 30000+i).
    static let publishedPortLimit = 10_000
    /// Services with an index below this back a feature flag: 12 flags, as many as HomeIQ has.
    /// Every service receives every flag (docs/ENVIRONMENT.md), so output grows with services × flags;
    /// flags that grew with the stack would measure that product, not the compiler.
    static let featureFlagLimit = 42

    /// What a synthetic service is, by its position in its group of ten.
    enum Kind: Sendable, CaseIterable {
        case core, ai, externalAPI, dataGenerator, testFixture

        /// Runs in test.
        var inTest: Bool { self != .externalAPI }
        /// Runs in production.
        var inProduction: Bool { self != .dataGenerator && self != .testFixture }
    }

    /// The kind of service `index` (0 and 1 are the infrastructure services).
    static func kind(_ index: Int) -> Kind {
        switch index {
        case 0: return .core
        case 1: return .testFixture
        default:
            switch (index - 2) % 10 {
            case 0, 1, 2, 3: return .core
            case 4, 5: return .ai
            case 6, 7: return .externalAPI
            case 8: return .dataGenerator
            default: return .testFixture
            }
        }
    }

    /// The name of service `index`.
    static func name(_ index: Int) -> String {
        switch index {
        case 0: return "influxdb"
        case 1: return "home-assistant-test"
        default:
            let digits = String(index)
            let suffix: String
            switch kind(index) {
            case .core: suffix = "core"
            case .ai: suffix = "ai"
            case .externalAPI: suffix = "source"
            case .dataGenerator: suffix = "generator"
            case .testFixture: suffix = "fixture"
            }
            return "svc-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + "-" + suffix
        }
    }

    /// How many services run in test and in production.
    var modeCounts: (test: Int, production: Int) {
        var test = 0
        var production = 0
        for index in 0..<count {
            if Self.kind(index).inTest { test += 1 }
            if Self.kind(index).inProduction { production += 1 }
        }
        return (test, production)
    }

    /// The service `index` waits for (healthy), besides InfluxDB: the previous service of its group
    /// that runs in every mode it runs in; a group's first service waits for the previous group's last core service.
    static func dependency(_ index: Int) -> Int? {
        guard index >= 2 else { return nil }
        let slot = (index - 2) % 10
        let groupStart = index - slot
        switch slot {
        case 0: return groupStart >= 12 ? groupStart - 7 : nil
        case 1...7: return index - 1  // core <- core <- core <- core <- ai <- ai <- external <- external
        case 8: return groupStart + 5  // generator <- the group's last AI service
        default: return index - 1  // fixture <- generator
        }
    }

    /// The hardware profile: 512 MiB and one CPU per service on top of a NUC's budget.
    var hardware: HardwareProfile {
        HardwareProfile(
            id: "bench", memoryPerMode: .mib(6144 + 512 * count), cpusPerMode: CPUs(millicores: 4000 + 1000 * count),
            allowsSideBySide: false, combinedMemory: .mib(6144 + 512 * count), allowsSeparateInfluxInstance: false)
    }

    /// The stack.
    func make() -> Stack {
        precondition(count >= Self.minimumCount, "a synthetic stack has at least \(Self.minimumCount) services")
        let services = (2..<count).map(service)
        return Stack("homeiq") {
            Hardware(hardware)
            Network("homeiq-network")
            Defaults {
                Restart(.unlessStopped)
                Logging(driver: "json-file", options: ["max-size": "10m", "max-file": "3"])
                HealthcheckTimings(interval: 30, timeout: 10, retries: 3, startPeriod: 30)
                OnNetwork("homeiq-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Env("LOG_LEVEL", test: "DEBUG", production: "INFO")
                Env("TZ", .variable("TZ", default: "UTC"))
            }
            InfluxDB(
                .sharedInstance,
                test: InfluxTenant(org: "homeiq-test", bucket: "home_assistant_events_test", token: "homeiq-test-token", retention: .days(7)),
                production: InfluxTenant(org: "homeiq", bucket: "home_assistant_events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))
            SQLite(
                databaseFile: "metadata.db", workingDirectory: "/app",
                test: SQLiteLocation(hostDirectory: "data/test", containerDirectory: "/app/data/test"),
                production: SQLiteLocation(hostDirectory: "data/production", containerDirectory: "/app/data"))
            HomeAssistant(
                test: HomeAssistantEndpoint(
                    url: .url(of: "home-assistant-test", port: 8123),
                    webSocketURL: .url(of: "home-assistant-test", port: 8123, scheme: "ws", path: "/api/websocket"),
                    token: .variable("HA_TEST_TOKEN", default: "")),
                production: HomeAssistantEndpoint(url: .secret("HA_HTTP_URL"), webSocketURL: .secret("HA_WS_URL"), token: .secret("HA_TOKEN")))
            infrastructure
            for group in services { group }
        }
    }

    /// InfluxDB and the test Home Assistant, as in `Deployments/`.
    private var infrastructure: StackGroup {
        StackGroup {
            Volume("influxdb_data")
            CoreService("influxdb") {
                Image("influxdb:2.7.10")
                Port(8086)
                Env("DOCKER_INFLUXDB_INIT_MODE", "setup")
                Env("DOCKER_INFLUXDB_INIT_USERNAME", "admin")
                Env("DOCKER_INFLUXDB_INIT_PASSWORD", test: "homeiq-test-password", production: .secret("INFLUXDB_ADMIN_PASSWORD"))
                Env("DOCKER_INFLUXDB_INIT_ORG", .influxOrg)
                Env("DOCKER_INFLUXDB_INIT_BUCKET", .influxBucket)
                Env("DOCKER_INFLUXDB_INIT_RETENTION", .influxRetention)
                Env("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", .influxToken)
                Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")
                Healthcheck(["CMD", "influx", "ping"], startPeriod: 20)
                Limits(memory: .gib(2), cpus: 2)
                Reservations(memory: .gib(1), cpus: 0.5)
                InTest {
                    Limits(memory: .mib(1536), cpus: 1.5)
                }
            }
            TestOnly {
                Volume("ha_test_config")
            }
            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Port(8124, container: 8123)
                Mount(volume: "ha_test_config", at: "/config")
                Healthcheck(["CMD", "curl", "-fsS", "http://localhost:8123/manifest.json"], startPeriod: 60)
                Limits(memory: .mib(320), cpus: 1)
                Reservations(memory: .mib(160), cpus: 0.1)
            }
        }
    }

    /// Service `index` with its volume, in the block its modes call for.
    private func service(_ index: Int) -> StackGroup {
        let name = Self.name(index)
        let body = self.body(index)
        let volume = index % 3 == 0 ? "\(name)-data" : nil
        switch Self.kind(index) {
        case .core:
            return StackGroup {
                if let volume { Volume(volume) }
                CoreService(name) { body }
            }
        case .ai:
            return StackGroup {
                if let volume { Volume(volume) }
                AIService(name) { body }
            }
        case .externalAPI:
            return StackGroup {
                ProductionOnly {
                    if let volume { Volume(volume) }
                    ExternalAPIService(name) { body }
                }
            }
        case .dataGenerator:
            return StackGroup {
                TestOnly {
                    if let volume { Volume(volume) }
                    DataGenerator(name) { body }
                }
            }
        case .testFixture:
            return StackGroup {
                TestOnly {
                    if let volume { Volume(volume) }
                    TestFixture(name) { body }
                }
            }
        }
    }

    /// The body of service `index`: image, port, environment, mounts, dependencies, health check, resources.
    private func body(_ index: Int) -> ServiceGroup {
        let name = Self.name(index)
        let kind = Self.kind(index)
        let upper = "SVC_\(index)"
        let dependency = Self.dependency(index)
        let memory = 64 + 32 * (index % 8)
        let usesDatabase = kind != .externalAPI
        return ServiceGroup {
            Image("ghcr.io/homeiq/\(name):2.4.0")
            if index < Self.publishedPortLimit {
                Port(test: 30_000 + index, production: 20_000 + index, container: 8000)
            }
            Env("SERVICE_NAME", .literal(name))
            Env("SERVICE_PORT", "8000")
            Env("LOG_FORMAT", "json")
            Env("WORKERS", test: "1", production: .literal(String(2 + index % 3)))
            Env("CACHE_TTL_SECONDS", test: "5", production: "300")
            Env("INFLUXDB_URL", .influxURL)
            Env("INFLUXDB_ORG", .influxOrg)
            Env("INFLUXDB_BUCKET", .influxBucket)
            Env("INFLUXDB_TOKEN", .influxToken)
            if let dependency {
                Env("UPSTREAM_URL", .url(of: Self.name(dependency), port: 8000))
            } else {
                Env("UPSTREAM_URL", .homeAssistantURL)
            }
            switch kind {
            case .externalAPI:
                if index < Self.featureFlagLimit { FeatureFlag("ENABLE_\(upper)") }
                Env("\(upper)_API_KEY", .secret("\(upper)_API_KEY"))
            case .ai:
                Env("OPENAI_API_KEY", test: .variable("OPENAI_API_KEY", default: ""), production: .secret("OPENAI_API_KEY"))
            case .dataGenerator:
                if index < Self.featureFlagLimit { FeatureFlag("ENABLE_\(upper)") }
                Env("EVENTS_PER_SECOND", "50")
            case .core, .testFixture:
                Env("HA_TOKEN", .homeAssistantToken)
            }
            if usesDatabase {
                Env("DATABASE_URL", .databaseURL)
                Mount.database(readOnly: index % 2 == 0)
            }
            if index % 3 == 0 {
                Mount(volume: "\(name)-data", at: "/data")
            }
            if index % 5 == 0 {
                Mount(test: "data/test/\(name)", production: "data/production/\(name)", at: "/cache")
            }
            DependsOn("influxdb", .healthy)
            if let dependency {
                DependsOn(Self.name(dependency), .healthy)
            }
            if kind == .core && (index - 2) % 10 == 0 {
                InTest { DependsOn("home-assistant-test", .healthy) }
            }
            Healthcheck.http(port: 8000)
            Limits(memory: .mib(memory), cpus: index % 2 == 0 ? 0.5 : 0.25)
            Reservations(memory: .mib(memory / 2), cpus: 0.05)
            if kind == .core {
                InTest { Limits(memory: .mib(memory / 2), cpus: 0.25) }
            }
        }
    }
}
