import DeployModel

extension HomeIQ {
    /// Data and admin APIs, the dashboard, retention and energy correlation: both modes.
    /// Shared services publish their production port; test adds 10000 (e.g. data-api 8006 -> 18006).
    static var coreServices: StackGroup {
        StackGroup {
            CoreService("data-api") {
                Image(image("data-api"))
                Port(8006)
                influxClient
                Env("DATABASE_URL", .databaseURL)
                Mount.database()
                Healthcheck.http(port: 8006)
                Limits(memory: .mib(384), cpus: 1)
                Reservations(memory: .mib(192), cpus: 0.25)
            }

            CoreService("admin-api") {
                Image(image("admin-api"))
                Port(8003, container: 8004)
                influxClient
                Env("DATABASE_URL", .databaseURL)
                Env("DATA_API_URL", .url(of: "data-api", port: 8006))
                Mount.database()
                DependsOn("data-api", .healthy)
                Healthcheck.http(port: 8004)
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(128), cpus: 0.1)
            }

            CoreService("health-dashboard") {
                Image(image("health-dashboard"))
                Port(3000, container: 80)
                Env("ADMIN_API_URL", .url(of: "admin-api", port: 8004))
                Env("DATA_API_URL", .url(of: "data-api", port: 8006))
                // Started, not healthy: the UI serves without the API (it shows its state), so it need not
                // wait a health interval of its own; `up --wait` still waits for both to be healthy.
                DependsOn("admin-api", .started)
                Healthcheck(["CMD", "wget", "-q", "--spider", "http://localhost/"])
                Limits(memory: .mib(128), cpus: 0.25)
                Reservations(memory: .mib(64), cpus: 0.05)
            }

            CoreService("data-retention") {
                Image(image("data-retention"))
                Port(8080)
                influxClient
                Env("RETENTION_DAYS", .influxRetention)
                Healthcheck.http(port: 8080)
                Limits(memory: .mib(192), cpus: 0.5)
                Reservations(memory: .mib(96), cpus: 0.1)
            }

            CoreService("energy-correlator") {
                Image(image("energy-correlator"))
                Port(8017)
                influxClient
                Healthcheck.http(port: 8017)
                Limits(memory: .mib(192), cpus: 0.5)
                Reservations(memory: .mib(96), cpus: 0.1)
            }
        }
    }
}
