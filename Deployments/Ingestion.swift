import DeployModel

extension HomeIQ {
    /// Home Assistant event ingestion: the real Home Assistant in production (8001),
    /// the test Home Assistant container in test (8002, as the plan asks).
    static var ingestion: StackGroup {
        StackGroup {
            CoreService("websocket-ingestion") {
                Image(image("websocket-ingestion"))
                Port(test: 8002, production: 8001, container: 8001)
                Env("HA_WS_URL", .homeAssistantWebSocketURL)
                Env("HA_HTTP_URL", .homeAssistantURL)
                Env("HA_TOKEN", .homeAssistantToken)
                influxClient
                InTest {
                    DependsOn("home-assistant-test", .healthy)
                }
                Healthcheck.http(port: 8001)
                Limits(memory: .mib(384), cpus: 1)
                Reservations(memory: .mib(192), cpus: 0.25)
            }
        }
    }

    /// `depends_on` the InfluxDB that serves the mode (the test instance under option B).
    static var waitsForInfluxDB: ServiceGroup {
        ServiceGroup {
            if influxOption == .separateTestInstance {
                InTest { DependsOn("influxdb-test", .healthy) }
                InProduction { DependsOn("influxdb", .healthy) }
            } else {
                DependsOn("influxdb", .healthy)
            }
        }
    }

    /// The InfluxDB connection settings of the mode.
    static var influxClient: ServiceGroup {
        ServiceGroup {
            Env("INFLUXDB_URL", .influxURL)
            Env("INFLUXDB_ORG", .influxOrg)
            Env("INFLUXDB_BUCKET", .influxBucket)
            Env("INFLUXDB_TOKEN", .influxToken)
            waitsForInfluxDB
        }
    }
}
