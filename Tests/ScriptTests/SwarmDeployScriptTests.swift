import DeployCompiler
import DeployRender
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

/// `scripts/deploy.sh --swarm` with the recording fake docker, on the stack files of the shipped
/// stack compiled with `--target swarm` (written into the sandbox's generated/).
@Suite("deploy.sh --swarm")
struct SwarmDeployScriptTests {
    static let compilation = Compiler(resolver: ModeResolver(swarmTarget: true)).compile(HomeIQ.stack)

    /// A sandbox whose generated/ also holds the two stack files.
    private func sandbox() throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        for file in Self.compilation.files where file.path.hasPrefix("generated/docker-stack.") {
            try sandbox.write(file.contents, to: file.path)
        }
        return sandbox
    }

    private var productionSecrets: [String] {
        SwarmNames.secrets(Self.compilation.deployments[.production]).map(\.value)
    }

    @Test(
        "production --dry-run: one versioned secret per secret (SHA-256 of the value), the other stack removed, then stack deploy --prune; no value in any output"
    )
    func dryRunProduction() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        var environment: [String: String] = [:]
        for name in productionSecrets { environment[name] = "value of \(name) \u{2713}" }
        let result = try sandbox.run("deploy.sh", ["--swarm", "--dry-run", "production"], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(productionSecrets.count >= 5)
        for name in productionSecrets {
            let version = String(SHA256.hex(environment[name]!).prefix(12))
            #expect(result.stdout.contains("secret create --label com.docker.stack.namespace=homeiq homeiq_\(name)_\(version) -"), "\(name)")
            #expect(!result.stdout.contains(environment[name]!) && !result.stderr.contains(environment[name]!))
        }
        #expect(result.stdout.contains("stack rm homeiq-test"))
        #expect(result.stdout.contains("stack deploy --prune -c generated/docker-stack.prod.yml homeiq"))
        #expect(sandbox.dockerLog.isEmpty, "a dry run runs no docker command: \(sandbox.dockerLog)")
    }

    @Test("a missing production secret refuses before any docker command, naming it (exit 1)")
    func missingSecret() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        var environment: [String: String] = [:]
        for name in productionSecrets where name != "HA_TOKEN" { environment[name] = "x" }
        let result = try sandbox.run("deploy.sh", ["--swarm", "production"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("production secret HA_TOKEN is not set"), "\(result.stderr)")
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("a hand-edited stack file is refused (exit 1), and without stack files the script says how to make them")
    func refusals() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        try sandbox.edit("generated/docker-stack.test.yml", replacing: "replicas: 1", with: "replicas: 3")
        let edited = try sandbox.run("deploy.sh", ["--swarm", "test"])
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("refusing to deploy test"), "\(edited.stderr)")
        #expect(sandbox.dockerLog.isEmpty)

        let bare = try ScriptSandbox()
        defer { bare.remove() }
        let none = try bare.run("deploy.sh", ["--swarm", "test"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("--target swarm"), "\(none.stderr)")
    }
}
