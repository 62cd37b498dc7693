import Foundation
import TestSupport
import Testing

/// The infrastructure files: the InfluxDB init hook, the test Home Assistant and its token script,
/// and the secrets example.
@Suite("infrastructure")
struct InfrastructureTests {
    // MARK: - infrastructure/influxdb/init-influxdb.sh

    /// A stand-in for the `influx` CLI: logs its arguments; `org list` succeeds when the org
    /// exists, `bucket list` prints a bucket row when the bucket exists.
    private static let fakeInflux = """
        #!/usr/bin/env bash
        printf '%s\\n' "$*" >>"$FAKE_INFLUX_LOG"
        case "$1 $2" in
            "org list") [ "${FAKE_ORG_EXISTS:-1}" = 1 ] || { echo 'Error: organization not found' >&2; exit 1; } ;;
            "bucket list")
                [ "${FAKE_BUCKET_EXISTS:-1}" = 1 ] || { echo 'Error: bucket not found' >&2; exit 1; }
                printf '0a1b2c3d4e5f\\t%s\\t168h0m0s\\tn/a\\torgid\\n' "$6" ;;
        esac
        """

    private func runInit(
        _ sandbox: ScriptSandbox, mode: String, bucket: String, org: String, token: String, retention: String,
        environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try sandbox.write(Self.fakeInflux, to: "stub/influx", mode: 0o755)
        let base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "INFLUX": sandbox.path("stub/influx"),
            "FAKE_INFLUX_LOG": sandbox.path("influx.log"),
            "DEPLOYMENT_MODE": mode,
            "DOCKER_INFLUXDB_INIT_ORG": org,
            "DOCKER_INFLUXDB_INIT_BUCKET": bucket,
            "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN": token,
            "DOCKER_INFLUXDB_INIT_RETENTION": retention,
        ]
        return try Run.process(
            URL(fileURLWithPath: sandbox.path("infrastructure/influxdb/init-influxdb.sh")), [],
            environment: base.merging(environment) { _, new in new })
    }

    @Test("init-influxdb: an existing test bucket gets the 7-day retention (idempotent)")
    func influxExistingBucket() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try runInit(
            sandbox, mode: "test", bucket: "home_assistant_events_test", org: "homeiq-test",
            token: "homeiq-test-token", retention: "7d")
        #expect(result.status == 0, "\(result.stderr)")
        let auth = "--host http://localhost:8086 --token homeiq-test-token"
        #expect(
            sandbox.lines(of: "influx.log") == [
                "org list --name homeiq-test --hide-headers \(auth)",
                "bucket list --org homeiq-test --name home_assistant_events_test --hide-headers \(auth)",
                "bucket update --id 0a1b2c3d4e5f --retention 7d \(auth)",
            ])
    }

    @Test("init-influxdb: a missing org and bucket are created with the production retention, on INFLUX_HOST")
    func influxMissingBucket() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try runInit(
            sandbox, mode: "production", bucket: "home_assistant_events", org: "homeiq",
            token: "secret-token", retention: "30d",
            environment: ["FAKE_ORG_EXISTS": "0", "FAKE_BUCKET_EXISTS": "0", "INFLUX_HOST": "http://localhost:9999"])
        #expect(result.status == 0, "\(result.stderr)")
        let log = sandbox.lines(of: "influx.log")
        let auth = "--host http://localhost:9999 --token secret-token"
        #expect(log.contains("org create --name homeiq \(auth)"))
        #expect(log.last == "bucket create --org homeiq --name home_assistant_events --retention 30d \(auth)")
        #expect(!result.stdout.contains("secret-token"), "the token was printed")
    }

    @Test(
        "init-influxdb: a test bucket in production, a production bucket in test, or a bad retention is refused",
        arguments: [
            ("production", "home_assistant_events_test", "30d"), ("test", "home_assistant_events", "7d"),
            ("test", "home_assistant_events_test", "a week"),
        ])
    func influxRefusals(mode: String, bucket: String, retention: String) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try runInit(sandbox, mode: mode, bucket: bucket, org: "o", token: "t", retention: retention)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("init-influxdb: error: "))
        #expect(sandbox.lines(of: "influx.log").isEmpty)
    }

    // MARK: - scripts/setup_ha_test.sh

    private func setupHA(_ sandbox: ScriptSandbox, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try sandbox.run(
            "setup_ha_test.sh", arguments,
            environment: [
                "CURL": sandbox.path("scripts/testing/fake-curl"),
                "FAKE_CURL_LOG": sandbox.path("curl.log"),
                "FAKE_DOCKER_EXEC_OUTPUT": "llat.header.signature\n",
            ].merging(environment) { _, new in new })
    }

    @Test("setup_ha_test: onboards a new instance and prints the token; the password never is an argument")
    func haOnboarding() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try setupHA(sandbox, environment: ["HA_TEST_PASSWORD": "p\"ass word"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("\nHA_TEST_TOKEN=llat.header.signature\n"))
        #expect(result.stdout.contains("infrastructure/secrets.test.env"))
        let log = sandbox.lines(of: "curl.log")
        #expect(
            log.contains(
                #"BODY {"client_id":"http://localhost:8124/","name":"HomeIQ Test","username":"homeiq","password":"p\"ass word","language":"en"}"#))
        #expect(log.contains("BODY grant_type=authorization_code&code=fake-auth-code&client_id=http://localhost:8124/"))
        #expect(!log.contains { $0.hasPrefix("ARGS") && ($0.contains("ass word") || $0.contains("fake-access-token")) })
        #expect(sandbox.dockerLog == ["exec -i -e HA_ACCESS_TOKEN -e HA_CLIENT_NAME -e HA_LIFESPAN homeiq-test-home-assistant-test python3 -"])
    }

    @Test("setup_ha_test: an onboarded instance needs HA_TEST_PASSWORD, then logs in through the login flow")
    func haLogin() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let refused = try setupHA(sandbox, environment: ["FAKE_CURL_ONBOARDED": "1"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already onboarded: set HA_TEST_PASSWORD"))
        let wrong = try setupHA(sandbox, environment: ["FAKE_CURL_ONBOARDED": "1", "HA_TEST_PASSWORD": "nope", "FAKE_CURL_PASSWORD": "right"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("login as 'homeiq' refused"))
        let result = try setupHA(
            sandbox, ["--username", "owner", "--write"],
            environment: ["FAKE_CURL_ONBOARDED": "1", "HA_TEST_PASSWORD": "right", "FAKE_CURL_PASSWORD": "right"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(sandbox.lines(of: "curl.log").contains(#"BODY {"client_id":"http://localhost:8124/","username":"owner","password":"right"}"#))
        #expect(sandbox.read("infrastructure/secrets.test.env") == "HA_TEST_TOKEN=llat.header.signature\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.path("infrastructure/secrets.test.env"))
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
    }

    @Test("setup_ha_test: --write replaces an earlier token and keeps the other lines")
    func haWriteReplaces() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try sandbox.write("OPENAI_API_KEY=sk-test\nHA_TEST_TOKEN=old\n", to: "infrastructure/secrets.test.env", mode: 0o600)
        let result = try setupHA(sandbox, ["--write"], environment: ["HA_TEST_PASSWORD": "x"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.read("infrastructure/secrets.test.env") == "OPENAI_API_KEY=sk-test\nHA_TEST_TOKEN=llat.header.signature\n")
    }

    @Test("setup_ha_test: an unreachable Home Assistant fails with a hint")
    func haUnreachable() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let result = try setupHA(sandbox, ["--timeout", "0"], environment: ["FAKE_CURL_DOWN": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no answer from http://localhost:8124/manifest.json: is the test deployment up?"))
        #expect(sandbox.dockerLog.isEmpty)
    }

    @Test("deploy.sh test passes the token from infrastructure/secrets.test.env to docker")
    func testSecretsFile() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        try sandbox.write("HA_TEST_TOKEN=llat.header.signature\n", to: "infrastructure/secrets.test.env", mode: 0o600)
        let result = try sandbox.run(
            "deploy.sh", ["test"],
            environment: [
                "FAKE_DOCKER_ENV_LOG": sandbox.path("docker-env.log"), "FAKE_DOCKER_RECORD_ENV": "HA_TEST_TOKEN",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.lines(of: "docker-env.log").contains("up HA_TEST_TOKEN=set"))
        #expect(!result.stderr.contains("HA_TEST_TOKEN is not set"))
    }

    // MARK: - Secrets example and test Home Assistant configuration

    @Test("the secrets example names exactly the required production secrets, without values")
    func secretsExample() throws {
        let root = ScriptSandbox.repository
        let example = try String(contentsOf: root.appendingPathComponent("infrastructure/secrets.production.env.example"), encoding: .utf8)
        let compose = try String(contentsOf: root.appendingPathComponent("generated/docker-compose.prod.yml"), encoding: .utf8)
        let assignments = example.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }
        #expect(assignments.allSatisfy { $0.hasSuffix("=") }, "the example holds a value")
        #expect(assignments.map { String($0.dropLast()) }.sorted() == ScriptSandbox.requiredSecrets(in: compose))
    }

    @Test(
        "the test Home Assistant configuration is YAML with the core settings, and the compose file mounts it",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python (PyYAML): run scripts/test.sh"))
    func homeAssistantConfiguration() throws {
        guard let python = Requirement.python() else { return }
        let root = ScriptSandbox.repository
        let result = try python.run(
            """
            import sys, yaml
            config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            assert isinstance(config, dict), "not a mapping"
            for key in ("homeassistant", "default_config", "recorder", "automation"):
                assert key in config, key
            assert config["homeassistant"]["time_zone"] == "UTC"
            print("ok")
            """, arguments: [root.appendingPathComponent("infrastructure/home-assistant-test/configuration.yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        let compose = try String(contentsOf: root.appendingPathComponent("generated/docker-compose.test.yml"), encoding: .utf8)
        #expect(compose.contains("- ../infrastructure/home-assistant-test/configuration.yaml:/config/configuration.yaml:ro"))
    }
}
