import Foundation
import TestSupport
import Testing

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

    @Test(
        "a line inserted above the digest line is a hand edit: validate-deployment and deploy.sh refuse it",
        arguments: [
            ("production", "generated/docker-compose.prod.yml", "x-injected: true"),
            ("production", "generated/env.production", "TZ=Europe/Berlin"),
            ("test", "generated/env.test", "TZ=Europe/Berlin"),
        ])
    func lineAboveDigest(mode: String, file: String, line: String) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try insertAboveDigest(line, in: file, sandbox)
        let validation = try sandbox.run("validate-deployment.sh", ["--parser", "plain", mode])
        #expect(validation.status == 1)
        #expect(validation.stderr.contains("\(file): edited by hand"), "\(validation.stderr)")
        let deploy = try sandbox.run("deploy.sh", [mode], environment: sandbox.productionSecrets)
        #expect(deploy.status == 1)
        #expect(deploy.stderr.contains("\(file): edited by hand"), "\(deploy.stderr)")
        #expect(sandbox.dockerLog.filter { !$0.hasSuffix("config --no-interpolate") && $0 != "compose version" }.isEmpty)
    }

    // MARK: - An escaped $${…} is text

    @Test(
        "an escaped $${X:?msg} is text: validate-deployment.sh does not call it a secret and deploy.sh does not demand X",
        arguments: ["test", "production"])
    func escapedReference(mode: String) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let file = mode == "test" ? "generated/docker-compose.test.yml" : "generated/docker-compose.prod.yml"
        try sandbox.regenerate(
            file, replacing: "      DEPLOYMENT_MODE: \(mode)\n",
            with: "      DEPLOYMENT_MODE: \(mode)\n      NOTE: $${NOT_A_SECRET:?literal text}\n")
        let validation = try sandbox.run("validate-deployment.sh", ["--parser", "plain", mode])
        #expect(validation.status == 0, "\(validation.stderr)")
        let deploy = try sandbox.run("deploy.sh", ["--dry-run", mode], environment: sandbox.productionSecrets)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(!deploy.stderr.contains("NOT_A_SECRET"))
        // A real reference next to it is still found.
        try sandbox.regenerate(file, replacing: "$${NOT_A_SECRET:?literal text}", with: "$$${REALLY_REQUIRED:?set it}")
        let real = try sandbox.run("validate-deployment.sh", ["--parser", "plain", mode])
        #expect(real.status == 1)
        #expect(real.stderr.contains("NOTE: requires the secret REALLY_REQUIRED"), "\(real.stderr)")
    }

    // MARK: - The secrets file

    private func writeSecrets(_ lines: [String], _ sandbox: ScriptSandbox, mode: Int = 0o600) throws {
        try sandbox.write(lines.joined(separator: "\n") + "\n", to: "infrastructure/secrets.production.env", mode: mode)
    }

    private func allSecretsLines(_ sandbox: ScriptSandbox) -> [String] {
        sandbox.productionSecrets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    @Test("a key set twice in the secrets file is an error naming both lines; nothing runs")
    func duplicateSecret() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        var lines = allSecretsLines(sandbox)
        lines.append("INFLUXDB_TOKEN=rotated-token")
        try writeSecrets(lines, sandbox)
        let first = try #require(lines.firstIndex { $0.hasPrefix("INFLUXDB_TOKEN=") }) + 1
        let result = try sandbox.run("deploy.sh", ["production"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("infrastructure/secrets.production.env:\(lines.count): INFLUXDB_TOKEN is set twice (first at line \(first))"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("rotated-token"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("a secrets file that starts with a byte-order mark is refused, naming the BOM")
    func byteOrderMark() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let lines = allSecretsLines(sandbox)
        try writeSecrets(["\u{FEFF}" + lines[0]] + lines.dropFirst(), sandbox)
        let result = try sandbox.run("deploy.sh", ["production"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("infrastructure/secrets.production.env:1: the file starts with a UTF-8 byte-order mark (BOM)"), "\(result.stderr)")
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("a symlinked secrets file is judged by its target: a private target is used, an open one is refused with advice that works")
    func symlinkedSecrets() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try sandbox.write(allSecretsLines(sandbox).joined(separator: "\n") + "\n", to: "vault/production.env", mode: 0o600)
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.path("infrastructure/secrets.production.env"),
            withDestinationPath: sandbox.path("vault/production.env"))
        let privateTarget = try sandbox.run("deploy.sh", ["--dry-run", "production"])
        #expect(privateTarget.status == 0, "\(privateTarget.stderr)")
        #expect(privateTarget.stdout.contains("\(sandbox.productionSecrets.count) value(s) read"))

        try sandbox.setMode(0o644, "vault/production.env")
        let openTarget = try sandbox.run("deploy.sh", ["--dry-run", "production"])
        #expect(openTarget.status == 1)
        #expect(
            openTarget.stderr.contains(
                "(the target of the symlink infrastructure/secrets.production.env): readable by group or others (mode 644): run \"chmod 600 vault/production.env\""
            ),
            "\(openTarget.stderr)")
    }
}
