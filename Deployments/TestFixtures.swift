import DeployModel

extension HomeIQ {
    /// The test Home Assistant (8124 -> 8123) and the one-shot test data seeder: test only.
    /// The seeder sits in the `seed` profile, so `up --wait` leaves it alone (a one-shot container
    /// that exits is not "running"); seed with
    /// `docker compose -p homeiq-test -f generated/docker-compose.test.yml --env-file generated/env.test run --rm test-data-seeder`.
    static var testFixtures: StackGroup {
        StackGroup {
            TestOnly {
                Volume("ha_test_config")
            }

            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Port(8124, container: 8123)
                Mount(volume: "ha_test_config", at: "/config")
                Mount(bind: "infrastructure/home-assistant-test/configuration.yaml", at: "/config/configuration.yaml", readOnly: true)
                Healthcheck(["CMD", "curl", "-fsS", "http://localhost:8123/manifest.json"], startPeriod: 60)
                Limits(memory: .mib(320), cpus: 1)
                Reservations(memory: .mib(160), cpus: 0.1)
            }

            TestFixture("test-data-seeder") {
                Image(image("test-data-seeder"))
                Profile("seed")
                Restart(.no)
                influxClient
                Env("DATABASE_URL", .databaseURL)
                Mount.database()
                Limits(memory: .mib(64), cpus: 0.25)
                Reservations(memory: .mib(32), cpus: 0.05)
            }
        }
    }
}
