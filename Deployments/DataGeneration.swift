import DeployModel

extension HomeIQ {
    /// Synthetic and mock data (Epic 33-35): test only. A `DataGenerator` inside `ProductionOnly { }`
    /// does not compile, and `RunsIn(.production)` on one is refused by rule `mode.production-purity`.
    static var dataGeneration: StackGroup {
        StackGroup {
            DataGenerator("synthetic-data-generator") {
                Image(image("synthetic-data-generator"))
                Port(8040)
                FeatureFlag("ENABLE_SYNTHETIC_DATA_GENERATION")
                influxClient
                Env("WEBSOCKET_INGESTION_URL", .url(of: "websocket-ingestion", port: 8001))
                Healthcheck.http(port: 8040)
                Limits(memory: .mib(160), cpus: 0.5)
                Reservations(memory: .mib(80), cpus: 0.1)
            }

            DataGenerator("mock-data-creator") {
                Image(image("mock-data-creator"))
                Port(8041)
                FeatureFlag("ENABLE_MOCK_DATA_CREATION")
                Env("DATABASE_URL", .databaseURL)
                Env("DATA_API_URL", .url(of: "data-api", port: 8006))
                Mount.database()
                DependsOn("data-api", .healthy)
                Healthcheck.http(port: 8041)
                Limits(memory: .mib(96), cpus: 0.25)
                Reservations(memory: .mib(48), cpus: 0.05)
            }
        }
    }
}
