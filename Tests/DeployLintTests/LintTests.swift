import DeployCompiler
import DeployLint
import DeployModel
import DeployRead
import Foundation
import GenCLI
import TestSupport
import Testing

/// `homeiq-gen lint` on a hand-written HomeIQ-style compose file with profiles: every historic mistake, at its YAML line.
@Suite("lint")
struct LintTests {
    static var fixtures: URL { PackageRoot.url().appendingPathComponent("Tests/DeployLintTests/Fixtures") }

    func run(_ arguments: [String]) -> CommandLineTool.Result {
        let tool = CommandLineTool(
            stack: Stack(name: "unused", elements: [], location: DeployModel.SourceLocation.unknown), currentDirectory: Self.fixtures.path)
        return tool.run(arguments)
    }

    /// (rule, line) of every error lint reports on `homeiq-profiles.yml`.
    func errors(_ output: String) -> Set<String> {
        Set(
            output.split(separator: "\n").compactMap { line -> String? in
                guard line.contains(": error: ["), let open = line.range(of: "["), let close = line.range(of: "]") else { return nil }
                let parts = line.split(separator: ":")
                return "\(line[open.upperBound..<close.lowerBound])@\(parts[1])"
            })
    }

    @Test func findsEveryHistoricMistakeAtItsYAMLLine() {
        let result = run(["lint", "homeiq-profiles.yml"])
        #expect(result.exitCode == 1)
        let found = errors(result.standardError)
        let expected: Set<String> = [
            // port clashes: within test, and between the modes
            "ports.unique@71", "isolation.port@71", "isolation.port@14", "isolation.port@32",
            // a test-mode depends_on on a production-only service
            "graph.depends-on@77",
            // a service with no limits; missing CPU limits
            "resources.limits@65", "resources.limits@45",
            // memory limits over the NUC
            "resources.budget@0",
            // secret defaults
            "secrets.reference-default@16", "secrets.production-literal@16", "secrets.production-literal@55",
            // a duplicated key (deploy: twice): the key, and the second Limits it declares
            "declarations.duplicate@42", "declarations.duplicate@45",
            // test services on the production network, one volume for both
            "isolation.network@96", "isolation.volume@93",
            // DEPLOYMENT_MODE typed as production in a service that also runs in test
            "mode.deployment-mode@17", "mode.deployment-mode@35",
            // no health checks
            "health.check@11", "health.check@29", "health.check@47", "health.check@65", "health.check@79",
            // no reservations: the CPU budget would count these services as zero (rule resources.declared)
            "resources.declared@11", "resources.declared@29", "resources.declared@47", "resources.declared@65", "resources.declared@79",
        ]
        #expect(
            found.subtracting(["resources.budget@0"]).subtracting(found.filter { $0.hasPrefix("resources.budget@") })
                == expected.subtracting(["resources.budget@0"]),
            "\(result.standardError)")
        #expect(found.contains { $0.hasPrefix("resources.budget@") }, "the 6G + 512M + 256M of production exceed the 8 GB NUC's 6 GiB")
        #expect(result.standardError.contains("homeiq-profiles.yml:77:9: error: [graph.depends-on]"))
    }

    @Test func rolesAreGuessedAndListed() {
        let result = run(["lint", "homeiq-profiles.yml"])
        for service in ["influxdb", "websocket-ingestion", "synthetic-generator"] {
            #expect(result.standardError.contains("[lint.role] service '\(service)'"), "\(service)")
        }
        #expect(!result.standardError.contains("[lint.role] service 'weather-api'"), "labelled roles are not guesses")
    }

    @Test func malformedFilesExitTwoWithALocatedError() throws {
        let directory = PackageRoot.url().appendingPathComponent("Tests/DeployReadTests/Fixtures/malformed")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(files.count >= 20)
        for file in files where file != "duplicate-key.yml" {
            let tool = CommandLineTool(
                stack: Stack(name: "unused", elements: [], location: DeployModel.SourceLocation.unknown), currentDirectory: directory.path)
            let result = tool.run(["lint", file])
            #expect(result.exitCode == 2, "\(file): \(result.standardError)")
            #expect(result.standardError.hasPrefix("\(file):"), "\(file): \(result.standardError)")
        }
    }

    @Test func missingFileIsAUsageError() {
        #expect(run(["lint", "no-such-file.yml"]).exitCode == 2)
        #expect(run(["lint"]).exitCode == 2)
    }

    @Test func interpolationIsParsedIntoTheDSLsValueForms() {
        #expect(Interpolation.value("${X}") == .variable("X", default: nil))
        #expect(Interpolation.value("${X:-d}") == .variable("X", default: "d"))
        #expect(Interpolation.value("${X-d}") == .variable("X", default: "d"))
        #expect(Interpolation.value("${X:?set X}") == .secret("X", message: "set X"))
        #expect(Interpolation.value("${X?e}") == .secret("X", message: "e"))
        #expect(Interpolation.value("${X:+v}") == .variable("X", default: nil))
        #expect(Interpolation.value("${X:-${Y:-z}}") == .variable("X", default: "${Y:-z}"))
        #expect(Interpolation.value("a$$b") == .literal("a$b"))
        #expect(Interpolation.value("http://${HOST}:80") == .joined([.literal("http://"), .variable("HOST", default: nil), .literal(":80")]))
    }

    @Test func findingsInAnOverrideFileNameThatFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-override-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "services:\n  app:\n    image: ghcr.io/homeiq/app:1.0.0\n".write(
            to: folder.appendingPathComponent("base.yml"), atomically: true, encoding: .utf8)
        try "# an override\nservices:\n  app:\n    environment:\n      API_TOKEN: ${API_TOKEN:-hunter2-default}\n".write(
            to: folder.appendingPathComponent("override.yml"), atomically: true, encoding: .utf8)
        let tool = CommandLineTool(
            stack: Stack(name: "unused", elements: [], location: DeployModel.SourceLocation.unknown), currentDirectory: folder.path)
        let result = tool.run(["lint", "base.yml", "override.yml"])
        let secretFindings = result.standardError.split(separator: "\n").filter { $0.contains("error: [secrets.") }.map { $0.prefix { $0 != " " } }
        #expect(!secretFindings.isEmpty, "\(result.standardError)")
        #expect(secretFindings.allSatisfy { $0 == "override.yml:5:7:" }, "\(result.standardError)")
        #expect(result.standardError.contains("base.yml:2:3: error: [health.check]"), "\(result.standardError)")
    }

    @Test func overrideFilesMergeAsComposeDoes() throws {
        let base = try #require(try YAML.read("services:\n  a:\n    ports: ['1:1']\n    environment: {A: 1}\n"))
        let override = try #require(try YAML.read("services:\n  a:\n    ports: !override ['2:2']\n    environment: !reset {}\n    image: x\n"))
        let merged = ComposeMerge.merge(base, override)
        #expect(merged["services"]?["a"]?["ports"]?.items?.map(\.scalar) == ["2:2"])
        #expect(merged["services"]?["a"]?["environment"] == nil)
        #expect(merged["services"]?["a"]?["image"]?.scalar == "x")
        let appended = ComposeMerge.merge(base, try #require(try YAML.read("services:\n  a:\n    ports: ['3:3']\n")))
        #expect(appended["services"]?["a"]?["ports"]?.items?.map(\.scalar) == ["1:1", "3:3"])
    }
}

/// `lint --env-file` and `import --env-file`: the env file's entries judged and written as `EnvFileEntry`.
@Suite("lint and import: --env-file")
struct EnvFileOptionTests {
    func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-envfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    func tool(_ folder: URL) -> CommandLineTool {
        CommandLineTool(stack: Stack(name: "unused", elements: [], location: DeployModel.SourceLocation.unknown), currentDirectory: folder.path)
    }

    static let compose = """
        services:
          app:
            image: ghcr.io/homeiq/app:1.0.0
            environment:
              TOKEN: ${INFLUXDB_TOKEN:?set it}
        """

    @Test func readsEntriesAsComposeDoes() {
        let entries = EnvFileEntries.read("# c\n\nexport A=1\nB='x $y'\nC=\"a\\nb\"\nD=plain # note\nE=${F:-g}\nnot a line\n")
        #expect(entries.map(\.key) == ["A", "B", "C", "D", "E"])
        #expect(entries.map(\.value) == [.literal("1"), .literal("x $y"), .literal("a\nb"), .literal("plain"), .variable("F", default: "g")])
        #expect(entries.map(\.line) == [3, 4, 5, 6, 7])
    }

    @Test func lintJudgesEachModesEnvFileAtItsLine() throws {
        let folder = try folder([
            "docker-compose.yml": Self.compose,
            "env.test": "TZ=UTC\nINFLUXDB_TOKEN=test-token\n",
            "env.prod": "TZ=UTC\nINFLUXDB_TOKEN=hunter2-literal\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = tool(folder).run(["lint", "docker-compose.yml", "--env-file", "test=env.test,production=env.prod"])
        let envFindings = result.standardError.split(separator: "\n").filter { $0.hasPrefix("env.") && $0.contains(": error: [") }
        #expect(
            envFindings.map { String($0.prefix { $0 != "]" }) + "]" } == ["env.prod:2:1: error: [secrets.production-literal]"],
            "\(result.standardError)")
        #expect(!result.standardError.contains("hunter2"), "a secret is never echoed")
        // Without --env-file the same compose file has no env-file finding.
        let plain = tool(folder).run(["lint", "docker-compose.yml"])
        #expect(!plain.standardError.contains("env.prod"))
        let bad = tool(folder).run(["lint", "docker-compose.yml", "--env-file", "test=env.test"])
        #expect(bad.exitCode == 2)
        #expect(tool(folder).run(["lint", "docker-compose.yml", "--env-file", "missing.env"]).exitCode == 2)
    }

    @Test func importWritesTheEntriesWithTheirOrigin() throws {
        let folder = try folder(["docker-compose.yml": Self.compose, ".env": "TZ=Europe/Berlin\nLOG_LEVEL='debug $x'\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = tool(folder).run(["import", "docker-compose.yml", "--env-file", ".env"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let platform = try String(contentsOf: folder.appendingPathComponent("Deployments/Platform.swift"), encoding: .utf8)
        #expect(platform.contains("            EnvFileEntry(\"TZ\", \"Europe/Berlin\")  // .env:1\n"), "\(platform)")
        #expect(platform.contains("            EnvFileEntry(\"LOG_LEVEL\", \"debug $x\")  // .env:2\n"), "\(platform)")
    }
}
