import DeployCompiler
import DeployModel
import Testing

/// The production security rules: Docker socket, privileged, host namespaces, capabilities, writable source folders.
@Suite("Production security rules", .exactFindings)
struct SecurityRulesTests {
    /// A production-only service with `body`, added to the valid stack.
    static func stack(@ServiceBuilder _ body: () -> [ServiceElement]) -> Stack {
        let elements = body()
        return validStack(extra: {
            ExternalAPIService("monitor") {
                Image("example/monitor:1.0.0")
                Healthcheck(["CMD", "true"])
                elements
            }
        })
    }

    @Test("security.docker-socket: a production mount of the Docker socket, read-only or not")
    func dockerSocket() {
        let stack = Self.stack {
            Mount(bind: "/var/run/docker.sock", at: "/var/run/docker.sock", readOnly: true)  // @socket
        }
        #expect(
            findingLines(of: stack) == [
                "error security.docker-socket \(line(marked: "socket")) production: service 'monitor' mounts the Docker socket '/var/run/docker.sock': that is root on the host, read-only or not"
            ])
    }

    @Test("security.privileged: production only; test may run privileged")
    func privileged() {
        let stack = validStack(extra: {
            CoreService("zigbee") {
                Image("example/zigbee:1.0.0")
                Healthcheck(["CMD", "true"])
                InTest { Privileged() }
                InProduction { Privileged() }  // @privileged
            }
        })
        #expect(
            findingLines(of: stack) == [
                "error security.privileged \(line(marked: "privileged")) production: service 'zigbee' runs privileged: every capability and host device"
            ])
    }

    @Test("security.host-namespace: host network and host PID namespace")
    func hostNamespaces() {
        let stack = Self.stack {
            NetworkMode("host")  // @host-network
            PIDNamespace("host")  // @host-pid
        }
        #expect(
            findingLines(of: stack) == [
                "error compose.valid \(line(marked: "host-network")) production: service 'monitor': network_mode 'host' and networks (demo-network) are exclusive: Compose refuses the file",
                "error security.host-namespace \(line(marked: "host-network")) production: service 'monitor' uses the host's network namespace (network_mode: host)",
                "error security.host-namespace \(line(marked: "host-pid")) production: service 'monitor' uses the host's process namespace (pid: host)",
            ])
    }

    @Test("security.capabilities: dangerous capabilities in any spelling; narrow ones pass")
    func capabilities() {
        let stack = Self.stack {
            AddCapabilities("NET_BIND_SERVICE", "cap_sys_admin")  // @sys-admin
            AddCapabilities("ALL")  // @all
        }
        #expect(
            findingLines(of: stack) == [
                "error security.capabilities \(line(marked: "sys-admin")) production: service 'monitor' adds capability SYS_ADMIN, which amounts to root on the host",
                "error security.capabilities \(line(marked: "all")) production: service 'monitor' adds capability ALL, which amounts to root on the host",
            ])
    }

    @Test("security.writable-source: a writable bind of a repository folder; read-only, data folder and absolute paths pass")
    func writableSource() {
        let stack = Self.stack {
            Mount(bind: "scripts", at: "/scripts")  // @writable
            Mount(bind: "infrastructure/influxdb", at: "/init", readOnly: true)
            Mount(bind: "data/production/monitor", at: "/state")
            Mount(bind: "/srv/backups", at: "/backups")
            // Absolute on bytes: '/' followed by a combining mark is one Character, still outside the repository.
            Mount(bind: "/\u{301}srv", at: "/combining")
        }
        #expect(
            findingLines(of: stack) == [
                "error security.writable-source \(line(marked: "writable")) production: service 'monitor' bind-mounts repository path 'scripts' writable"
            ])
    }

    @Test("each security rule may be waived for the service, with a reason that reaches the production file's header")
    func waivers() {
        let stack = Self.stack {
            Privileged()
            Waive("security.privileged", because: "the Z-Wave stick needs raw USB access")
        }
        let compilation = compiled(stack)
        #expect(compilation.diagnostics.map(\.description) == [])
        #expect(
            compilation.files.contains {
                $0.contents.contains("waiver: security.privileged (service monitor): the Z-Wave stick needs raw USB access")
            })
    }
}
