import DeployCompiler
import DeployModel
import Testing

/// The mode rules: which services run where (`mode.*`).
@Suite("Mode rules", .exactFindings)
struct ModeRulesTests {
    // MARK: mode.production-purity

    @Test("a data generator forced into production is reported at its RunsIn, and nothing is written")
    func dataGeneratorInProduction() {
        let stack = validStack(extra: {
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
                RunsIn(.both)  // @purity-generator
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.production-purity", atMarker: "purity-generator", in: found)
        #expect(diagnostic?.message.contains("'synthetic'") == true)
        #expect(diagnostic?.message.contains("data-generation") == true)
        #expect(diagnostic?.service == "synthetic")
    }

    @Test("a test fixture forced into production is reported at its RunsIn")
    func testFixtureInProduction() {
        let stack = validStack(extra: {
            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Healthcheck(["CMD", "true"])
                RunsIn(.production)  // @purity-fixture
            }
        })
        let found = expectRejected(stack)
        expectDiagnostic("mode.production-purity", atMarker: "purity-fixture", in: found)
        #expect(RuleRegistry.rule("mode.production-purity")?.isWaivable == false)
    }

    @Test("data generators and fixtures in test only are fine")
    func generatorsInTestPass() {
        let stack = validStack(extra: {
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
            }
            TestOnly {
                TestFixture("seeder") {
                    Image("example/seeder:1.0.0")
                    Restart(.no)
                }
            }
        })
        expectNoDiagnostic("mode.production-purity", in: diagnostics(of: stack))
    }

    // MARK: mode.test-external-api

    @Test("an external-api service forced into test is reported at its RunsIn, and nothing is written")
    func externalAPIInTest() {
        let stack = validStack(extra: {
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                RunsIn(.both)  // @external-runsin
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.test-external-api", atMarker: "external-runsin", in: found)
        #expect(diagnostic?.message.contains("'weather-api'") == true)
        #expect(diagnostic?.message.contains("test") == true)
        #expect(RuleRegistry.rule("mode.test-external-api")?.isWaivable == false)
    }

    @Test("RunsIn(.test) on an external-api service is reported too; production-only is fine")
    func externalAPIOnlyInTest() {
        let bad = validStack(extra: {
            ExternalAPIService("sports-data") {
                Image("example/sports:1.0.0")
                Healthcheck(["CMD", "true"])
                RunsIn(.test)  // @external-test-only
            }
        })
        expectDiagnostic("mode.test-external-api", atMarker: "external-test-only", in: expectRejected(bad))

        let good = validStack(extra: {
            ExternalAPIService("sports-data") {
                Image("example/sports:1.0.0")
                Healthcheck(["CMD", "true"])
            }
        })
        expectNoDiagnostic("mode.test-external-api", in: diagnostics(of: good))
    }

    // MARK: mode.ai-both

    @Test("an AI service limited to production by RunsIn is reported at the RunsIn")
    func aiServiceRunsInProduction() {
        let stack = validStack(extra: {
            AIService("ai-core-service") {
                Image("example/ai-core:1.0.0")
                Healthcheck(["CMD", "true"])
                RunsIn(.production)  // @ai-runsin
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.ai-both", atMarker: "ai-runsin", in: found)
        #expect(diagnostic?.message.contains("'ai-core-service'") == true)
        #expect(diagnostic?.message.contains("not in test") == true)
        // One report, although the service is resolved in production only.
        #expect(ruleDiagnostics("mode.ai-both", in: found).count == 1)
    }

    @Test("an AI service inside TestOnly or ProductionOnly is reported at that block")
    func aiServiceInModeBlock() {
        let stack = validStack(extra: {
            TestOnly {  // @ai-test-only
                AIService("openai-service") {
                    Image("example/openai:1.0.0")
                    Healthcheck(["CMD", "true"])
                }
            }
            ProductionOnly {  // @ai-production-only
                AIService("device-intelligence") {
                    Image("example/device:1.0.0")
                    Healthcheck(["CMD", "true"])
                }
            }
        })
        let found = expectRejected(stack)
        expectDiagnostic("mode.ai-both", atMarker: "ai-test-only", in: found)
        expectDiagnostic("mode.ai-both", atMarker: "ai-production-only", in: found)
    }

    @Test("an AI service in both modes passes")
    func aiServiceInBothModes() {
        let stack = validStack(extra: {
            AIService("ai-core-service") {
                Image("example/ai-core:1.0.0")
                Healthcheck(["CMD", "true"])
                InTest { Env("MODEL", "small") }
            }
        })
        expectNoDiagnostic("mode.ai-both", in: diagnostics(of: stack))
    }

    // MARK: mode.deployment-mode

    @Test("a literal DEPLOYMENT_MODE that is wrong in one mode is reported at the Env")
    func wrongLiteralDeploymentMode() {
        let stack = validStack(service: {
            Env("DEPLOYMENT_MODE", "production")  // @mode-literal
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.deployment-mode", atMarker: "mode-literal", in: found)
        #expect(diagnostic?.message.hasPrefix("test: service 'api'") == true)
        #expect(diagnostic?.message.contains("expected 'test'") == true)
        // Right in production: one report only.
        #expect(ruleDiagnostics("mode.deployment-mode", in: found).count == 1)
    }

    @Test("swapped per-mode values are wrong in both modes")
    func swappedDeploymentMode() {
        let stack = validStack(service: {
            Env("DEPLOYMENT_MODE", test: "production", production: "test")  // @mode-swapped
        })
        let found = expectRejected(stack)
        expectDiagnostic("mode.deployment-mode", atMarker: "mode-swapped", in: found)
        let messages = ruleDiagnostics("mode.deployment-mode", in: found).map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("expected 'production'") })
        #expect(messages.contains { $0.contains("expected 'test'") })
    }

    @Test("a service without DEPLOYMENT_MODE is reported at the service")
    func missingDeploymentMode() {
        let stack = Stack("demo") {
            Network("demo-network")
            Defaults {
                OnNetwork("demo-network")
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(128), cpus: 0.1)
            }
            CoreService("api") {  // @mode-missing
                Image("example/api:1.0.0")
                Port(8006)
                Healthcheck.http(port: 8006)
            }
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Port(8007)
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Healthcheck.http(port: 8007)
            }
        }
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.deployment-mode", atMarker: "mode-missing", in: found)
        #expect(diagnostic?.message.contains("has no DEPLOYMENT_MODE") == true)
        #expect(
            ruleDiagnostics("mode.deployment-mode", in: found).map(\.message).sorted() == [
                "test and production: service 'api' has no DEPLOYMENT_MODE"
            ])
        #expect(RuleRegistry.rule("mode.deployment-mode")?.isWaivable == false)
    }

    @Test("a hand-written env-file DEPLOYMENT_MODE with the other mode's value is reported")
    func envFileDeploymentMode() {
        let stack = validStack(extra: {
            EnvFileEntry("DEPLOYMENT_MODE", "production")  // @mode-envfile
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.deployment-mode", atMarker: "mode-envfile", in: found)
        #expect(diagnostic?.message.hasPrefix("test: the env file sets DEPLOYMENT_MODE=production") == true)
        // The entry also repeats the key that homeiq-gen derives from Env("DEPLOYMENT_MODE", .deploymentMode).
        expectFindings(
            [
                ExpectedFinding(ruleID: "mode.deployment-mode", marker: "mode-envfile", modes: .test),
                ExpectedFinding(ruleID: "env.portable", marker: "mode-envfile", modes: .both),
            ], in: found)
    }

    // MARK: mode.feature-flags

    @Test("an env-file entry that types a derived flag is reported in both modes, with the derived value where it disagrees")
    func typedFlagInEnvFile() {
        let stack = validStack(extra: {
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                FeatureFlag("ENABLE_WEATHER_API")
            }
            EnvFileEntry("ENABLE_WEATHER_API", "true")  // @flag-envfile
        })
        let found = expectRejected(stack)
        expectDiagnostic("mode.feature-flags", atMarker: "flag-envfile", in: found)
        let messages = ruleDiagnostics("mode.feature-flags", in: found).map(\.message)
        // Test: weather-api does not run there, so the derived value is false and `true` disagrees.
        #expect(messages.contains { $0.hasPrefix("test: the env file: ENABLE_WEATHER_API=true,") && $0.contains("derived as false") })
        // Production: it agrees, but is still typed twice.
        #expect(messages.contains { $0.hasPrefix("production: the env file: ENABLE_WEATHER_API is typed by hand") })
        // The hand-written entry repeats the derived key, in both modes.
        expectFindings(
            [
                ExpectedFinding(ruleID: "mode.feature-flags", marker: "flag-envfile", modes: .test),
                ExpectedFinding(ruleID: "mode.feature-flags", marker: "flag-envfile", modes: .production),
                ExpectedFinding(ruleID: "env.portable", marker: "flag-envfile", modes: .both),
            ], in: found)
    }

    @Test("an Env that sets a declared flag to a literal is reported at the Env")
    func typedFlagInService() {
        let stack = validStack(
            extra: {
                DataGenerator("synthetic") {
                    Image("example/synthetic:1.0.0")
                    Healthcheck(["CMD", "true"])
                    FeatureFlag("ENABLE_SYNTHETIC_DATA_GENERATION")
                }
            },
            service: {
                Env("ENABLE_SYNTHETIC_DATA_GENERATION", "true")  // @flag-env
            })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.feature-flags", atMarker: "flag-env", in: found)
        #expect(diagnostic?.service == "api")
        #expect(
            ruleDiagnostics("mode.feature-flags", in: found).map(\.message) == [
                "production: service 'api': ENABLE_SYNTHETIC_DATA_GENERATION=true, but ENABLE_SYNTHETIC_DATA_GENERATION is derived as false (a service backing it does not run in this mode)",
                "test: service 'api': ENABLE_SYNTHETIC_DATA_GENERATION is typed by hand (it is derived from the services present: true)",
            ])
    }

    @Test("a service may read a flag by reference to the derived value")
    func flagReferencePasses() {
        let stack = validStack(
            extra: {
                ExternalAPIService("weather-api") {
                    Image("example/weather:1.0.0")
                    Healthcheck(["CMD", "true"])
                    FeatureFlag("ENABLE_WEATHER_API")
                }
            },
            service: {
                Env("ENABLE_WEATHER_API", .variable("ENABLE_WEATHER_API", default: nil))
            })
        let compilation = compiled(stack)
        expectNoDiagnostic("mode.feature-flags", in: compilation.diagnostics)
        // The derived value is in each env file: false in test, true in production.
        let testEnv = compilation.deployments.test.envFile.first { $0.key == "ENABLE_WEATHER_API" }
        let productionEnv = compilation.deployments.production.envFile.first { $0.key == "ENABLE_WEATHER_API" }
        #expect(testEnv?.value.literalText == "false")
        #expect(productionEnv?.value.literalText == "true")
    }

    @Test("an ENABLE_* env-file entry that no service declares is a warning, and files are still written")
    func undeclaredFlagIsAdvice() {
        let stack = validStack(extra: {
            EnvFileEntry("ENABLE_DEBUG_TOOLBAR", test: "true", production: "false")  // @flag-undeclared
        })
        let compilation = compiled(stack)
        let diagnostic = expectDiagnostic("mode.feature-flags", atMarker: "flag-undeclared", in: compilation.diagnostics, severity: .warning)
        #expect(diagnostic?.message.contains("no service declares FeatureFlag(\"ENABLE_DEBUG_TOOLBAR\")") == true)
        #expect(ruleDiagnostics("mode.feature-flags", in: compilation.diagnostics).count == 1)
        #expect(compilation.errors.isEmpty)
        #expect(!compilation.files.isEmpty)
    }

    @Test("a flag name must be an environment name starting with ENABLE_")
    func flagNames() {
        let stack = validStack(extra: {
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                FeatureFlag("WEATHER_ON")  // @flag-prefix
            }
            ExternalAPIService("carbon") {
                Image("example/carbon:1.0.0")
                Healthcheck(["CMD", "true"])
                FeatureFlag("ENABLE_CARBON-INTENSITY")  // @flag-character
            }
            ExternalAPIService("pricing") {
                Image("example/pricing:1.0.0")
                Healthcheck(["CMD", "true"])
                FeatureFlag("ENABLE_")  // @flag-empty
            }
            ExternalAPIService("air-quality") {
                Image("example/air:1.0.0")
                Healthcheck(["CMD", "true"])
                FeatureFlag("ENABLE_AIR_QUALITY")
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("mode.feature-flags", atMarker: "flag-prefix", in: found)
        #expect(diagnostic?.message.contains("'WEATHER_ON'") == true)
        expectDiagnostic("mode.feature-flags", atMarker: "flag-character", in: found)
        expectDiagnostic("mode.feature-flags", atMarker: "flag-empty", in: found)
        #expect(ruleDiagnostics("mode.feature-flags", in: found).count == 3)
        // The flag is an env file key too (and every service receives it): names.pattern reports it once, there.
        let names = ruleDiagnostics("names.pattern", in: found)
        #expect(names.map(\.message) == ["test and production: env file key 'ENABLE_CARBON-INTENSITY' does not match ^[A-Za-z_][A-Za-z0-9_]*$"])
        #expect(names.map(\.location.line) == [line(marked: "flag-character")])
    }

    // MARK: a stack shaped like HomeIQ

    /// The shape of `Deployments/` in miniature: option A, the test Home Assistant on 8124, ingestion on
    /// 8001/8002, an external API behind a flag and a secret, AI in both modes, a generator and a seeder.
    static var homeIQShaped: Stack {
        Stack("homeiq") {
            Hardware(.nuc8gb)
            Network("homeiq-network")
            Defaults {
                Restart(.unlessStopped)
                OnNetwork("homeiq-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Env("LOG_LEVEL", test: "DEBUG", production: "INFO")
                Env("TZ", .variable("TZ", default: "UTC"))
                HealthcheckTimings(interval: 30, timeout: 10, retries: 3, startPeriod: 30)
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(128), cpus: 0.1)
            }
            SQLite(
                test: SQLiteLocation(hostDirectory: "data/test", containerDirectory: "/app/data/test"),
                production: SQLiteLocation(hostDirectory: "data/production", containerDirectory: "/app/data"))
            HomeAssistant(
                test: HomeAssistantEndpoint(
                    url: .url(of: "home-assistant-test", port: 8123),
                    webSocketURL: .url(of: "home-assistant-test", port: 8123, scheme: "ws", path: "/api/websocket"),
                    token: .variable("HA_TEST_TOKEN", default: "")),
                production: HomeAssistantEndpoint(url: .secret("HA_HTTP_URL"), webSocketURL: .secret("HA_WS_URL"), token: .secret("HA_TOKEN")))
            InfluxDB(
                .sharedInstance,
                test: InfluxTenant(org: "homeiq-test", bucket: "home_assistant_events_test", token: "homeiq-test-token", retention: .days(7)),
                production: InfluxTenant(org: "homeiq", bucket: "home_assistant_events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))
            Volume("influxdb_data")
            Volume("ha_test_config")
            CoreService("influxdb") {
                Image("influxdb:2.7.10")
                Port(8086)
                Env("DOCKER_INFLUXDB_INIT_PASSWORD", test: "homeiq-test-password", production: .secret("INFLUXDB_ADMIN_PASSWORD"))
                Env("DOCKER_INFLUXDB_INIT_ORG", .influxOrg)
                Env("DOCKER_INFLUXDB_INIT_BUCKET", .influxBucket)
                Env("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", .influxToken)
                Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")
                Mount(bind: "infrastructure/influxdb/init-influxdb.sh", at: "/docker-entrypoint-initdb.d/init.sh", readOnly: true)
                Healthcheck(["CMD", "influx", "ping"])
                Limits(memory: .gib(1), cpus: 1)
            }
            CoreService("websocket-ingestion") {
                Image("ghcr.io/homeiq/websocket-ingestion:2.4.0")
                Port(test: 8002, production: 8001, container: 8001)
                Env("HA_WS_URL", .homeAssistantWebSocketURL)
                Env("HA_TOKEN", .homeAssistantToken)
                Env("INFLUXDB_URL", .influxURL)
                Env("INFLUXDB_BUCKET", .influxBucket)
                Env("INFLUXDB_TOKEN", .influxToken)
                DependsOn("influxdb", .healthy)
                InTest { DependsOn("home-assistant-test", .healthy) }
                Healthcheck.http(port: 8001)
            }
            CoreService("data-api") {
                Image("ghcr.io/homeiq/data-api:2.4.0")
                Port(8006)
                Env("DATABASE_URL", .databaseURL)
                Mount.database()
                Healthcheck.http(port: 8006)
            }
            ExternalAPIService("weather-api") {
                Image("ghcr.io/homeiq/weather-api:2.4.0")
                Port(8009)
                FeatureFlag("ENABLE_WEATHER_API")
                Env("WEATHER_API_KEY", .secret("WEATHER_API_KEY"))
                Env("INFLUXDB_BUCKET", .influxBucket)
                Healthcheck.http(port: 8009)
            }
            AIService("ai-automation-service") {
                Image("ghcr.io/homeiq/ai-automation-service:2.4.0")
                Port(8024, container: 8018)
                FeatureFlag("ENABLE_AI_AUTOMATION")
                Env("OPENAI_API_KEY", test: .variable("OPENAI_API_KEY", default: ""), production: .secret("OPENAI_API_KEY"))
                Env("DATA_API_URL", .url(of: "data-api", port: 8006))
                Env("DATABASE_URL", .databaseURL)
                Mount.database()
                Healthcheck.http(port: 8018)
            }
            DataGenerator("synthetic-data-generator") {
                Image("ghcr.io/homeiq/synthetic-data-generator:2.4.0")
                Port(8040)
                FeatureFlag("ENABLE_SYNTHETIC_DATA_GENERATION")
                Env("WEBSOCKET_INGESTION_URL", .url(of: "websocket-ingestion", port: 8001))
                Healthcheck.http(port: 8040)
            }
            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Port(8124, container: 8123)
                Mount(volume: "ha_test_config", at: "/config")
                Mount(bind: "infrastructure/home-assistant-test/configuration.yaml", at: "/config/configuration.yaml", readOnly: true)
                Healthcheck(["CMD", "curl", "-fsS", "http://localhost:8123/manifest.json"])
            }
            TestFixture("test-data-seeder") {
                Image("ghcr.io/homeiq/test-data-seeder:2.4.0")
                Restart(.no)
                Env("DATABASE_URL", .databaseURL)
                Env("INFLUXDB_BUCKET", .influxBucket)
                Mount.database()
            }
        }
    }

    @Test("a stack shaped like HomeIQ passes every rule and is written")
    func homeIQShapedStackPasses() {
        let compilation = compiled(Self.homeIQShaped)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.map(\.description))")
        #expect(compilation.files.contains { $0.path.hasSuffix("docker-compose.test.yml") })
        #expect(compilation.files.contains { $0.path.hasSuffix("docker-compose.prod.yml") })
        let flags = compilation.deployments.map { deployment in
            Dictionary(
                deployment.envFile.filter { $0.key.hasPrefix("ENABLE_") }.map { ($0.key, $0.value.literalText ?? "") },
                uniquingKeysWith: { first, _ in first })
        }
        #expect(flags.test == ["ENABLE_WEATHER_API": "false", "ENABLE_AI_AUTOMATION": "true", "ENABLE_SYNTHETIC_DATA_GENERATION": "true"])
        #expect(flags.production == ["ENABLE_WEATHER_API": "true", "ENABLE_AI_AUTOMATION": "true", "ENABLE_SYNTHETIC_DATA_GENERATION": "false"])
    }
}
