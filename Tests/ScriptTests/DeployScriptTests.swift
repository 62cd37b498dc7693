import Foundation
import TestSupport
import Testing

/// scripts/deploy.sh against the recording docker stand-in (scripts/testing/fake-docker).
@Suite("scripts/deploy.sh")
struct DeployScriptTests {
    /// `docker compose -p … -f … --env-file …` of each mode, as the stand-in logs it.
    static let test = "compose -p homeiq-test -f generated/docker-compose.test.yml --env-file generated/env.test"
    static let production = "compose -p homeiq -f generated/docker-compose.prod.yml --env-file generated/env.production"
    static let psFormat = "ps -a --format {{.Service}} {{.State}} {{.ExitCode}} {{.Health}}"
    /// `down` of each mode: every profile (the seeder) and orphans too.
    static let testDown = "\(test) --profile seed down --remove-orphans"
    static let productionDown = "\(production) down --remove-orphans"
    static let up = "up -d --wait --wait-timeout 300 --remove-orphans"
    /// `docker ps` by project label (what runs, orphans included).
    static func running(_ project: String, all: Bool = false) -> String {
        "ps \(all ? "-a " : "")-q --filter label=com.docker.compose.project=\(project)"
    }
    /// The preflight's docker commands for MODE (compose version, both files, the images).
    static func preflight(_ mode: String, sandbox: ScriptSandbox) -> [String] {
        let (this, other, file) =
            mode == "test"
            ? (test, production, "generated/docker-compose.test.yml")
            : (production, test, "generated/docker-compose.prod.yml")
        let images = Set(
            (sandbox.read(file) ?? "").split(separator: "\n").compactMap { line -> String? in
                let text = line.trimmingCharacters(in: .whitespaces)
                return text.hasPrefix("image: ") ? String(text.dropFirst("image: ".count)) : nil
            }
        ).sorted()
        return [
            "compose version --short", "\(this) config --quiet", "\(other) config --quiet",
            "image inspect --format {{.Id}} " + images.joined(separator: " "),
        ]
    }
    /// data/.deployed-mode is derived from what runs: both projects asked after the deploy.
    static let derive = [running("homeiq-test"), running("homeiq")]

    // MARK: - Happy paths

    @Test("test deploy: checks, then exactly these docker commands in this order")
    func testHappyPath() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(
            sandbox.dockerLog == Self.preflight("test", sandbox: sandbox) + [
                Self.running("homeiq"),
                Self.running("homeiq-test"),
                "\(Self.test) \(Self.up)",
                "\(Self.test) \(Self.psFormat)",
            ] + Self.derive)
        #expect(result.stdout.contains("HomeIQ deployment: TEST"))
        #expect(result.stdout.contains("project       homeiq-test"))
        #expect(result.stdout.contains("production is not running"))
        // The health table: one row per service of the test file.
        #expect(result.stdout.range(of: #"influxdb\s+running\s+healthy"#, options: .regularExpression) != nil)
        #expect(result.stdout.range(of: #"home-assistant-test\s+running\s+healthy"#, options: .regularExpression) != nil)
        #expect(sandbox.generatorLog == ["--check"])
        #expect(sandbox.exists("data/test"))
        #expect(sandbox.read("data/.deployed-mode") == "test\n")
    }

    @Test("production deploy with every secret in the environment: the secrets reach docker, not the log")
    func productionFromEnvironment() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let secrets = sandbox.productionSecrets
        #expect(secrets.count >= 5 && secrets.keys.contains("INFLUXDB_TOKEN"))
        let result = try sandbox.run(
            "deploy.sh", ["prod", "--timeout", "120"],
            environment: secrets.merging([
                "FAKE_DOCKER_ENV_LOG": sandbox.path("docker-env.log"),
                "FAKE_DOCKER_RECORD_ENV": secrets.keys.sorted().joined(separator: " "),
            ]) { old, _ in old })
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(
            sandbox.dockerLog == Self.preflight("production", sandbox: sandbox) + [
                Self.running("homeiq-test"),
                Self.running("homeiq"),
                "\(Self.production) up -d --wait --wait-timeout 120 --remove-orphans",
                "\(Self.production) \(Self.psFormat)",
            ] + Self.derive)
        let upEnvironment = try #require(sandbox.lines(of: "docker-env.log").first { $0.hasPrefix("up ") })
        for name in secrets.keys { #expect(upEnvironment.contains("\(name)=set"), "\(name) did not reach docker compose up") }
        for value in secrets.values {
            #expect(!result.stdout.contains(value) && !result.stderr.contains(value), "a secret value was printed")
        }
        #expect(result.stdout.contains("\(secrets.count) required secret(s) set: \(secrets.count) from the environment"))
        #expect(sandbox.exists("data/production"))
    }

    @Test("production reads the untracked, private secrets file as data: no code runs, unknown keys are ignored")
    func productionFromSecretsFile() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let secrets = sandbox.productionSecrets
        var lines = secrets.keys.sorted().filter { $0 != "HA_TOKEN" }.map { "\($0)=\(secrets[$0]!)" }
        lines += ["# a comment", "", "export HA_TOKEN='$(touch pwned)'", "PATH=/nowhere"]
        try sandbox.write(lines.joined(separator: "\n") + "\n", to: "infrastructure/secrets.production.env", mode: 0o600)
        let result = try sandbox.run(
            "deploy.sh", ["production"],
            environment: [
                "FAKE_DOCKER_ENV_LOG": sandbox.path("docker-env.log"),
                "FAKE_DOCKER_RECORD_ENV": "HA_TOKEN INFLUXDB_TOKEN",
            ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!sandbox.exists("pwned"), "a value of the secrets file was executed")
        #expect(result.stderr.contains("PATH is not used by this deployment: ignored"))
        #expect(sandbox.lines(of: "docker-env.log").contains("up HA_TOKEN=set INFLUXDB_TOKEN=set"))
        #expect(Array(sandbox.dockerLog.suffix(3)) == ["\(Self.production) \(Self.psFormat)"] + Self.derive)
    }

    // MARK: - Mutual exclusion and rollback

    @Test("the other mode is stopped before the deployment starts, and remembered")
    func otherModeStoppedFirst() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        // Production's secrets are at hand: a failed test deploy could restart it.
        let result = try sandbox.run(
            "deploy.sh", ["test"], environment: sandbox.productionSecrets.merging(["FAKE_DOCKER_RUNNING": "homeiq"]) { _, new in new })
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(
            sandbox.dockerLog == Self.preflight("test", sandbox: sandbox) + [
                Self.running("homeiq"),
                Self.running("homeiq-test"),
                Self.productionDown,
                Self.running("homeiq", all: true),
                "\(Self.test) \(Self.up)",
                "\(Self.test) \(Self.psFormat)",
            ] + Self.derive)
        #expect(result.stdout.contains("production is running: stopping it first (nuc-8gb: one mode at a time"))
        #expect(sandbox.read("data/.deployed-mode") == "test\n")
    }

    @Test("a failed up --wait rolls back: the failed stack goes down, the previous mode is restarted, exit 3")
    func rollback() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run(
            "deploy.sh", ["test"],
            environment: sandbox.productionSecrets.merging([
                "FAKE_DOCKER_RUNNING": "homeiq", "FAKE_DOCKER_FAIL_ON": "homeiq-test:up",
            ]) { _, new in new })
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(
            sandbox.dockerLog == Self.preflight("test", sandbox: sandbox) + [
                Self.running("homeiq"),
                Self.running("homeiq-test"),
                Self.productionDown,
                Self.running("homeiq", all: true),
                "\(Self.test) \(Self.up)",
                "\(Self.test) \(Self.psFormat)",
                Self.testDown,
                Self.running("homeiq-test", all: true),
                "\(Self.production) up -d --wait --wait-timeout 300",
                "\(Self.production) \(Self.psFormat)",
            ] + Self.derive)
        #expect(result.stderr.contains("the test deployment failed and was rolled back"))
        #expect(result.stdout.contains("production is running again"))
        #expect(sandbox.read("data/.deployed-mode") == "production\n")
    }

    @Test("up --wait exits 0 but a service is still starting (Compose's --wait-timeout race): rolled back, exit 3")
    func upExitsZeroWhileStarting() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run(
            "deploy.sh", ["test", "--timeout", "25"],
            environment: sandbox.productionSecrets.merging([
                "FAKE_DOCKER_RUNNING": "homeiq", "FAKE_DOCKER_HEALTH": "home-assistant-test=starting",
            ]) { _, new in new })
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(
            result.stderr.contains(
                "docker compose up exited 0 for test, but after its 25s wait these services are not running and healthy: home-assistant-test(running/starting)"
            ), "\(result.stderr)")
        #expect(sandbox.dockerLog.contains(Self.testDown))
        #expect(result.stdout.contains("production is running again"))
        #expect(sandbox.read("data/.deployed-mode") == "production\n")
    }

    @Test("the restarted previous mode exits 0 but is not healthy: it is brought down, exit 4")
    func rollbackRestartNotHealthy() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run(
            "deploy.sh", ["test"],
            environment: sandbox.productionSecrets.merging([
                "FAKE_DOCKER_RUNNING": "homeiq", "FAKE_DOCKER_FAIL_ON": "homeiq-test:up", "FAKE_DOCKER_HEALTH": "weather-api=unhealthy",
            ]) { _, new in new })
        #expect(result.status == 4, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("these services are not running and healthy: weather-api(running/unhealthy)"), "\(result.stderr)")
        #expect(result.stderr.contains("could not restart production"))
        #expect(sandbox.dockerLog.suffix(6).first == Self.productionDown)
        #expect(sandbox.read("data/.deployed-mode") == "none\n")
    }

    @Test("when the previous mode cannot be restarted either, exit 4")
    func rollbackFails() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run(
            "deploy.sh", ["test"],
            environment: sandbox.productionSecrets.merging([
                "FAKE_DOCKER_RUNNING": "homeiq", "FAKE_DOCKER_FAIL_ON": "homeiq-test:up homeiq:up",
            ]) { _, new in new })
        #expect(result.status == 4, "\(result.stdout)\n\(result.stderr)")
        // The half-started production goes down too, and the state is told as it is.
        #expect(
            Array(sandbox.dockerLog.suffix(7)) == [
                "\(Self.production) up -d --wait --wait-timeout 300", Self.productionDown, Self.running("homeiq", all: true),
            ] + Self.derive + [
                "ps --filter label=com.docker.compose.project=homeiq-test --format {{.Names}} ({{.Status}})",
                "ps --filter label=com.docker.compose.project=homeiq --format {{.Names}} ({{.Status}})",
            ])
        #expect(result.stderr.contains("could not restart production"))
        #expect(result.stdout.contains("test (homeiq-test): nothing runs"))
        #expect(result.stdout.contains("production (homeiq): nothing runs"))
        #expect(sandbox.read("data/.deployed-mode") == "none\n")
    }

    @Test("production runs but its secrets are missing: refused before anything is stopped (it could not be restarted)")
    func otherModeSecretsMissing() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test"], environment: ["FAKE_DOCKER_RUNNING": "homeiq"])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("production runs, and should this deploy fail it could not be restarted: its secret(s)"))
        #expect(result.stderr.contains("INFLUXDB_TOKEN"))
        #expect(!sandbox.dockerLog.contains { $0.contains(" down") || $0.contains(" up ") })
    }

    @Test("a missing image with --pull never is refused before anything is stopped")
    func missingImageRefused() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run(
            "deploy.sh", ["test", "--pull", "never"],
            environment: sandbox.productionSecrets.merging([
                "FAKE_DOCKER_RUNNING": "homeiq", "FAKE_DOCKER_FAIL_ON": "image",
            ]) { _, new in new })
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("image(s) not present and --pull never: ghcr.io/home-assistant/home-assistant:2025.1.4"))
        #expect(!sandbox.dockerLog.contains { $0.contains(" down") || $0.contains(" up ") })
    }

    @Test("a failure with nothing running before: the failed stack goes down, nothing is restarted, exit 3")
    func failureWithNothingBefore() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test"], environment: ["FAKE_DOCKER_FAIL_ON": "homeiq-test:up"])
        #expect(result.status == 3)
        #expect(
            Array(sandbox.dockerLog.suffix(6)) == [
                "\(Self.test) \(Self.up)", "\(Self.test) \(Self.psFormat)", Self.testDown, Self.running("homeiq-test", all: true),
            ] + Self.derive)
        #expect(!sandbox.dockerLog.contains { $0.hasPrefix(Self.production) && $0.hasSuffix(" up -d --wait --wait-timeout 300") })
    }

    @Test("side by side is refused on the 8 GB profile, before any docker command")
    func sideBySideRefusedOn8GB() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test", "--allow-side-by-side"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--allow-side-by-side needs the 16 GB NUC profile"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("side by side on the 16 GB profile leaves the other mode alone")
    func sideBySideOn16GB() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        for file in ["generated/docker-compose.test.yml", "generated/docker-compose.prod.yml"] {
            // The profile lives in the digested body (x-homeiq): regenerate the file as homeiq-gen would.
            try sandbox.regenerate(file, replacing: "  hardware: nuc-8gb", with: "  hardware: nuc-16gb")
        }
        let result = try sandbox.run("deploy.sh", ["test", "--allow-side-by-side"], environment: ["FAKE_DOCKER_RUNNING": "homeiq"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!sandbox.dockerLog.contains { $0.hasPrefix(Self.production) && $0 != "\(Self.production) config --quiet" })
        #expect(sandbox.dockerLog.contains("\(Self.test) \(Self.up)"))
    }

    @Test("editing the header's hardware line does not unlock side by side: the digest covers the header")
    func headerEditDoesNotUnlockSideBySide() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        for file in ["generated/docker-compose.test.yml", "generated/docker-compose.prod.yml"] {
            try sandbox.edit(file, replacing: "hardware nuc-8gb", with: "hardware nuc-16gb")
        }
        let result = try sandbox.run("deploy.sh", ["test", "--allow-side-by-side"], environment: ["FAKE_DOCKER_RUNNING": "homeiq"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("generated/docker-compose.test.yml: edited by hand"))
        #expect(sandbox.dockerLog.isEmpty || !sandbox.dockerLog.contains { $0.contains(" up ") })
    }

    // MARK: - Refusals: nothing runs

    @Test("production is refused while a required secret is missing, naming it and its services; nothing runs")
    func missingSecret() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        var secrets = sandbox.productionSecrets
        secrets["INFLUXDB_TOKEN"] = nil
        secrets["WEATHER_API_KEY"] = ""
        let result = try sandbox.run("deploy.sh", ["production"], environment: secrets)
        #expect(result.status == 1)
        #expect(sandbox.dockerLog.isEmpty)
        #expect(result.stderr.contains("production secret INFLUXDB_TOKEN is not set (needed by: admin-api,"))
        #expect(result.stderr.contains("production secret WEATHER_API_KEY is not set (needed by: weather-api)"))
        #expect(result.stderr.contains("2 of \(sandbox.productionSecrets.count) required secret(s) missing"))
        #expect(!sandbox.exists("data/production"))
    }

    @Test("production is refused when git tracks the secrets file; nothing runs")
    func trackedSecretsFile() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let secrets = sandbox.productionSecrets
        try sandbox.write(
            secrets.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n",
            to: "infrastructure/secrets.production.env", mode: 0o600)
        #expect(try sandbox.git(["init", "-q"]).status == 0)
        #expect(try sandbox.git(["add", "infrastructure/secrets.production.env"]).status == 0)
        let result = try sandbox.run("deploy.sh", ["production"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("infrastructure/secrets.production.env: tracked by git"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("production is refused when group or others may read the secrets file; nothing runs", arguments: [0o644, 0o640, 0o604])
    func readableSecretsFile(mode: Int) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let secrets = sandbox.productionSecrets
        try sandbox.write(
            secrets.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n",
            to: "infrastructure/secrets.production.env", mode: mode)
        let result = try sandbox.run("deploy.sh", ["production"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("readable by group or others (mode \(String(mode, radix: 8)))"))
        #expect(result.stderr.contains("chmod 600"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test(
        "a hand-edited generated file is refused, naming it; nothing runs",
        arguments: [
            ("production", "generated/docker-compose.prod.yml"), ("production", "generated/env.production"),
            ("test", "generated/docker-compose.test.yml"), ("test", "generated/env.production"),
        ])
    func handEdit(mode: String, file: String) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try sandbox.edit(file, replacing: "DEPLOYMENT_MODE", with: "DEPLOYMENT_MODE_EDITED")
        let result = try sandbox.run("deploy.sh", [mode], environment: sandbox.productionSecrets)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file): edited by hand"))
        #expect(result.stderr.contains("Nothing was changed"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("stale generated files (homeiq-gen --check exits 1) are refused; nothing runs")
    func staleGeneratedFiles() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test"], environment: ["STUB_GEN_STATUS": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("generated/ is stale"))
        #expect(sandbox.generatorLog == ["--check"])
        #expect(sandbox.dockerLog.isEmpty)
        let skipped = try sandbox.run("deploy.sh", ["test", "--skip-generator-check"], environment: ["STUB_GEN_STATUS": "1"])
        #expect(skipped.status == 0)
        #expect(sandbox.generatorLog == ["--check"])
    }

    @Test("a long homeiq-gen --check report is cut to its first 60 lines, and deploy.sh still exits 1 with its message")
    func longStaleReport() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        // 20,000 lines (about 480 KB): far more than a pipe holds, so a reader that stops early breaks the writer's pipe.
        let result = try sandbox.run("deploy.sh", ["test"], environment: ["STUB_GEN_STATUS": "1", "STUB_GEN_LINES": "20000"])
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(300))")
        #expect(result.stderr.contains("stub output line 60\n"))
        #expect(!result.stderr.contains("stub output line 61\n"))
        #expect(result.stderr.contains("generated/ is stale"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("a docker without the compose plugin is refused after asking for its version only")
    func noComposePlugin() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test"], environment: ["FAKE_DOCKER_NO_COMPOSE": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the Docker Compose v2 plugin) is not available"))
        #expect(sandbox.dockerLog == ["compose version --short"])
    }

    @Test("when docker cannot say what runs, nothing is stopped or started")
    func dockerUnreachable() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test"], environment: ["FAKE_DOCKER_FAIL_ON": "ps"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot ask docker whether production is running"))
        #expect(!sandbox.dockerLog.contains { $0.contains(" down") || $0.contains(" up ") })
    }

    @Test("validation failures stop the deployment before docker runs")
    func validationFailure() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try FileManager.default.removeItem(atPath: sandbox.path("infrastructure/influxdb/init-influxdb.sh"))
        let result = try sandbox.run("deploy.sh", ["test"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("service influxdb: volumes: bind mount source ../infrastructure/influxdb/init-influxdb.sh"))
        #expect(result.stderr.contains("validation failed"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    // MARK: - Dry run and usage

    @Test("--dry-run prints exactly the commands it would run and runs none, from any folder")
    func dryRun() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["test", "--dry-run"], currentDirectory: URL(fileURLWithPath: "/"))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(sandbox.dockerLog.isEmpty)
        #expect(!sandbox.exists("docker.log"))
        #expect(!sandbox.exists("data"))
        let docker = sandbox.docker
        let test = "\(docker) compose -p homeiq-test -f generated/docker-compose.test.yml --env-file generated/env.test"
        let production = "\(docker) compose -p homeiq -f generated/docker-compose.prod.yml --env-file generated/env.production"
        let printed = result.stdout.split(separator: "\n").filter { $0.hasPrefix("+ ") }.map { String($0.dropFirst(2)) }
        let images = Self.preflight("test", sandbox: sandbox).last!.replacingOccurrences(of: "{{.Id}}", with: "'{{.Id}}'")
        #expect(
            printed == [
                "\(docker) compose version --short",
                "\(test) config --quiet",
                "\(production) config --quiet",
                "\(docker) \(images)",
                "\(docker) ps -q --filter label=com.docker.compose.project=homeiq",
                "\(docker) ps -q --filter label=com.docker.compose.project=homeiq-test",
                "mkdir -p data/test",
                "\(production) down --remove-orphans  # only if production is running",
                "\(test) up -d --wait --wait-timeout 300 --remove-orphans",
                "\(test) ps -a --format '{{.Service}} {{.State}} {{.ExitCode}} {{.Health}}'",
            ])
    }

    @Test("--dry-run of production still refuses a missing secret")
    func dryRunStillChecks() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["prod", "--dry-run"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("required secret(s) missing"))
        #expect(!result.stdout.contains("+ "))
    }

    @Test(
        "usage errors exit 2; --help documents modes, DOCKER and the exit codes",
        arguments: [[], ["staging"], ["test", "production"], ["test", "--timeout", "soon"], ["--frobnicate", "test"]])
    func usage(arguments: [String]) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("--help")
    func help() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.run("deploy.sh", ["--help"])
        #expect(result.status == 0)
        for text in [
            "test|production|prod", "--dry-run", "DOCKER", "Exit status:", "3  the deployment failed and was rolled back",
            "infrastructure/secrets.production.env",
        ] {
            #expect(result.stdout.contains(text), "--help lacks \(text)")
        }
    }
}
