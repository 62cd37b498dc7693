import DeployCompiler
import DeployModel
import DeployRender
import HomeIQDeployments
import Testing

@Suite("docs/ENVIRONMENT.md")
struct EnvironmentDocumentTests {
    private func document(_ stack: Stack) -> String {
        let both = ModeResolver().resolveAll(stack)
        return EnvironmentDocument(both).markdown
    }

    /// The table row that starts with the cell `` `name` `` (nil when there is none, or more than one).
    private func row(_ name: String, in markdown: String, section: String) -> String? {
        guard let start = markdown.range(of: "## \(section)\n") else { return nil }
        let rest = markdown[start.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        let rows = body.split(separator: "\n").filter { $0.hasPrefix("| `\(name)` |") }
        return rows.count == 1 ? String(rows[0]) : nil
    }

    private let small = Stack("demo") {
        Defaults { Env("DEPLOYMENT_MODE", .deploymentMode) }
        EnvFileEntry("FEATURE", test: "off", production: "on")
        CoreService("api") {
            Env("API_TOKEN", test: "test-token", production: .secret("API_TOKEN"))
            Env("TZ", .variable("TZ", default: "UTC"))
            Env("PIPE", "a|b")
        }
        CoreService("worker") {
            Env("LEVEL", test: "debug", production: "info")
            Env("TZ", .variable("TZ", default: "UTC"))
        }
        ExternalAPIService("weather") {
            Env("WEATHER_API_KEY", .secret("WEATHER_API_KEY"))
            Env("LEVEL", "warn")
        }
    }

    @Test("services: role and published ports per mode, a dash where the service does not run")
    func serviceRows() throws {
        let stack = Stack("demo") {
            CoreService("api") { Port(8006) }
            ExternalAPIService("weather") { Port(8009) }
            TestFixture("home-assistant-test") { Port(8124, container: 8123) }
            CoreService("worker") {}
        }
        let markdown = document(stack)
        let section = try #require(markdown.components(separatedBy: "## Services\n").last?.components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| service") && !$0.hasPrefix("| ---") }
        #expect(
            rows == [
                "| api | core | `127.0.0.1:18006:8006` | `127.0.0.1:8006:8006` |",
                "| home-assistant-test | test-fixture | `127.0.0.1:8124:8123` | — |",
                "| weather | external-api | — | `127.0.0.1:8009:8009` |",
                "| worker | core | runs, no published port | runs, no published port |",
            ])
    }

    @Test("env-file keys: one row each, the value of each mode")
    func envFileRows() {
        let markdown = document(small)
        #expect(row("FEATURE", in: markdown, section: "Env files") == "| `FEATURE` | `off` | `on` |")
        #expect(row("DEPLOYMENT_MODE", in: markdown, section: "Env files") == "| `DEPLOYMENT_MODE` | `test` | `production` |")
    }

    @Test("deploy-time variables: required secrets and optional variables, and who uses them")
    func deployTimeRows() {
        let markdown = document(small)
        #expect(
            row("API_TOKEN", in: markdown, section: "Deploy-time variables")
                == "| `API_TOKEN` | — | required secret | — | api |")
        #expect(
            row("WEATHER_API_KEY", in: markdown, section: "Deploy-time variables")
                == "| `WEATHER_API_KEY` | — | required secret | — | weather |")
        #expect(
            row("TZ", in: markdown, section: "Deploy-time variables")
                == "| `TZ` | optional, default `UTC` | optional, default `UTC` | all 2 services | api, worker |")
    }

    @Test("service environments: values per mode, several values name their services, all services collapse")
    func serviceEnvironmentRows() {
        let markdown = document(small)
        #expect(
            row("API_TOKEN", in: markdown, section: "Service environments")
                == "| `API_TOKEN` | `test-token` | `${API_TOKEN}` | api | api |")
        #expect(
            row("LEVEL", in: markdown, section: "Service environments")
                == "| `LEVEL` | `debug` | `info` (worker)<br>`warn` (weather) | worker | weather, worker |")
        #expect(
            row("DEPLOYMENT_MODE", in: markdown, section: "Service environments")
                == "| `DEPLOYMENT_MODE` | `test` | `production` | all 2 services | all 3 services |")
        #expect(row("PIPE", in: markdown, section: "Service environments") == "| `PIPE` | `a\\|b` | `a\\|b` | api | api |")
    }

    @Test("service environments: a declaration that services share (a loop) counts for each of them, whichever value came first")
    func sharedDeclarationRows() {
        let stack = Stack("demo") {
            CoreService("a") { Env("LEVEL", "debug") }
            for name in ["b", "c", "d"] {
                CoreService(name) {
                    Env("LEVEL", "info")
                    Env("NAME", .literal(name))
                }
            }
            CoreService("e") { Env("LEVEL", "debug") }
        }
        let markdown = document(stack)
        #expect(
            row("LEVEL", in: markdown, section: "Service environments")
                == "| `LEVEL` | `debug` (a, e)<br>`info` (b, c, d) | `debug` (a, e)<br>`info` (b, c, d) | all 5 services | all 5 services |")
        #expect(
            row("NAME", in: markdown, section: "Service environments")
                == "| `NAME` | `b` (b)<br>`c` (c)<br>`d` (d) | `b` (b)<br>`c` (c)<br>`d` (d) | b, c, d | b, c, d |")
    }

    @Test("a secret appears as a reference, never with its message or a value")
    func secretsAreReferences() {
        let stack = Stack("demo") {
            CoreService("api") { Env("DB_PASSWORD", .secret("DB_PASSWORD", message: "put the database password here")) }
        }
        let markdown = document(stack)
        #expect(markdown.contains("`${DB_PASSWORD}`"))
        #expect(!markdown.contains("put the database password here"))
        #expect(!markdown.contains("${DB_PASSWORD:?"))
    }

    @Test("rows are sorted and the text is the same on every run")
    func deterministic() {
        let markdown = document(small)
        #expect(markdown == document(small))
        let serviceRows = markdown.components(separatedBy: "## Service environments")[1]
            .split(separator: "\n").filter { $0.hasPrefix("| `") }.map { $0.split(separator: "`")[1] }
        #expect(serviceRows == serviceRows.sorted())
        #expect(serviceRows == ["API_TOKEN", "DEPLOYMENT_MODE", "LEVEL", "PIPE", "TZ", "WEATHER_API_KEY"])
    }

    @Test("HomeIQ: every env-file key and every production secret is documented")
    func homeIQCoverage() {
        let both = ModeResolver().resolveAll(HomeIQ.stack)
        let markdown = EnvironmentDocument(both).markdown
        for key in Set(both.flatMap { $0.envFile.map(\.key) }) {
            #expect(row(key, in: markdown, section: "Env files") != nil, "env-file key \(key) missing")
        }
        let secrets = Set(both.production.services.flatMap { $0.environment.flatMap(\.value.secretNames) })
        #expect(secrets.contains("INFLUXDB_TOKEN"))
        for secret in secrets {
            #expect(
                row(secret, in: markdown, section: "Deploy-time variables")?.contains("| required secret |") == true,
                "secret \(secret) not documented as required")
        }
        #expect(
            row("DEPLOYMENT_MODE", in: markdown, section: "Service environments")?
                .hasPrefix("| `DEPLOYMENT_MODE` | `test` | `production` | all ") == true)
    }

    @Test("the compiler writes docs/ENVIRONMENT.md with an HTML-comment header whose digest verifies")
    func compilerWritesIt() throws {
        let compilation = Compiler().compile(HomeIQ.stack)
        let file = try #require(compilation.files.first { $0.path == "docs/ENVIRONMENT.md" })
        #expect(file.contents.hasPrefix("<!-- Generated by homeiq-gen."))
        #expect(GeneratedFileHeader.verify(file.contents) == .intact)
        #expect(file.contents.contains("# Environment variables"))
    }
}
