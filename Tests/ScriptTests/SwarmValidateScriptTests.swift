import DeployCompiler
import DeployModel
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

/// `scripts/validate-deployment.sh --swarm` with the recording fake docker answering the swarm's
/// queries (FAKE_DOCKER_ANSWERS) from the model, on the stack files of the example two-NUC cluster:
/// a stack that runs as modelled passes, and each way a running stack can differ is reported, all
/// at once and nothing else. The real swarm is scripts/testing/swarm-suite.
@Suite("validate-deployment.sh --swarm")
struct SwarmValidateScriptTests {
    static let compilation = Compiler().compile(HomeIQ.twoNUCStack)

    /// The hosts standing for the declared nodes.
    static func host(_ node: String) -> String { "host-\(node)" }

    private func sandbox() throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        for file in Self.compilation.files where file.path.hasPrefix("generated/docker-stack.") {
            try sandbox.write(file.contents, to: file.path)
        }
        return sandbox
    }

    /// One answer: a bash pattern over the fake docker's arguments, and what it prints.
    struct Answer {
        var pattern: String
        var output: String
    }

    /// What a swarm running `mode` exactly as modelled answers.
    static func modelled(_ mode: Mode) throws -> [Answer] {
        let deployment = try #require(compilation.deployments.first { $0.mode == mode })
        let cluster = try #require(deployment.cluster)
        let stack = deployment.projectName
        var answers = [Answer(pattern: "node ls -q", output: cluster.nodes.map { "id-\($0.name)" }.joined(separator: "\\n"))]
        for node in cluster.nodes {
            let labels = ([ResolvedCluster.nodeLabel: node.name].merging(node.labels) { first, _ in first })
                .sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            answers.append(Answer(pattern: "node inspect id-\(node.name) --format *", output: host(node.name) + labels))
        }
        for service in deployment.services {
            let name = "\(stack)_\(service.name)"
            let count = service.swarm.replicaCount
            let candidates = cluster.candidates(service.swarm.placement?.value ?? [])
            let node = try #require(candidates.first, "\(service.name) has no node")
            let delivery = SwarmSecretDelivery(service)
            if service.restart == .no {
                answers.append(Answer(pattern: "service ps \(name) --format *CurrentState*", output: "Complete 4 seconds ago"))
            }
            answers += [
                Answer(pattern: "service ls --filter name=\(name) --format *", output: "\(name) \(count)/\(count)"),
                Answer(
                    pattern: "service ps \(name) --filter desired-state=running --format *",
                    output: Array(repeating: host(node.name), count: count).joined(separator: "\\n")),
                Answer(pattern: "service inspect \(name) --format *com.homeiq.mode*", output: mode.rawValue),
                Answer(pattern: "service inspect \(name) --format *com.homeiq.role*", output: service.role.rawValue),
                Answer(
                    pattern: "service inspect \(name) --format *ContainerSpec.Env*",
                    output: (["DEPLOYMENT_MODE=\(mode.rawValue)"] + delivery.secretNames.map { "\($0)_FILE=/run/secrets/\($0)" })
                        .joined(separator: "\\n")),
            ]
            for secret in delivery.secretNames {
                answers.append(Answer(pattern: "service inspect \(name) --format *\"\(secret)\"*", output: secret))
            }
        }
        // Anything else the script asks (a secret the service does not mount): nothing.
        answers.append(Answer(pattern: "service inspect * --format *Secrets*", output: ""))
        return answers
    }

    private func run(_ mode: Mode, _ answers: [Answer], in sandbox: ScriptSandbox) throws -> ProcessResult {
        let file = sandbox.path("fake-docker-answers")
        try answers.map { "\($0.pattern)\t\($0.output)" }.joined(separator: "\n").appending("\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        return try sandbox.run("validate-deployment.sh", ["--swarm", mode.rawValue], environment: ["FAKE_DOCKER_ANSWERS": file])
    }

    /// The `validate-deployment: error:` lines of a run.
    private func errors(_ result: ProcessResult) -> Set<String> {
        Set(
            result.stderr.split(separator: "\n").compactMap { line in
                line.range(of: "error: ").map { String(line[$0.upperBound...]) }
            }.filter { !$0.hasPrefix("the running") })
    }

    @Test("production running as modelled on two nodes passes; the answers cover every service")
    func modelledProductionPasses() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        let result = try run(.production, try Self.modelled(.production), in: sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ok  stack homeiq: placement, replicas, labels and secrets match"), "\(result.stdout)")
        let asked = sandbox.dockerLog.filter { $0.hasPrefix("service inspect homeiq_") }
        #expect(Set(asked.map { $0.split(separator: " ")[2] }).count == Self.compilation.deployments[.production].services.count)
    }

    @Test("each difference of a running production stack is reported, all at once, and nothing else (exit 1)")
    func differencesReported() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        let production = Self.compilation.deployments[.production]
        let cluster = try #require(production.cluster)
        let aiCore = try #require(production.service(named: "ai-core-service"))
        #expect(
            cluster.candidates(aiCore.swarm.placement?.value ?? []).map(\.name) == ["nuc-b"], "the example places ai-core-service on the GPU node")
        let overrides = [
            // A task on the wrong node, a missing replica, a secret value in the environment, a secret not
            // mounted, the wrong mode label.
            Answer(pattern: "service ps homeiq_ai-core-service --filter desired-state=running --format *", output: Self.host("nuc-a")),
            Answer(pattern: "service ls --filter name=homeiq_data-api --format *", output: "homeiq_data-api 0/1"),
            Answer(
                pattern: "service inspect homeiq_websocket-ingestion --format *ContainerSpec.Env*",
                output: "DEPLOYMENT_MODE=production\\nHA_TOKEN=abc"),
            Answer(pattern: "service inspect homeiq_influxdb --format *\"INFLUXDB_ADMIN_PASSWORD\"*", output: ""),
            Answer(pattern: "service inspect homeiq_admin-api --format *com.homeiq.mode*", output: "test"),
        ]
        let result = try run(.production, overrides + (try Self.modelled(.production)), in: sandbox)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(
            errors(result) == [
                "ai-core-service: a task runs on host-nuc-a (node nuc-a), not on nuc-b",
                "data-api: 0 of 1 replicas running",
                "websocket-ingestion: secret HA_TOKEN is in its environment (docker inspect shows it)",
                "influxdb: secret INFLUXDB_ADMIN_PASSWORD is not mounted as /run/secrets/INFLUXDB_ADMIN_PASSWORD",
                "admin-api: label com.homeiq.mode is 'test', not 'production'",
            ], "\(result.stderr)")
        #expect(result.stderr.contains("the running production stack does not match its stack file"))
    }

    @Test("a one-shot service passes once its task completed, and is reported while it runs or after it failed")
    func oneShot() throws {
        let test = Self.compilation.deployments[.test]
        let oneShot = try #require(test.services.first { $0.restart == .no }, "the test stack has a one-shot seeder")
        let completed = try Self.modelled(.test)
        for (state, expected) in [("Complete 2 seconds ago", nil), ("Running 2 seconds ago", "running"), ("Failed 2 seconds ago", "failed")] {
            let sandbox = try sandbox()
            defer { sandbox.remove() }
            let override = Answer(pattern: "service ps homeiq-test_\(oneShot.name) --format *CurrentState*", output: state)
            let result = try run(.test, [override] + completed, in: sandbox)
            if let expected {
                #expect(result.status == 1, "\(state)")
                #expect(errors(result) == ["\(oneShot.name): runs once, and its task has not completed (\(expected))"], "\(result.stderr)")
            } else {
                #expect(result.status == 0, "\(state): \(result.stderr)")
            }
        }
    }
}
