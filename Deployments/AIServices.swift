import DeployModel

extension HomeIQ {
    /// AI services: enabled in both modes (patterns, Ask AI, everything downstream).
    /// The plan gives two ports for some; the first is the host port, the second the container port.
    static var aiServices: StackGroup {
        StackGroup {
            AIService("ai-core-service") {
                Image(image("ai-core-service"))
                Port(8018)
                openAIKey
                Env("OPENAI_SERVICE_URL", .url(of: "openai-service", port: 8020))
                DependsOn("openai-service", .healthy)
                Healthcheck.http(port: 8018)
                Limits(memory: .mib(384), cpus: 1)
                Reservations(memory: .mib(192), cpus: 0.25)
            }

            AIService("ai-automation-service") {
                Image(image("ai-automation-service"))
                Port(8024, container: 8018)
                FeatureFlag("ENABLE_AI_AUTOMATION")
                openAIKey
                influxClient
                Env("DATABASE_URL", .databaseURL)
                Env("AI_CORE_URL", .url(of: "ai-core-service", port: 8018))
                Env("DATA_API_URL", .url(of: "data-api", port: 8006))
                Mount.database()
                DependsOn("ai-core-service", .healthy)
                DependsOn("data-api", .healthy)
                Healthcheck.http(port: 8018)
                Limits(memory: .mib(384), cpus: 1)
                Reservations(memory: .mib(192), cpus: 0.25)
            }

            AIService("openai-service") {
                Image(image("openai-service"))
                Port(8020)
                FeatureFlag("ENABLE_OPENAI_SERVICE")
                openAIKey
                Healthcheck.http(port: 8020)
                Limits(memory: .mib(192), cpus: 0.5)
                Reservations(memory: .mib(96), cpus: 0.1)
            }

            // The plan lists 8019/8028: 8028 on the host (8019 was also given to automation-miner).
            AIService("device-intelligence-service") {
                Image(image("device-intelligence-service"))
                Port(8028, container: 8019)
                FeatureFlag("ENABLE_DEVICE_INTELLIGENCE")
                influxClient
                Env("HA_HTTP_URL", .homeAssistantURL)
                Env("HA_TOKEN", .homeAssistantToken)
                Healthcheck.http(port: 8019)
                Limits(memory: .mib(320), cpus: 1)
                Reservations(memory: .mib(160), cpus: 0.1)
            }

            // The plan lists 8019/8029: 8029 on the host.
            AIService("automation-miner") {
                Image(image("automation-miner"))
                Port(8029, container: 8019)
                Env("DATABASE_URL", .databaseURL)
                // It reads community automations from GitHub: a token raises the API rate limit; it runs without one.
                InProduction { Env("GITHUB_TOKEN", .optionalSecret("GITHUB_TOKEN")) }
                Mount.database()
                Healthcheck.http(port: 8019)
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(128), cpus: 0.1)
            }
        }
    }

    /// The OpenAI key: required in production; optional in test, where AI runs against whatever key the engineer sets.
    /// Who holds it may reach beyond the NUC in test too (Egress): the only services of test that may.
    static var openAIKey: ServiceGroup {
        ServiceGroup {
            Env("OPENAI_API_KEY", test: .optionalSecret("OPENAI_API_KEY"), production: .secret("OPENAI_API_KEY"))
            Egress(because: "it calls the OpenAI API, in test too")
        }
    }
}
