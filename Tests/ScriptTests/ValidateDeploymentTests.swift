import Foundation
import TestSupport
import Testing

/// scripts/validate-deployment.sh on the real generated files and on hand-crafted ones.
@Suite("scripts/validate-deployment.sh")
struct ValidateDeploymentTests {
    /// Writes a hand-crafted compose file and env file for `mode` (with valid headers and digests)
    /// and removes the other mode's compose file, so only the fixture's own problems show. The
    /// compose text starts with `name:`; the x-homeiq facts are inserted after it: `services`
    /// (NAME: ROLE) and `flags` (FLAG: [SERVICE]) as given, the rest (roles, labels, secret
    /// names) taken from the real generated file of the mode.
    private func fixture(
        _ sandbox: ScriptSandbox, mode: String, compose: String, env: String,
        services: [String: String], flags: [String: [String]] = [:], secrets: [String] = []
    ) throws -> String {
        let project = mode == "test" ? "homeiq-test" : "homeiq"
        let composePath = mode == "test" ? "generated/docker-compose.test.yml" : "generated/docker-compose.prod.yml"
        let otherPath = mode == "test" ? "generated/docker-compose.prod.yml" : "generated/docker-compose.test.yml"
        let real = try #require(sandbox.read(composePath))
        var facts =
            "x-homeiq:\n  mode: \(mode)\n  project: \(project)\n  files:\n    compose: \(composePath)\n"
            + "    env: generated/env.\(mode)\n    secrets: infrastructure/secrets.\(mode).env\n    data: data/\(mode)\n"
        for key in ["labels", "roles", "every-mode-roles", "secret-names"] { facts += try Self.factsSection(key, of: real) }
        facts += "  services:\n" + services.keys.sorted().map { "    \($0): \(services[$0]!)\n" }.joined()
        if !flags.isEmpty {
            facts +=
                "  feature-flags:\n"
                + flags.keys.sorted().map { flag in
                    "    \(flag):\n" + flags[flag]!.map { "      - \($0)\n" }.joined()
                }.joined()
        }
        if !secrets.isEmpty { facts += "  secrets:\n    required:\n" + secrets.map { "      \($0):\n        - data-api\n" }.joined() }
        let firstLine = try #require(compose.firstIndex(of: "\n"))
        let body = compose[...firstLine] + facts + compose[compose.index(after: firstLine)...]
        try sandbox.writeGenerated(
            String(body), headerLines: ["mode: \(mode) (compose project \(project), hardware nuc-8gb, InfluxDB option-a)"],
            to: composePath)
        try sandbox.writeGenerated(env, headerLines: ["mode: \(mode) (compose project \(project))"], to: "generated/env.\(mode)")
        try FileManager.default.removeItem(atPath: sandbox.path(otherPath))
        return composePath
    }

    /// The lines of the x-homeiq entry `key` (two-space indented) of a generated compose file.
    private static func factsSection(_ key: String, of text: String) throws -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "  \(key):" }, "no x-homeiq \(key)")
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("    ") } ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n") + "\n"
    }

    /// The 1-based number of the only line of `file` that contains `text`.
    private func line(of text: String, in sandbox: ScriptSandbox, _ file: String) throws -> Int {
        let lines = (sandbox.read(file) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        let matches = lines.indices.filter { lines[$0].contains(text) }
        try #require(matches.count == 1, "'\(text)' is on \(matches.count) lines of \(file)")
        return matches[0] + 1
    }

    private func errors(_ result: ProcessResult) -> [String] {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("validate-deployment: error: ") }
            .map { String($0.dropFirst("validate-deployment: error: ".count)) }
    }

    private static func service(_ name: String, mode: String, role: String, environment: [String] = []) -> String {
        """
          \(name):
            image: ghcr.io/homeiq/\(name):2.4.0
            environment:
              DEPLOYMENT_MODE: \(mode)
        \(environment.map { "      \($0)\n" }.joined())    labels:
              com.homeiq.mode: \(mode)
              com.homeiq.role: \(role)

        """
    }

    private static let productionEnv = "DEPLOYMENT_MODE=production\nCOMPOSE_PROJECT_NAME=homeiq\nINFLUXDB_TOKEN=${INFLUXDB_TOKEN}\n"
    private static let testEnv = "DEPLOYMENT_MODE=test\nCOMPOSE_PROJECT_NAME=homeiq-test\nINFLUXDB_TOKEN=homeiq-test-token\n"

    // MARK: - The real files

    @Test("the committed generated files are valid, read with the plain parser", arguments: ["test", "production", "prod"])
    func realFilesPlain(mode: String) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", mode])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("is valid (parser: plain)"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("the egress guard of the facts must run on the host's network and close the facts' bridge")
    func egressGuard() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let file = "generated/docker-compose.test.yml"
        let real = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(real.stdout.contains("ok  egress guard egress-guard closes the bridge homeiq-test0 (host network)"), "\(real.stdout)")
        try sandbox.regenerate(file, replacing: "    network_mode: host\n", with: "")
        try sandbox.regenerate(file, replacing: "      EGRESS_GUARD_BRIDGE: homeiq-test0\n", with: "      EGRESS_GUARD_BRIDGE: homeiq-test9\n")
        let lines = (sandbox.read(file) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0 == "  egress-guard:" }) + 1
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(result.status == 1)
        #expect(
            errors(result) == [
                "\(file):\(line): service egress-guard: network_mode: is '<none>', expected 'host': the egress guard keeps its rule in the host's firewall",
                "\(file):\(line): service egress-guard: EGRESS_GUARD_BRIDGE: is 'homeiq-test9', but the facts close the bridge 'homeiq-test0'",
            ], "\(result.stderr)")
    }

    @Test("auto uses `docker compose config --no-interpolate` when the compose plugin answers, the plain parser otherwise")
    func parserChoice() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let withCompose = try sandbox.run("validate-deployment.sh", ["test"])
        #expect(withCompose.status == 0, "\(withCompose.stderr)")
        #expect(withCompose.stdout.contains("(parser: compose)"))
        #expect(
            sandbox.dockerLog == [
                "compose version --short",
                "compose -p homeiq-test -f generated/docker-compose.test.yml --env-file generated/env.test config --no-interpolate",
            ])
        let without = try sandbox.run("validate-deployment.sh", ["production"], environment: ["FAKE_DOCKER_NO_COMPOSE": "1"])
        #expect(without.status == 0, "\(without.stderr)")
        #expect(without.stdout.contains("(parser: plain)"))
    }

    @Test("auto does not use Compose v1 (another layout, false \"missing service\" errors); --parser compose refuses it")
    func composeVersionOne() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        // What Compose v1 prints is not the generated layout: here, no services at all.
        try sandbox.write("version: '3.8'\nservices: {}\n", to: "config-v1.yml")
        let v1 = ["FAKE_DOCKER_COMPOSE_VERSION": "1.29.2", "FAKE_DOCKER_CONFIG_OUTPUT": sandbox.path("config-v1.yml")]
        let auto = try sandbox.run("validate-deployment.sh", ["production"], environment: v1)
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(auto.stdout.contains("(parser: plain)"))
        #expect(sandbox.dockerLog == ["compose version --short"])
        let forced = try sandbox.run("validate-deployment.sh", ["--parser", "compose", "production"], environment: v1)
        #expect(forced.status == 1)
        #expect(
            errors(forced) == [
                "--parser compose needs Docker Compose v2 or newer (`\(sandbox.docker) compose version --short` says '1.29.2'): use --parser plain"
            ])
        // With v2 the same output is read, and the missing services are reported: the check is real.
        let v2 = try sandbox.run("validate-deployment.sh", ["production"], environment: ["FAKE_DOCKER_CONFIG_OUTPUT": sandbox.path("config-v1.yml")])
        #expect(v2.status == 1)
        #expect(
            errors(v2).contains("generated/docker-compose.prod.yml: service data-api: missing: Deployments/ runs this core service in production"))
    }

    @Test("a file compose rejects fails validation")
    func composeRejects() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "compose", "test"], environment: ["FAKE_DOCKER_FAIL_ON": "config"])
        #expect(result.status == 1)
        #expect(
            errors(result).contains {
                $0.hasPrefix("generated/docker-compose.test.yml: docker compose config rejects it: fake-docker: simulated failure")
            })
    }

    @Test(
        "the compose parser reads other layouts too: 4-space indents, flush sequences, folded long values",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python (PyYAML): run scripts/test.sh"))
    func otherLayouts() throws {
        guard let python = Requirement.python() else { return }
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        // PyYAML writes sorted keys, 4-space indents, sequences flush with their key, and folds
        // long plain values over several lines: a layout unlike homeiq-gen's.
        let redump = """
            import sys, yaml
            document = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            if len(sys.argv) > 3:
                document["services"]["data-api"]["labels"]["com.homeiq.role"] = sys.argv[3]
            open(sys.argv[2], "w", encoding="utf-8").write(yaml.safe_dump(document, indent=4, width=60, sort_keys=True))
            """
        for (mode, file) in [("test", "generated/docker-compose.test.yml"), ("production", "generated/docker-compose.prod.yml")] {
            let output = sandbox.path("config-\(mode).yml")
            let dumped = try python.run(redump, arguments: [sandbox.path(file), output])
            try #require(dumped.status == 0, "\(dumped.stderr)")
            let result = try sandbox.run("validate-deployment.sh", ["--parser", "compose", mode], environment: ["FAKE_DOCKER_CONFIG_OUTPUT": output])
            #expect(result.status == 0, "\(mode): \(result.stderr)")
        }
        let output = sandbox.path("config-bad.yml")
        let dumped = try python.run(redump, arguments: [sandbox.path("generated/docker-compose.prod.yml"), output, "data-generation"])
        try #require(dumped.status == 0, "\(dumped.stderr)")
        let result = try sandbox.run(
            "validate-deployment.sh", ["--parser", "compose", "production"], environment: ["FAKE_DOCKER_CONFIG_OUTPUT": output])
        #expect(result.status == 1)
        #expect(
            errors(result) == [
                "generated/docker-compose.prod.yml: service data-api: com.homeiq.role: role data-generation in production: data-generation services run in test only"
            ])
    }

    // MARK: - Hand-crafted violations

    @Test("production with a data-generation and a test-fixture service: each named with file, line, service and key")
    func dataGenerationInProduction() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let file = try fixture(
            sandbox, mode: "production",
            compose: "name: homeiq\nservices:\n"
                + Self.service("data-api", mode: "production", role: "core")
                + Self.service("synthetic-data-generator", mode: "production", role: "data-generation")
                + Self.service("home-assistant-test", mode: "production", role: "test-fixture"),
            env: Self.productionEnv,
            services: ["data-api": "core", "synthetic-data-generator": "data-generation", "home-assistant-test": "test-fixture"])
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "production"])
        #expect(result.status == 1)
        let generatorLine = try line(of: "role: data-generation", in: sandbox, file)
        let fixtureLine = try line(of: "role: test-fixture", in: sandbox, file)
        #expect(
            errors(result) == [
                "\(file):\(generatorLine): service synthetic-data-generator: com.homeiq.role: role data-generation in production: data-generation services run in test only",
                "\(file):\(fixtureLine): service home-assistant-test: com.homeiq.role: role test-fixture in production: test-fixture services run in test only",
            ])
        #expect(result.stderr.contains("2 problem(s): the production deployment is not valid"))
        // Read through `docker compose config` instead, the same problems are found (without line numbers).
        let throughCompose = try sandbox.run("validate-deployment.sh", ["--parser", "compose", "production"])
        #expect(errors(throughCompose) == errors(result).map { $0.replacingOccurrences(of: #":\d+: "#, with: ": ", options: .regularExpression) })
        #expect(sandbox.dockerLog.last?.hasSuffix("config --no-interpolate") == true)
    }

    @Test("test with an external-api service")
    func externalAPIInTest() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let file = try fixture(
            sandbox, mode: "test",
            compose: "name: homeiq-test\nservices:\n"
                + Self.service("data-api", mode: "test", role: "core")
                + Self.service("weather-api", mode: "test", role: "external-api"),
            env: Self.testEnv, services: ["data-api": "core"])
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(result.status == 1)
        let roleLine = try line(of: "role: external-api", in: sandbox, file)
        #expect(
            errors(result) == [
                "\(file):\(roleLine): service weather-api: com.homeiq.role: role external-api in test: external-api services run in production only"
            ])
    }

    @Test("a wrong DEPLOYMENT_MODE, in a service and in the env file, and a wrong mode label")
    func wrongDeploymentMode() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let compose =
            "name: homeiq-test\nservices:\n"
            + Self.service("data-api", mode: "test", role: "core").replacingOccurrences(
                of: "DEPLOYMENT_MODE: test", with: "DEPLOYMENT_MODE: production")
            + Self.service("admin-api", mode: "test", role: "core").replacingOccurrences(
                of: "com.homeiq.mode: test", with: "com.homeiq.mode: production")
        let file = try fixture(
            sandbox, mode: "test", compose: compose,
            env: Self.testEnv.replacingOccurrences(of: "DEPLOYMENT_MODE=test", with: "DEPLOYMENT_MODE=production"),
            services: ["data-api": "core", "admin-api": "core"])
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "test"])
        #expect(result.status == 1)
        let modeLine = try line(of: "DEPLOYMENT_MODE: production", in: sandbox, file)
        let labelLine = try line(of: "com.homeiq.mode: production", in: sandbox, file)
        let envLine = try line(of: "DEPLOYMENT_MODE=production", in: sandbox, "generated/env.test")
        #expect(
            Set(errors(result)) == [
                "\(file):\(labelLine): service admin-api: com.homeiq.mode: is 'production', expected 'test'",
                "\(file):\(modeLine): service data-api: DEPLOYMENT_MODE: is 'production', expected 'test'",
                "generated/env.test:\(envLine): DEPLOYMENT_MODE: is 'production', expected 'test'",
            ])
        #expect(result.stderr.contains("3 problem(s)"))
    }

    @Test("secret literals and defaults in production, in the compose file and the env file")
    func secretLiterals() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let file = try fixture(
            sandbox, mode: "production",
            compose: "name: homeiq\nservices:\n"
                + Self.service(
                    "data-api", mode: "production", role: "core",
                    environment: [
                        "INFLUXDB_TOKEN: my-real-token",
                        "OPENAI_API_KEY: ${OPENAI_API_KEY:-sk-default}",
                        "DB_PASSWORD: \"${DB_PASSWORD:?set DB_PASSWORD}\"",
                        "CLIENT_SECRET_ID: ${CLIENT_SECRET_ID:?set it}",
                        // An optional secret (.optionalSecret) is a reference too, not a literal.
                        "GITHUB_TOKEN: ${GITHUB_TOKEN:-}",
                    ]),
            env: Self.productionEnv + "HA_TOKEN=abc123\n", services: ["data-api": "core"], secrets: ["DB_PASSWORD", "CLIENT_SECRET_ID"])
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "production"])
        #expect(result.status == 1)
        let tokenLine = try line(of: "INFLUXDB_TOKEN: my-real-token", in: sandbox, file)
        let keyLine = try line(of: "OPENAI_API_KEY:", in: sandbox, file)
        let envLine = try line(of: "HA_TOKEN=abc123", in: sandbox, "generated/env.production")
        #expect(
            errors(result) == [
                "\(file):\(tokenLine): service data-api: INFLUXDB_TOKEN: a secret literal in production: it must be a ${NAME:?message} reference (.secret(\"NAME\") in Deployments/)",
                "\(file):\(keyLine): service data-api: OPENAI_API_KEY: a secret with a default value: write it as ${NAME:?message} in Deployments/ (.secret(\"NAME\")), or ${NAME:-} when optional (.optionalSecret(\"NAME\"))",
                "generated/env.production:\(envLine): HA_TOKEN: a secret literal in production: it must be a ${NAME} reference",
            ])
    }

    @Test("a service without labels or DEPLOYMENT_MODE, and flags that contradict the mode")
    func missingLabelsAndFlags() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let file = try fixture(
            sandbox, mode: "production",
            compose: """
                name: homeiq
                services:
                  bare:
                    image: ghcr.io/homeiq/bare:2.4.0
                    environment:
                      ENABLE_MOCK_DATA_CREATION: "true"

                """, env: Self.productionEnv + "ENABLE_SYNTHETIC_DATA_GENERATION=true\nENABLE_AI_AUTOMATION=false\n",
            services: ["bare": "core", "ai-automation-service": "ai"],
            flags: [
                "ENABLE_MOCK_DATA_CREATION": ["mock-data-creator"], "ENABLE_SYNTHETIC_DATA_GENERATION": ["synthetic-data-generator"],
                "ENABLE_AI_AUTOMATION": ["ai-automation-service"],
            ])
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "production"])
        #expect(result.status == 1)
        let serviceLine = try line(of: "image: ghcr.io/homeiq/bare:2.4.0", in: sandbox, file) - 1
        let flagLine = try line(of: "ENABLE_MOCK_DATA_CREATION: \"true\"", in: sandbox, file)
        #expect(
            Set(errors(result)) == [
                "\(file):\(flagLine): service bare: ENABLE_MOCK_DATA_CREATION: is 'true': ENABLE_MOCK_DATA_CREATION is false in production (none of mock-data-creator runs in production)",
                "\(file): service ai-automation-service: missing: Deployments/ runs this ai service in production",
                "\(file):\(serviceLine): service bare: com.homeiq.mode: label missing (expected 'production')",
                "\(file):\(serviceLine): service bare: com.homeiq.role: label missing (one of core, ai, external-api, data-generation, test-fixture)",
                "\(file):\(serviceLine): service bare: DEPLOYMENT_MODE: missing from its environment (expected 'production')",
                "generated/env.production:\(try line(of: "ENABLE_SYNTHETIC_DATA_GENERATION=", in: sandbox, "generated/env.production")): ENABLE_SYNTHETIC_DATA_GENERATION: is 'true': ENABLE_SYNTHETIC_DATA_GENERATION is false in production (none of synthetic-data-generator runs in production)",
                "generated/env.production:\(try line(of: "ENABLE_AI_AUTOMATION=", in: sandbox, "generated/env.production")): ENABLE_AI_AUTOMATION: is 'false': ENABLE_AI_AUTOMATION is true in production (backed by ai-automation-service, which runs in production)",
            ])
    }

    @Test("an ai service missing from one mode is reported against the other file")
    func aiInBothModes() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try sandbox.edit("generated/docker-compose.test.yml", replacing: "com.homeiq.role: ai", with: "com.homeiq.role: core")
        // The edit breaks the test file's digest but not production's: only the cross-mode check fails.
        let result = try sandbox.run("validate-deployment.sh", ["--parser", "plain", "production"])
        #expect(result.status == 1)
        #expect(errors(result).count == 1)
        #expect(
            errors(result).first?.contains(
                "service ai-automation-service: com.homeiq.role: ai service missing from generated/docker-compose.test.yml") == true)
    }

    @Test("a hand edit fails the digest check, naming the file")
    func handEdit() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try sandbox.edit("generated/env.test", replacing: "INFLUXDB_ORG=homeiq-test", with: "INFLUXDB_ORG=homeiq")
        let result = try sandbox.run("validate-deployment.sh", ["--parser=plain", "test"])
        #expect(result.status == 1)
        #expect(errors(result).contains { $0.hasPrefix("generated/env.test: edited by hand: its content has SHA-256 ") })
    }

    @Test("usage errors exit 2", arguments: [[], ["staging"], ["--parser", "yaml", "test"], ["test", "production"]])
    func usage(arguments: [String]) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("validate-deployment.sh", arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
    }
}
