import DeployCompiler
import Foundation
import GenCLI
import Testing

@Suite("--target swarm")
struct SwarmTargetTests {
    @Test("--target swarm writes the two stack files, a plain run writes none, and --check --target swarm checks them")
    func targetSwarm() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let plain = CommandLineTool(stack: cliStack, currentDirectory: root.path).run([])
        #expect(plain.exitCode == 0, "\(plain.standardError)")
        #expect(root.read("generated/docker-stack.test.yml") == nil)
        let compose = root.read("generated/docker-compose.prod.yml")

        let missing = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--check", "--target", "swarm"])
        #expect(missing.exitCode == 1)
        #expect(missing.standardError.contains("generated/docker-stack.test.yml (missing)"), "\(missing.standardError)")

        let swarm = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--target", "swarm"])
        #expect(swarm.exitCode == 0, "\(swarm.standardError)")
        #expect(swarm.standardOutput.contains("written   generated/docker-stack.prod.yml"), "\(swarm.standardOutput)")
        let stack = try #require(root.read("generated/docker-stack.prod.yml"))
        #expect(stack.contains("# deploy: scripts/deploy.sh --swarm production"))
        #expect(stack.contains("cluster: implicit"))
        #expect(root.read("generated/docker-compose.prod.yml") == compose, "the compose file does not change")

        let check = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["check", "--target=swarm"])
        #expect(check.exitCode == 0, "\(check.standardError)")
        try root.write(stack.replacingOccurrences(of: "replicas: 1", with: "replicas: 2"), to: "generated/docker-stack.prod.yml")
        let stale = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--check", "--target", "swarm"])
        #expect(stale.exitCode == 1)
        #expect(stale.standardOutput.contains("-      replicas: 2"), "\(stale.standardOutput)")
    }

    @Test("--target takes compose or swarm only")
    func badTarget() {
        let result = CommandLineTool(stack: cliStack, currentDirectory: "/").run(["--target", "kubernetes"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("use one of: compose, swarm"), "\(result.standardError)")
    }
}
