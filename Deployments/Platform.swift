import DeployModel

extension HomeIQ {
    /// Hardware, networks, stack-wide defaults, and the per-mode settings services derive values from.
    static var platform: StackGroup {
        StackGroup {
            Hardware(hardware)

            // One network per mode: homeiq-network (production), homeiq-network-test (test).
            Network("homeiq-network")

            // Test never calls external APIs, and the network enforces it (rule mode.test-egress):
            // the guard (test only) drops every new connection from the test bridge to anywhere
            // beyond it; the services that declare Egress (the AI services holding the OpenAI key)
            // leave through homeiq-egress-test. Production's network is not touched.
            EgressGuard("egress-guard", closing: "homeiq-network", bridge: "homeiq-test0", exit: "homeiq-egress") {
                Image(image("egress-guard"))
                Build(context: "infrastructure/egress-guard")
                Healthcheck(["CMD", "/usr/local/bin/egress-guard", "check"], interval: 3, startPeriod: 10)
                Limits(memory: .mib(32), cpus: 0.1)
                Reservations(memory: .mib(16), cpus: 0.05)
            }

            Defaults {
                Restart(.unlessStopped)
                Logging(driver: "json-file", options: ["max-size": "10m", "max-file": "3"])
                HealthcheckTimings(interval: 10, timeout: 10, retries: 3, startPeriod: 30)
                OnNetwork("homeiq-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Env("LOG_LEVEL", test: "DEBUG", production: "INFO")
                Env("TZ", .variable("TZ", default: "UTC"))
            }

            // SQLite metadata: ./data/metadata.db in production, ./data/test/metadata.db in test
            // (as the services see them from /app). The host folders never nest.
            SQLite(
                databaseFile: "metadata.db",
                workingDirectory: "/app",
                test: SQLiteLocation(hostDirectory: "data/test", containerDirectory: "/app/data/test"),
                production: SQLiteLocation(hostDirectory: "data/production", containerDirectory: "/app/data"))

            // Home Assistant: the test container in test, the real one in production.
            HomeAssistant(
                test: HomeAssistantEndpoint(
                    url: .url(of: "home-assistant-test", port: 8123),
                    webSocketURL: .url(of: "home-assistant-test", port: 8123, scheme: "ws", path: "/api/websocket"),
                    token: .variable("HA_TEST_TOKEN", default: "")),
                production: HomeAssistantEndpoint(
                    url: .secret("HA_HTTP_URL"),
                    webSocketURL: .secret("HA_WS_URL"),
                    token: .secret("HA_TOKEN")))
        }
    }
}
