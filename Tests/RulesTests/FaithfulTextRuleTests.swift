import DeployCompiler
import DeployModel
import Testing

/// `compose.valid` on the text the differential test and the fuzzer found Compose reading as
/// something else than written (issue 9 part 1): each at the line of its declaration.
@Suite("compose.valid: text Compose would read differently, found by the differential test", .exactFindings)
struct FaithfulTextRuleTests {
    @Test("empty values Compose drops, empty keys it refuses, device permissions, one-letter volumes, controls in paths, host names")
    func unfaithfulText() {
        let stack = validStack(extra: {
            Volume("y")
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                User("")  // @user
                Build(context: "worker", dockerfile: "", arguments: ["": "x"], target: "")  // @build
                Logging(driver: "", options: ["": "1"])  // @logging
                StopSignal("")  // @stop-signal
                Platform("")  // @platform
                PIDNamespace("")  // @pid
                Sysctl("", "1")  // @sysctl
                Sysctl("net.a\nb", "1")  // @sysctl-newline
                Label("a\nb", "x")  // @label-newline
                Device("/dev/ttyUSB0", permissions: "x:y")  // @device
                Mount(volume: "y", at: "/data")  // @one-letter
                Mount(volume: "influxdb_data", at: "/a\u{0}b")  // @nul
                Mount(volume: "influxdb_data", at: "/a:\u{301}b")  // @colon-mark
                Tmpfs("/t\n")  // @newline
                ExtraHost("x:y", "10.0.0.1")  // @host
                Profile("")  // @profile
            }
        })
        let worker = "test and production: service 'worker':"
        let expected = [
            "error compose.valid \(line(marked: "user")) \(worker) an empty user is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "build")) \(worker) an empty Dockerfile name is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "build")) \(worker) an empty build target is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "build")) \(worker) an empty build argument key is refused by Compose",
            "error compose.valid \(line(marked: "logging")) \(worker) an empty logging driver is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "logging")) \(worker) an empty logging option key is refused by Compose",
            "error compose.valid \(line(marked: "stop-signal")) \(worker) an empty stop signal is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "platform")) \(worker) an empty platform is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "pid")) \(worker) an empty PID namespace is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "sysctl")) \(worker) an empty sysctl key is refused by Compose",
            "error compose.valid \(line(marked: "sysctl-newline")) \(worker) the sysctl key 'net.a\\nb' holds a control character or line break (Compose refuses it)",
            "error compose.valid \(line(marked: "label-newline")) \(worker) the label key 'a\\nb' holds a control character or line break (Compose refuses it)",
            "error compose.valid \(line(marked: "device")) \(worker) the device permissions 'x:y' are not cgroup permissions (one or more of r, w, m)",
            "error compose.valid \(line(marked: "one-letter")) \(worker) the one-letter volume 'y' reads as a Windows drive in 'y:/data' (Compose finds no volume)",
            "error compose.valid \(line(marked: "nul")) \(worker) the mount target '/a\\0b' contains a control character",
            "error compose.valid \(line(marked: "colon-mark")) \(worker) the mount target '/a:\u{301}b' contains ':'",
            "error compose.valid \(line(marked: "newline")) \(worker) the tmpfs target '/t\\n' contains a control character",
            "error compose.valid \(line(marked: "host")) \(worker) the extra host name 'x:y' is not a host name (Compose splits 'name:address' at its first ':')",
            "error compose.valid \(line(marked: "profile")) \(worker) the profile name '' does not match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$",
        ]
        let found = findingLines(of: stack)
        #expect(found.sorted() == expected.sorted())
    }

    static let emptyPool = IPAM(driver: "", pools: [IPAMPool(subnet: "", gateway: "", ipRange: "")])

    @Test("empty network and volume drivers and pools, volumes read as host paths, an unclosed ${ in a mount target")
    func stackText() {
        let stack = validStack(extra: {
            Network("bare", driver: "", driverOptions: ["": "x"], ipam: Self.emptyPool)  // @network
            Volume(".inf", driver: "", driverOptions: ["": "x"])  // @volume
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                OnNetwork("bare")
                Mount(volume: ".inf", at: "/data")  // @dot-volume
                Mount(volume: "influxdb_data", at: "/m${")  // @unclosed
                Mount(volume: "influxdb_data", at: "/n${x}")
                Mount(volume: "influxdb_data", at: "/o${a${b}")  // @unclosed-nested
                Mount(volume: "influxdb_data", at: "/p${a${b}}{c")
                Mount(bind: "data/a:b", at: "/b", readOnly: true)  // @bind-colon
                Mount(bind: "data/${", at: "/c", readOnly: true)  // @bind-unclosed
                Mount(bind: "data/${\u{301}x", at: "/e", readOnly: true)  // @bind-unclosed-mark
                Mount(bind: "data/a\u{0}b", at: "/d", readOnly: true)  // @bind-nul
                InProduction {
                    EnvFile("infrastructure/a\u{0}b.env")  // @env-file-nul
                }
            }
        })
        let network = "test and production: network 'bare':"
        let volume = "test and production: volume '.inf':"
        let worker = "test and production: service 'worker':"
        let expected = [
            "error compose.valid \(line(marked: "network")) \(network) an empty network driver is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "network")) \(network) an empty network driver option key is refused by Compose",
            "error compose.valid \(line(marked: "network")) \(network) an empty IPAM driver is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "network")) \(network) an empty subnet is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "network")) \(network) an empty gateway is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "network")) \(network) an empty IP range is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "volume")) \(volume) an empty volume driver is dropped by Compose (the default applies, not '')",
            "error compose.valid \(line(marked: "volume")) \(volume) an empty volume driver option key is refused by Compose",
            "error compose.valid \(line(marked: "dot-volume")) \(worker) the volume '.inf' reads as a host path in '.inf:…' (Compose binds a folder instead)",
            "error compose.valid \(line(marked: "unclosed")) \(worker) the mount target '/m${' has a '${' without '}': Compose's short syntax then finds no target",
            "error compose.valid \(line(marked: "unclosed-nested")) \(worker) the mount target '/o${a${b}' has a '${' without '}': Compose's short syntax then finds no target",
            "error compose.valid \(line(marked: "bind-colon")) \(worker) the bind source 'data/a:b' contains ':' (Compose's short syntax splits on it)",
            "error compose.valid \(line(marked: "bind-unclosed")) \(worker) the bind source 'data/${' has a '${' without '}': Compose's short syntax then finds no target",
            "error compose.valid \(line(marked: "bind-unclosed-mark")) \(worker) the bind source 'data/${\u{301}x' has a '${' without '}': Compose's short syntax then finds no target",
            "error compose.valid \(line(marked: "bind-nul")) \(worker) the bind source 'data/a\\0b' contains a control character (Compose cuts the path at NUL)",
            "error compose.valid \(line(marked: "env-file-nul")) production: service 'worker': the env file path 'infrastructure/a\\0b.env' contains a control character (Compose cannot open it)",
        ]
        let found = findingLines(of: stack)
        #expect(found.sorted() == expected.sorted())
    }

    @Test(
        "compose.valid: SQLite's folder of a mode is the bind source of Mount(.databaseDirectory): ':' and an unclosed ${ are refused at the SQLite line"
    )
    func sqliteFolder() {
        // Found by the differential test: SQLite's test folder 'data/fx: y' was written as the bind
        // '../data/fx: y:/srv/test', which Compose read as the folder '../data/fx' mounted at ' y'.
        let stack = validStack(extra: {
            SQLite(  // @sqlite
                test: SQLiteLocation(hostDirectory: "data/t: y", containerDirectory: "/app/data/test"),
                production: SQLiteLocation(hostDirectory: "data/p${", containerDirectory: "/app/data"))
        })
        let expected = [
            "error compose.valid \(line(marked: "sqlite")) test: SQLite's test folder: the bind source 'data/t: y' contains ':' (Compose's short syntax splits on it)",
            "error compose.valid \(line(marked: "sqlite")) production: SQLite's production folder: the bind source 'data/p${' has a '${' without '}': Compose's short syntax then finds no target",
        ]
        #expect(findingLines(of: stack).sorted() == expected.sorted())
    }

    @Test("env.portable: '{' in a secret's message or a variable's default (Compose matches braces) is refused at its line")
    func braceInMessageOrDefault() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                Env("TOKEN", .secret("WORKER_TOKEN", message: "{"))  // @brace-message
                Env("MODE", .variable("WORKER_MODE", default: "a{b"))  // @brace-default
                Env("PLAIN", .variable("WORKER_PLAIN", default: "a(b)[c]"))
            }
        })
        let found = findingLines(of: stack)
        #expect(
            found.sorted()
                == [
                    "error env.portable \(line(marked: "brace-message")) test and production: service 'worker' sets TOKEN to a value compose cannot read back: the message or default of ${WORKER_TOKEN} contains '{'",
                    "error env.portable \(line(marked: "brace-default")) test and production: service 'worker' sets MODE to a value compose cannot read back: the message or default of ${WORKER_MODE} contains '{'",
                ].sorted())
    }

    @Test("network_mode with networks is refused at the NetworkMode line; alone it passes")
    func networkModeWithNetworks() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                NetworkMode("none")  // @network-mode
            }
        })
        #expect(
            findingLines(of: stack) == [
                "error compose.valid \(line(marked: "network-mode")) test and production: service 'worker': network_mode 'none' and networks (demo-network) are exclusive: Compose refuses the file"
            ])
    }

    @Test("the values next to the refused ones pass: permissions rwm, a two-letter volume, a host name with dots")
    func faithfulTextPasses() {
        let stack = validStack(extra: {
            Volume("yy")
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                User("1000:1000")
                Device("/dev/ttyUSB0", permissions: "rwm")
                Mount(volume: "yy", at: "/data")
                ExtraHost("nas.local_1-a", "10.0.0.1")
                StopSignal("SIGINT")
            }
        })
        #expect(findingLines(of: stack) == [])
    }
}
