import Foundation
import TestSupport
import Testing

/// The scripts read the facts of each mode from the generated compose file's `x-homeiq:` block
/// (issue 10, part 2): a service added in `Deployments/` is checked with no script change.
@Suite("facts, not copies: scripts read x-homeiq")
struct FactsTests {
    @Test(
        "an external-data service added to a scratch copy of Deployments/ is checked by validate-deployment.sh and deploy.sh, with no script change",
        .enabled(if: Requirement.toolAvailableOrCI("swift"), "needs the Swift toolchain to build the scratch package"),
        .timeLimit(.minutes(20)))
    func serviceAddedInDeployments() throws {
        let swift = try #require(Requirement.tool("swift"))
        let scratch = try ScratchPackage.make("facts")
        // The edit an engineer makes: one more outside data source, behind its own flag and key.
        let deployments = scratch.appendingPathComponent("Deployments/ExternalData.swift")
        let source = try String(contentsOf: deployments, encoding: .utf8)
        let anchor = "    static let externalSources: [ExternalSource] = [\n"
        try #require(source.contains(anchor), "Deployments/ExternalData.swift no longer lists externalSources")
        try source.replacingOccurrences(
            of: anchor,
            with: anchor
                + "        ExternalSource(name: \"pollen-service\", port: 8015, flag: \"ENABLE_POLLEN\", apiKey: \"POLLEN_API_KEY\"),\n"
        )
        .write(to: deployments, atomically: true, encoding: .utf8)
        let generate = try Run.process(swift, ["run", "homeiq-gen"], currentDirectory: scratch)
        try #require(generate.status == 0, "swift run homeiq-gen in the scratch package failed:\n\(generate.stdout)\n\(generate.stderr)")

        // The repository's scripts, unchanged, on the scratch package's generated files.
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        for file in ["docker-compose.test.yml", "docker-compose.prod.yml", "env.test", "env.production"] {
            let text = try String(contentsOf: scratch.appendingPathComponent("generated/\(file)"), encoding: .utf8)
            try sandbox.write(text, to: "generated/\(file)")
        }
        let production = try #require(sandbox.read("generated/docker-compose.prod.yml"))
        try #require(production.contains("  pollen-service:\n"), "the scratch generator did not write the new service")

        // Before: the repository's own files, for the counts the new service raises by one.
        let before = try ScriptSandbox()
        defer { before.remove() }
        let beforeTest = try before.run("validate-deployment.sh", ["--parser", "plain", "test"])
        let counts = try #require(
            beforeTest.stdout.firstMatch(of: /none of the (\d+) services of production only; (\d+) feature flags agree/),
            "\(beforeTest.stdout)")
        let (forbidden, flags) = (Int(counts.1)! + 1, Int(counts.2)! + 1)

        let validProduction = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "production"])
        #expect(validProduction.status == 0, "\(validProduction.stderr)")
        let services = production.components(separatedBy: "com.homeiq.role: ").count - 1
        let external = production.components(separatedBy: "com.homeiq.role: external-api\n").count - 1
        #expect(validProduction.stdout.contains("\(external) external-api), exactly the \(services) of the facts"), "\(validProduction.stdout)")
        let validTest = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(validTest.status == 0, "\(validTest.stderr)")
        #expect(
            validTest.stdout.contains("none of the \(forbidden) services of production only; \(flags) feature flags agree"), "\(validTest.stdout)")

        // The new flag is checked in test: turned on by hand (and re-digested), it is refused.
        try sandbox.regenerate("generated/env.test", replacing: "ENABLE_POLLEN=false", with: "ENABLE_POLLEN=true")
        let flagOn = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(flagOn.status == 1)
        #expect(
            flagOn.stderr.contains(": ENABLE_POLLEN: is 'true': ENABLE_POLLEN is false in test (none of pollen-service runs in test)"),
            "\(flagOn.stderr)")
        try sandbox.regenerate("generated/env.test", replacing: "ENABLE_POLLEN=true", with: "ENABLE_POLLEN=false")

        // The new service is forbidden in test, also when its role label is disguised as core.
        let start = try #require(production.range(of: "  pollen-service:\n"))
        let end = try #require(production.range(of: "\n  [a-z]", options: .regularExpression, range: start.upperBound..<production.endIndex))
        let block = String(production[start.lowerBound..<end.lowerBound]) + "\n"
        let disguised = block.replacingOccurrences(of: "com.homeiq.mode: production", with: "com.homeiq.mode: test")
            .replacingOccurrences(of: "com.homeiq.role: external-api", with: "com.homeiq.role: core")
            .replacingOccurrences(of: "DEPLOYMENT_MODE: production", with: "DEPLOYMENT_MODE: test")
            .replacingOccurrences(of: #"\$\{POLLEN_API_KEY:\?[^}]*\}"#, with: "unused", options: .regularExpression)
        try sandbox.regenerate("generated/docker-compose.test.yml", replacing: "\nservices:\n", with: "\nservices:\n" + disguised)
        let smuggled = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(smuggled.status == 1)
        #expect(
            smuggled.stderr.contains(
                "service pollen-service: must not run in test: Deployments/ declares it as a external-api service of production only"),
            "\(smuggled.stderr)")

        // deploy.sh demands the new service's key in production, from the facts.
        var secrets = sandbox.productionSecrets
        try #require(secrets["POLLEN_API_KEY"] != nil, "POLLEN_API_KEY is not a required secret of the scratch production file")
        secrets["POLLEN_API_KEY"] = nil
        let deploy = try sandbox.run("deploy.sh", ["--dry-run", "production"], environment: secrets)
        #expect(deploy.status == 1)
        #expect(deploy.stderr.contains("production secret POLLEN_API_KEY is not set (needed by: pollen-service)"), "\(deploy.stderr)")

        // No script was changed to do all that: the sandbox's scripts are the repository's.
        let diff = try Run.process(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["diff", "-r", ScriptSandbox.repository.appendingPathComponent("scripts").path, sandbox.path("scripts")])
        #expect(diff.status == 0, "\(diff.stdout)")
    }
}
