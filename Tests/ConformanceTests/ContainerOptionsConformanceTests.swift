import DeployCompiler
import DeployModel
import Foundation
import TestSupport
import Testing

/// The container options (`tmpfs`, `read_only`, capabilities, devices, ulimits, …) and the network and
/// volume drivers, read back by real Docker Compose v2 (`config --format json`, its own model after
/// interpolation) and checked by the compose-spec JSON schema.
@Suite("Container options read back through Compose v2 and the schema")
struct ContainerOptionsConformanceTests {
    /// Every container option at least once; test and production differ where per-mode use makes sense.
    static func stack() -> Stack {
        Stack("options") {
            Network(
                "options-network", driverOptions: ["com.docker.network.driver.mtu": "1400"],
                ipam: IPAM(driver: "default", pools: [IPAMPool(subnet: "172.28.0.0/16", gateway: "172.28.0.1", ipRange: "172.28.5.0/24")]))
            Volume("cache", driver: "local", driverOptions: ["type": "tmpfs", "device": "tmpfs", "o": "size=100m"])
            Defaults {
                Restart(.unlessStopped)
                OnNetwork("options-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(64), cpus: 0.1)
            }
            CoreService("hardened") {
                Image("example/hardened:1.0.0")
                Healthcheck(["CMD", "true"], interval: 30, timeout: 5, retries: 3, startPeriod: 5)
                Tmpfs("/tmp", size: .mib(64))
                Tmpfs("/run")
                ReadOnlyRootFilesystem()
                SecurityOption("no-new-privileges:true")
                DropCapabilities("ALL")
                AddCapabilities("NET_BIND_SERVICE")
                GroupAdd("dialout", "20")
                SharedMemory(.mib(128))
                Ulimit("nofile", soft: 1024, hard: 2048)
                Ulimit("nproc", 512)
                Sysctl("net.core.somaxconn", "1024")
                InitProcess()
                StopSignal("SIGINT")
                Pull(.missing)
                Platform("linux/amd64")
                Mount(volume: "cache", at: "/cache")
                InTest {
                    Device("/dev/null", container: "/dev/fake-zigbee", permissions: "rw")
                    Pull(.never)
                    PIDNamespace("host")
                }
            }
            CoreService("quiet") {
                Image("example/quiet:1.0.0")
                Healthcheck.disabled()
                Restart(.no)
            }
        }
    }

    @Test(
        "the options compile, pass the compose-spec schema, and Compose v2 reads them back as written",
        .enabled(if: Requirement.composeAvailableOrCI))
    func readBack() throws {
        guard let compose = Requirement.compose() else { return }
        let compilation = Compiler().compile(Self.stack())
        #expect(!compilation.hasErrors, "\(compilation.errors.map(\.description))")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-options-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in compilation.files {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        var models: [Mode: [String: Any]] = [:]
        for mode in Mode.allCases {
            let composeFile = folder.appendingPathComponent("generated/\(OutputNames.compose(mode))").path
            let envFile = folder.appendingPathComponent("generated/\(OutputNames.env(mode))").path
            let result = try Run.process(
                compose, ["-f", composeFile, "--env-file", envFile, "config", "--format", "json"],
                environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path])
            #expect(result.status == 0, "\(mode): \(result.stderr)")
            models[mode] = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        }
        let production = try #require(models[.production])
        let test = try #require(models[.test])
        let services = try #require(production["services"] as? [String: Any])
        let hardened = try #require(services["hardened"] as? [String: Any])
        #expect(hardened["tmpfs"] as? [String] == ["/tmp:size=64m", "/run"])
        #expect(hardened["read_only"] as? Bool == true)
        #expect(hardened["security_opt"] as? [String] == ["no-new-privileges:true"])
        #expect(hardened["cap_drop"] as? [String] == ["ALL"])
        #expect(hardened["cap_add"] as? [String] == ["NET_BIND_SERVICE"])
        #expect(hardened["group_add"] as? [String] == ["dialout", "20"])
        #expect("\(hardened["shm_size"] ?? "")" == "\(128 * 1024 * 1024)")
        let ulimits = try #require(hardened["ulimits"] as? [String: Any])
        let nofile = try #require(ulimits["nofile"] as? [String: Any])
        #expect(nofile["soft"] as? Int == 1024 && nofile["hard"] as? Int == 2048)
        #expect("\(ulimits["nproc"] ?? "")".contains("512"))
        #expect(hardened["sysctls"] as? [String: String] == ["net.core.somaxconn": "1024"])
        #expect(hardened["init"] as? Bool == true)
        #expect(hardened["stop_signal"] as? String == "SIGINT")
        #expect(hardened["pull_policy"] as? String == "missing")
        #expect(hardened["platform"] as? String == "linux/amd64")
        #expect(hardened["devices"] == nil && hardened["pid"] == nil, "the InTest options stay out of production")

        let testHardened = try #require((test["services"] as? [String: Any])?["hardened"] as? [String: Any])
        #expect(testHardened["pull_policy"] as? String == "never")
        #expect(testHardened["pid"] as? String == "host")
        let devices = try #require(testHardened["devices"] as? [[String: Any]])
        #expect(devices.count == 1)
        #expect(devices.first?["source"] as? String == "/dev/null")
        #expect(devices.first?["target"] as? String == "/dev/fake-zigbee")
        #expect(devices.first?["permissions"] as? String == "rw")

        let quiet = try #require(services["quiet"] as? [String: Any])
        #expect((quiet["healthcheck"] as? [String: Any])?["disable"] as? Bool == true)

        let network = try #require((production["networks"] as? [String: Any])?["options-network"] as? [String: Any])
        #expect(network["driver_opts"] as? [String: String] == ["com.docker.network.driver.mtu": "1400"])
        let ipam = try #require(network["ipam"] as? [String: Any])
        #expect(ipam["driver"] as? String == "default")
        let pool = try #require((ipam["config"] as? [[String: Any]])?.first)
        #expect(pool["subnet"] as? String == "172.28.0.0/16")
        #expect(pool["gateway"] as? String == "172.28.0.1")
        #expect(pool["ip_range"] as? String == "172.28.5.0/24")
        let volume = try #require((production["volumes"] as? [String: Any])?["cache"] as? [String: Any])
        #expect(volume["driver"] as? String == "local")
        #expect(volume["driver_opts"] as? [String: String] == ["type": "tmpfs", "device": "tmpfs", "o": "size=100m"])
    }

    @Test(
        "the generated files pass the official compose-spec JSON schema",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func schema() throws {
        guard let python = Requirement.python() else { return }
        let compilation = Compiler().compile(Self.stack())
        #expect(!compilation.hasErrors, "\(compilation.errors.map(\.description))")
        let input = Dictionary(uniqueKeysWithValues: compilation.files.filter { $0.path.hasSuffix(".yml") }.map { ($0.path, $0.contents) })
        #expect(input.count == 2)
        let problems = try ComposeSpecValidation.problems(in: input, python: python, checks: .schemaOnly)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("service keys are written in the order docker compose config writes them: profiles, then by key")
    func keyOrder() throws {
        let compilation = Compiler().compile(Self.stack())
        let text = try #require(compilation.files.first { $0.path.hasSuffix(OutputNames.compose(.test)) }?.contents)
        let lines = text.split(separator: "\n")
        guard let start = lines.firstIndex(of: "  hardened:") else {
            Issue.record("no hardened service")
            return
        }
        var keys: [String] = []
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("    ") else { break }
            if !line.hasPrefix("     "), let colon = line.firstIndex(of: ":") {
                keys.append(String(line[line.index(line.startIndex, offsetBy: 4)..<colon]))
            }
        }
        #expect(keys.count > 20, "\(keys)")
        #expect(keys == keys.sorted(), "\(keys)")
    }
}
