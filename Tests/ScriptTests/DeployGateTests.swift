import Foundation
import Testing
import TestSupport

/// The deploy gate agrees with the generator (issue 9, part 6): the digest covers every byte a
/// reader interprets, the secrets file is read strictly, and the env-file grammar is one grammar.
@Suite("deploy gate: digests, secrets file, env-file grammar")
struct DeployGateTests {
    /// Inserts `line` as a new line just above the digest line of `relative` (the digest is left as it was).
    private func insertAboveDigest(_ line: String, in relative: String, _ sandbox: ScriptSandbox) throws {
        let text = try #require(sandbox.read(relative))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let digest = try #require(lines.firstIndex { $0.hasPrefix("# sha256: ") })
        lines.insert(line, at: digest)
        try sandbox.write(lines.joined(separator: "\n"), to: relative)
    }

    @Test("a line inserted above the digest line is a hand edit: validate-deployment and deploy.sh refuse it",
          arguments: [("production", "generated/docker-compose.prod.yml", "x-injected: true"),
                      ("production", "generated/env.production", "TZ=Europe/Berlin"),
                      ("test", "generated/env.test", "TZ=Europe/Berlin")])
    func lineAboveDigest(mode: String, file: String, line: String) throws {
        let sandbox = try ScriptSandbox(); defer { sandbox.remove() }
        try insertAboveDigest(line, in: file, sandbox)
        let validation = try sandbox.run("validate-deployment.sh", ["--parser", "plain", mode])
        #expect(validation.status == 1)
        #expect(validation.stderr.contains("\(file): edited by hand"), "\(validation.stderr)")
        let deploy = try sandbox.run("deploy.sh", [mode], environment: sandbox.productionSecrets)
        #expect(deploy.status == 1)
        #expect(deploy.stderr.contains("\(file): edited by hand"), "\(deploy.stderr)")
        #expect(sandbox.dockerLog.filter { !$0.hasSuffix("config --no-interpolate") && $0 != "compose version" }.isEmpty)
    }
}
