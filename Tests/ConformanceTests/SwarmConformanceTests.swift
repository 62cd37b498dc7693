import DeployCompiler
import DeployModel
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

/// The Docker Swarm stack files, read back by independent parsers: the official compose-spec JSON
/// schema, the PyPI compose-spec validator, PyYAML against the model, and `docker stack config`.
@Suite("Conformance of the swarm stack files")
struct SwarmConformanceTests {
    /// The shipped stack as a one-node cluster (`--target swarm`), and the example two-NUC cluster.
    static let oneNode = Compiler(resolver: ModeResolver(swarmTarget: true)).compile(HomeIQ.stack)
    static let twoNUCs = Compiler().compile(HomeIQ.twoNUCStack)

    static func stackFiles(_ compilation: Compilation) -> [String: String] {
        var files: [String: String] = [:]
        for mode in Mode.allCases {
            let path = "generated/\(OutputNames.stack(mode))"
            files[path] = compilation.files.first { $0.path == path }?.contents
        }
        return files
    }

    /// Every file of both compilations, keyed `one-node/…` and `two-nucs/…`.
    static var allStackFiles: [String: String] {
        var files: [String: String] = [:]
        for (name, compilation) in [("one-node", oneNode), ("two-nucs", twoNUCs)] {
            for (path, text) in stackFiles(compilation) { files["\(name)/\(path)"] = text }
        }
        return files
    }

    @Test("both compile without errors; the compose files and env files are the same as without the swarm target")
    func compiles() {
        #expect(Self.oneNode.errors.map(\.description) == [])
        #expect(Self.twoNUCs.errors.map(\.description) == [])
        #expect(Self.allStackFiles.count == 4)
        let plain = Compiler().compile(HomeIQ.stack).files
        for compilation in [Self.oneNode, Self.twoNUCs] {
            let others = compilation.files.filter { !$0.path.contains("docker-stack") }
            #expect(others.map(\.contents) == plain.map(\.contents), "the swarm target must not change the compose output")
        }
        #expect(!plain.contains { $0.path.contains("docker-stack") }, "without a cluster no stack file is written")
    }

    @Test(
        "the stack files pass the official compose-spec JSON schema and the PyPI compose-spec validator",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func composeSpec() throws {
        guard let python = Requirement.python() else { return }
        let problems = try ComposeSpecValidation.problems(in: Self.allStackFiles, python: python, checks: .schemaAndValidatorAcceptingRollback)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test(
        "docker stack config (Docker CLI, no daemon needed) accepts both stack files of both clusters",
        .enabled(if: Requirement.toolAvailableOrCI("docker", environmentVariable: "HOMEIQ_DOCKER_CLI"), "needs the docker CLI: run scripts/test.sh"))
    func dockerStackConfig() throws {
        guard let docker = Requirement.tool("docker", environmentVariable: "HOMEIQ_DOCKER_CLI") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarm-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = "unix://\(folder.path)/no-daemon.sock"
        environment["DOCKER_CONFIG"] = folder.path
        for compilation in [Self.oneNode, Self.twoNUCs] {
            for deployment in compilation.deployments {
                for secret in SwarmNames.secrets(deployment) { environment[SwarmNames.versionVariable(secret.value)] = "0123456789ab" }
            }
        }
        for (name, text) in Self.allStackFiles.sorted(by: { $0.key < $1.key }) {
            let file = folder.appendingPathComponent(name.replacingOccurrences(of: "/", with: "_"))
            try text.write(to: file, atomically: true, encoding: .utf8)
            let result = try Run.process(docker, ["stack", "config", "-c", file.path], environment: environment)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains("services:"), "\(name)")
        }
    }

    @Test(
        "PyYAML reads back what Swarm needs: no container_name or depends_on, rolling updates that roll back, placement and secrets as the model says",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func readsBackTheModel() throws {
        guard let python = Requirement.python() else { return }
        let script = """
            import json, sys, yaml
            out = {}
            for name, text in json.load(sys.stdin).items():
                document = yaml.safe_load(text)
                out[name] = {"top": sorted(document.keys()), "secrets": document.get("secrets", {}),
                             "networks": {key: body.get("driver") for key, body in document.get("networks", {}).items()},
                             "services": {service: {"keys": sorted(body.keys()),
                                                    "deploy": body["deploy"],
                                                    "environment": body.get("environment", {}),
                                                    "secrets": [entry["source"] for entry in body.get("secrets", [])]}
                                          for service, body in document["services"].items()}}
            print(json.dumps(out))
            """
        struct Deploy: Decodable {
            struct Update: Decodable {
                var failureAction: String
                var order: String
                enum CodingKeys: String, CodingKey {
                    case failureAction = "failure_action"
                    case order
                }
            }
            struct Placement: Decodable { var constraints: [String]? }
            var replicas: Int
            var updateConfig: Update
            var rollbackConfig: Update
            var placement: Placement?
            var restartPolicy: [String: String]
            enum CodingKeys: String, CodingKey {
                case replicas, placement
                case updateConfig = "update_config"
                case rollbackConfig = "rollback_config"
                case restartPolicy = "restart_policy"
            }
        }
        struct ServiceView: Decodable {
            var keys: [String]
            var deploy: Deploy
            var environment: [String: String]
            var secrets: [String]
        }
        struct Secret: Decodable {
            var external: Bool
            var name: String
        }
        struct FileView: Decodable {
            var top: [String]
            var secrets: [String: Secret]
            var networks: [String: String]
            var services: [String: ServiceView]
        }

        let result = try python.run(script, stdin: try JSONEncoder().encode(Self.allStackFiles))
        #expect(result.status == 0, "\(result.stderr)")
        let read = try JSONDecoder().decode([String: FileView].self, from: Data(result.stdout.utf8))
        #expect(read.count == 4)
        for (prefix, compilation) in [("one-node", Self.oneNode), ("two-nucs", Self.twoNUCs)] {
            for deployment in compilation.deployments {
                let cluster = try #require(deployment.cluster)
                let view = try #require(read["\(prefix)/generated/\(OutputNames.stack(deployment.mode))"])
                #expect(!view.top.contains("name"), "docker stack takes the stack name from its command line")
                #expect(view.networks.values.allSatisfy { $0 == "overlay" })
                // The stack file leaves the EgressGuard out (Swarm cannot run it: rule mode.test-egress warns).
                let guardName = deployment.egressGuard?.service
                #expect(deployment.mode == .production || guardName != nil, "HomeIQ's test mode has an EgressGuard")
                let carried = deployment.services.filter { $0.name != guardName }
                #expect(Set(view.services.keys) == Set(carried.map(\.name)))
                for (key, secret) in view.secrets {
                    #expect(secret.external)
                    #expect(secret.name.hasPrefix("\(deployment.projectName)_\(key)_${"), "\(secret.name)")
                }
                for service in carried {
                    let body = try #require(view.services[service.name])
                    for dropped in ["container_name", "depends_on", "restart", "profiles"] {
                        #expect(!body.keys.contains(dropped), "\(service.name) \(dropped)")
                    }
                    #expect(body.deploy.updateConfig.failureAction == "rollback")
                    #expect(body.deploy.updateConfig.order == (service.isStateful ? "stop-first" : "start-first"))
                    #expect(body.deploy.replicas == service.swarm.replicaCount)
                    // Every secret is a file, never an environment value.
                    for variable in service.environment where !variable.value.secretNames.isEmpty {
                        #expect(body.environment[variable.key] == nil, "\(service.name): \(variable.key) must not be an environment value")
                        #expect(body.environment[variable.key + "_FILE"] == "/run/secrets/\(variable.value.secretNames[0])")
                        #expect(body.secrets.contains(variable.value.secretNames[0]))
                    }
                    #expect(!body.environment.values.contains { $0.contains(":?") }, "\(service.name): no required secret reference is left")
                    // Placement: the constraints name exactly the nodes the model allows.
                    let candidates = cluster.candidates(service.swarm.placement?.value ?? [])
                    if cluster.isDeclared, service.isStateful {
                        #expect(candidates.count == 1)
                        #expect(body.deploy.placement?.constraints?.contains("node.labels.com.homeiq.node == \(candidates[0].name)") == true)
                    }
                }
            }
        }
        // The example cluster: AI services that need no database on the GPU node, the database users on nuc-a.
        let twoProduction = try #require(read["two-nucs/generated/\(OutputNames.stack(.production))"])
        #expect(twoProduction.services["ai-core-service"]?.deploy.placement?.constraints == ["node.labels.accelerator == gpu"])
        #expect(twoProduction.services["data-api"]?.deploy.placement?.constraints == ["node.labels.com.homeiq.node == nuc-a"])
        #expect(twoProduction.services["ai-automation-service"]?.deploy.placement?.constraints == ["node.labels.com.homeiq.node == nuc-a"])
    }

    @Test(
        "every ${…} of the stack files means the same to Docker CLI 20.10, which tries the default forms (:- then -) before :? and ?"
    )
    func interpolationForDockerCLI20() throws {
        // docker/cli 20.10 template.go: softDefault (":-"), hardDefault ("-"), requiredNonEmpty (":?"), required ("?"),
        // each splitting at the first occurrence of its separator. A `-` in a required variable's message makes the
        // whole `NAME:?message` a variable name with a default: `homeiq_X_${V:?a --swarm}` became `homeiq_X_-swarm`.
        let pattern = /\$\{([^}]*)\}/
        var seen = 0
        for (name, text) in Self.allStackFiles.sorted(by: { $0.key < $1.key }) {
            for match in text.matches(of: pattern) {
                let body = String(match.output.1)
                seen += 1
                let separators = [":-", "-", ":?", "?"]
                let first = try #require(separators.first { body.contains($0) } ?? Optional(""), "\(name): \(body)")
                let variable = first.isEmpty ? body : String(body[..<body.range(of: first)!.lowerBound])
                #expect(
                    variable.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil,
                    "\(name): Docker CLI 20.10 reads ${\(body)} as the variable '\(variable)'")
            }
        }
        #expect(seen > 0)
    }

    @Test("deterministic to the byte")
    func deterministic() {
        #expect(Compiler().compile(HomeIQ.twoNUCStack).files == Self.twoNUCs.files)
        #expect(Compiler(resolver: ModeResolver(swarmTarget: true)).compile(HomeIQ.stack).files == Self.oneNode.files)
    }
}
