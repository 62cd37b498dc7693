import Foundation
import TestSupport
import Testing

/// deploy.sh never demands an optional secret (`${NAME:-}`, `.optionalSecret`): it reads the optional
/// list from the generated file's `x-homeiq` facts, warns while one is unset, and passes it on when set.
@Suite("scripts/deploy.sh and optional secrets")
struct OptionalSecretScriptTests {
    /// The NAMEs of every `${NAME:-}` (empty default) in `text`, sorted and distinct (read here, independently of the scripts).
    static func optionalSecrets(in text: String) -> [String] {
        var names: Set<String> = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            let after = rest[start.upperBound...]
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if after.dropFirst(name.count).hasPrefix(":-}"), !name.isEmpty { names.insert(String(name)) }
            rest = after
        }
        return names.sorted()
    }

    @Test("production with an optional secret unset deploys, warning with its services; set, it reaches docker compose up")
    func optionalNotDemanded() throws {
        let unsetSandbox = try ScriptSandbox()
        defer { unsetSandbox.remove() }
        let compose = unsetSandbox.read("generated/docker-compose.prod.yml") ?? ""
        let optional = Self.optionalSecrets(in: compose)
        #expect(optional == ["GITHUB_TOKEN"], "the HomeIQ stack's optional production secret")
        let required = unsetSandbox.productionSecrets
        #expect(!required.isEmpty && required.keys.allSatisfy { !optional.contains($0) })

        let unset = try unsetSandbox.run("deploy.sh", ["production"], environment: required.merging(["GITHUB_TOKEN": ""]) { $1 })
        #expect(unset.status == 0, "\(unset.stdout)\n\(unset.stderr)")
        #expect(unset.stderr.contains("warning: GITHUB_TOKEN is not set: automation-miner start without it"), "\(unset.stderr)")
        #expect(unset.stdout.contains("\(required.count) required secret(s) set"), "\(unset.stdout)")

        let setSandbox = try ScriptSandbox()
        defer { setSandbox.remove() }
        let set = try setSandbox.run(
            "deploy.sh", ["production"],
            environment: required.merging([
                "GITHUB_TOKEN": "value-of-github-token",
                "FAKE_DOCKER_ENV_LOG": setSandbox.path("docker-env.log"), "FAKE_DOCKER_RECORD_ENV": "GITHUB_TOKEN",
            ]) { $1 })
        #expect(set.status == 0, "\(set.stdout)\n\(set.stderr)")
        #expect(setSandbox.lines(of: "docker-env.log").contains("up GITHUB_TOKEN=set"))
        #expect(!set.stderr.contains("GITHUB_TOKEN is not set"))
        #expect(!set.stdout.contains("value-of-github-token") && !set.stderr.contains("value-of-github-token"))
    }
}
