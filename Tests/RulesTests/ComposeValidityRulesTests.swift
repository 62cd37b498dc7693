import DeployCompiler
import DeployModel
import Testing

/// `compose.valid` and `resources.declared`.
@Suite("Compose validity and declared budgets", .exactFindings)
struct ComposeValidityRulesTests {
    @Test("compose.valid: every value Compose refuses or misreads, each at its line")
    func invalidValues() {
        let stack = validStack(extra: {
            CoreService("worker") {  // @worker-service
                Image("Example/Worker:1.0.0")  // @image
                Healthcheck(["curl", "-f", "http://localhost:8080/"])  // @healthcheck
                Port(8080, hostIP: "localhost")  // @host-ip
                Label("", "x")  // @label
                Mount(volume: "influxdb_data", at: "data")  // @relative-target
                Tmpfs("/tmp:rw")  // @tmpfs
                ExtraHost("", "10.0.0.1")  // @empty-host
                ExtraHost("nas", "nas.local")  // @host-address
                ExtraHost("gateway", "host-gateway")
                ExtraHost("v6", "::1")
                Profile("")  // @profile
            }
        })
        #expect(
            findingLines(of: stack)
                == [
                    "error compose.valid \(line(marked: "profile")) test and production: service 'worker': the profile name '' does not match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$",
                    "error compose.valid \(line(marked: "image")) test and production: service 'worker': the image reference 'Example/Worker:1.0.0' has an uppercase letter in its repository name",
                    "error compose.valid \(line(marked: "healthcheck")) test and production: service 'worker': the health check test starts with 'curl', not CMD, CMD-SHELL or NONE",
                    "error compose.valid \(line(marked: "host-ip")) test and production: service 'worker': the host address 'localhost' of port 8080 is not an IP address",
                    "error compose.valid \(line(marked: "label")) test and production: service 'worker': a label has an empty key",
                    "error compose.valid \(line(marked: "relative-target")) test and production: service 'worker': the mount target 'data' is not an absolute path",
                    "error compose.valid \(line(marked: "tmpfs")) test and production: service 'worker': the tmpfs target '/tmp:rw' contains ':'",
                    "error compose.valid \(line(marked: "empty-host")) test and production: service 'worker': an extra host has an empty name",
                    "error compose.valid \(line(marked: "host-address")) test and production: service 'worker': the address 'nas.local' of extra host 'nas' is not an IP address or host-gateway",
                ].sorted { Int($0.split(separator: " ")[2])! < Int($1.split(separator: " ")[2])! })
    }

    @Test("compose.valid: service names '-' and '..' are not host names; an image with a space")
    func names() {
        let stack = validStack(extra: {
            CoreService("-") {  // @dash
                Image("example/x:1.0.0")
                Healthcheck(["CMD", "true"])
            }
            CoreService("..") {  // @dots
                Image("example/x :1.0.0")  // @space
                Healthcheck(["CMD", "true"])
            }
        })
        #expect(
            findingLines(of: stack) == [
                "error compose.valid \(line(marked: "dash")) test and production: service '-': the service name '-' is not a host name (it must start with a letter or digit and not contain '..')",
                "error compose.valid \(line(marked: "dots")) test and production: service '..': the service name '..' is not a host name (it must start with a letter or digit and not contain '..')",
                "error compose.valid \(line(marked: "space")) test and production: service '..': the image reference 'example/x :1.0.0' contains whitespace",
            ])
    }

    @Test("compose.valid: registries in any case, IPv6 host addresses and NONE pass")
    func validValues() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("Registry.Example.com:5000/homeiq/worker:V1.0")
                Healthcheck(["CMD-SHELL", "true"])
                Port(8081, hostIP: "::1")
                Port(8082, hostIP: "127.0.0.1")
                Profile("debug")
            }
        })
        #expect(findingLines(of: stack) == [])
    }

    @Test("resources.declared: a stack without CPU reservations no longer passes as '0 of 4 CPUs reserved'")
    func budgetHole() {
        let stack = Stack("demo") {
            Network("demo-network")
            Defaults {
                Restart(.unlessStopped)
                OnNetwork("demo-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Limits(memory: .mib(256), cpus: 0.5)
            }
            CoreService("api") {  // @no-reservation
                Image("example/api:1.0.0")
                Healthcheck(["CMD", "true"])
            }
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                Reservations(memory: .mib(64), cpus: nil)  // @partial
            }
        }
        #expect(
            findingLines(of: stack) == [
                "error resources.declared \(line(marked: "no-reservation")) test and production: service 'api' has no memory or CPU reservation: the budget would count it as zero",
                "error resources.declared \(line(marked: "partial")) test and production: service 'worker' has no CPU reservation: the budget would count it as zero",
            ])
    }
}
