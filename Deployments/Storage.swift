import DeployModel

extension HomeIQ {
    /// InfluxDB: one instance per mode (option A) or a separate, independently versioned test instance (option B).
    static var storage: StackGroup {
        StackGroup {
            InfluxDB(
                influxOption,
                test: InfluxTenant(
                    org: "homeiq-test", bucket: "home_assistant_events_test",
                    token: "homeiq-test-token", retention: .days(7)),
                production: InfluxTenant(
                    org: "homeiq", bucket: "home_assistant_events",
                    token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))

            Volume("influxdb_data")
            Volume("influxdb_config")

            CoreService("influxdb") {
                Image("influxdb:2.7.10")
                Port(8086)
                influxInitialisation
                Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")
                Mount(volume: "influxdb_config", at: "/etc/influxdb2")
                Mount(bind: "infrastructure/influxdb/init-influxdb.sh", at: "/docker-entrypoint-initdb.d/init-influxdb.sh", readOnly: true)
                Healthcheck(["CMD", "influx", "ping"], startPeriod: 20)
                Limits(memory: .gib(2), cpus: 2)
                Reservations(memory: .gib(1), cpus: 0.5)
                InTest {
                    // The test bucket keeps 7 days of synthetic data: a smaller cache suffices.
                    Limits(memory: .gib(1.5), cpus: 1.5)
                    Reservations(memory: .mib(768), cpus: 0.5)
                }
                if influxOption == .separateTestInstance {
                    RunsIn(.production)
                }
            }

            if influxOption == .separateTestInstance {
                // Option B: a second instance for upgrade testing, its own volume and image version.
                TestOnly {
                    Volume("influxdb_test_data")
                    CoreService("influxdb-test") {
                        Image("influxdb:2.7.11")
                        Port(8087, container: 8086)
                        influxInitialisation
                        Mount(volume: "influxdb_test_data", at: "/var/lib/influxdb2")
                        Healthcheck(["CMD", "influx", "ping"], startPeriod: 20)
                        Limits(memory: .gib(1.5), cpus: 1.5)
                        Reservations(memory: .mib(768), cpus: 0.5)
                    }
                }
            }
        }
    }

    /// The official image's first-run setup: the mode's org, bucket, retention and admin token
    /// (production's admin password and token are secrets; test's are test values).
    static var influxInitialisation: ServiceGroup {
        ServiceGroup {
            Env("DOCKER_INFLUXDB_INIT_MODE", "setup")
            Env("DOCKER_INFLUXDB_INIT_USERNAME", "admin")
            Env("DOCKER_INFLUXDB_INIT_PASSWORD", test: "homeiq-test-password", production: .secret("INFLUXDB_ADMIN_PASSWORD"))
            Env("DOCKER_INFLUXDB_INIT_ORG", .influxOrg)
            Env("DOCKER_INFLUXDB_INIT_BUCKET", .influxBucket)
            Env("DOCKER_INFLUXDB_INIT_RETENTION", .influxRetention)
            Env("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", .influxToken)
        }
    }
}
