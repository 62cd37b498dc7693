import DeployCompiler
import DeployLint
import DeployModel
import Foundation
import GenCLI
import TestSupport
import Testing

/// `homeiq-gen import`: DSL source that reproduces compose files, mistakes included.
@Suite("import")
struct ImportTests {
    static let fixture = "homeiq-profiles.yml"

    /// A fresh empty folder.
    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func tool(in directory: URL) -> CommandLineTool {
        CommandLineTool(stack: Stack(name: "unused", elements: [], location: DeployModel.SourceLocation.unknown), currentDirectory: directory.path)
    }

    /// Imports `yaml` (written as `docker-compose.yml` in a new folder) into its `Deployments/`.
    func importing(_ yaml: String, extra: [String] = []) throws -> (result: CommandLineTool.Result, files: [String: String]) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try yaml.write(to: folder.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let result = tool(in: folder).run(["import", "docker-compose.yml", "--into", "Deployments"] + extra)
        var files: [String: String] = [:]
        let deployments = folder.appendingPathComponent("Deployments")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: deployments.path)) ?? [] where name.hasSuffix(".swift") {
            files[name] = try String(contentsOf: deployments.appendingPathComponent(name), encoding: .utf8)
        }
        return (result, files)
    }

    /// The Swift string literal `literal` (as the writer spells them) read back: the text it means.
    func decodeSwiftLiteral(_ literal: Substring) -> String? {
        guard literal.first == "\"", literal.last == "\"", literal.count >= 2 else { return nil }
        var scalars = Array(literal.dropFirst().dropLast().unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" || scalar == "\n" { return nil }
            guard scalar == "\\" else {
                out.append(scalar)
                index += 1
                continue
            }
            guard index + 1 < scalars.count else { return nil }
            switch scalars[index + 1] {
            case "\\": out.append("\\")
            case "\"": out.append("\"")
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "u":
                guard let close = scalars[index...].firstIndex(of: "}") else { return nil }
                let hex = String(String.UnicodeScalarView(scalars[(index + 3)..<close]))
                guard let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else { return nil }
                out.append(decoded)
                index = close + 1
                continue
            default: return nil
            }
            index += 2
        }
        scalars = []
        return String(out)
    }

    /// The string literals of a line of Swift, in order.
    func literals(in line: Substring) -> [Substring] {
        var found: [Substring] = []
        var start: String.Index?
        var index = line.startIndex
        var escaped = false
        while index < line.endIndex {
            let character = line[index]
            if let open = start {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    found.append(line[open...index])
                    start = nil
                }
            } else if character == "\"" {
                start = index
            } else if character == "/" && line[index...].hasPrefix("//") {
                break
            }
            index = line.index(after: index)
        }
        return found
    }

    @Test func writesFilesByConcernEachDeclarationWithItsYAMLLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixtures = LintTests.fixtures
        let yaml = try String(contentsOf: fixtures.appendingPathComponent(Self.fixture), encoding: .utf8)
        let yamlLines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        try yaml.write(to: folder.appendingPathComponent(Self.fixture), atomically: true, encoding: .utf8)
        let result = tool(in: folder).run(["import", Self.fixture, "--into", "Deployments"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Deployments").path).filter {
            $0.hasSuffix(".swift")
        }
        #expect(
            Set(names) == [
                "HomeIQ.swift", "Platform.swift", "CoreServices.swift", "ExternalData.swift", "DataGeneration.swift", "TestFixtures.swift",
            ])
        var checked = 0
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent("Deployments/\(name)"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard let call = ["Image(", "Env(", "OnNetwork(", "DependsOn(", "Mount(volume:", "Volume("].first(where: { code.hasPrefix($0) })
                else {
                    continue
                }
                // Each declaration names its YAML line, and that line holds the declaration's first string.
                let origin = try #require(line.range(of: "// \(Self.fixture):"), "no origin comment: \(line)")
                let number = try #require(Int(line[origin.upperBound...]), "\(line)")
                let first = try #require(literals(in: line).first.flatMap(decodeSwiftLiteral), "\(line)")
                #expect(yamlLines[number - 1].contains(first), "\(call): line \(number) of the YAML is '\(yamlLines[number - 1])', not \(first)")
                checked += 1
            }
        }
        #expect(checked >= 20, "only \(checked) declarations checked")
        // Every guessed role is said in the output and on the service's line.
        #expect(result.standardError.contains("[lint.role] service 'influxdb'"))
        let core = try String(contentsOf: folder.appendingPathComponent("Deployments/CoreServices.swift"), encoding: .utf8)
        #expect(core.contains("CoreService(\"influxdb\") {  // \(Self.fixture):11 (role guessed"))
        // The x-logging block used through an alias is one ServiceGroup, defined once and used in place.
        let platform = try String(contentsOf: folder.appendingPathComponent("Deployments/Platform.swift"), encoding: .utf8)
        #expect(platform.contains("static let xLogging = ServiceGroup {"))
        #expect(core.contains("                xLogging  // \(Self.fixture):5\n"))
    }

    @Test func neverOverwritesWithoutForce() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "services:\n  a:\n    image: x:1\n".write(to: folder.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        let deployments = folder.appendingPathComponent("Deployments")
        try FileManager.default.createDirectory(at: deployments, withIntermediateDirectories: true)
        let mine = "// mine\n"
        try mine.write(to: deployments.appendingPathComponent("Storage.swift"), atomically: true, encoding: .utf8)
        try mine.write(to: deployments.appendingPathComponent("HomeIQ.swift"), atomically: true, encoding: .utf8)

        let refused = tool(in: folder).run(["import", "c.yml"])
        #expect(refused.exitCode == 2)
        #expect(refused.standardError.contains("already holds Swift files (HomeIQ.swift, Storage.swift)"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: deployments.path).sorted() == ["HomeIQ.swift", "Storage.swift"])
        #expect(try String(contentsOf: deployments.appendingPathComponent("HomeIQ.swift"), encoding: .utf8) == mine)

        let forced = tool(in: folder).run(["import", "c.yml", "--force"])
        #expect(forced.exitCode == 0, "\(forced.standardError)")
        #expect(forced.standardOutput.contains("wrote Deployments/HomeIQ.swift\n"))
        #expect(forced.standardOutput.contains("removed Deployments/Storage.swift (--force)\n"))
        let after = try FileManager.default.contentsOfDirectory(atPath: deployments.path).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(after == ["CoreServices.swift", "HomeIQ.swift", "Platform.swift"])
        #expect(try String(contentsOf: deployments.appendingPathComponent("HomeIQ.swift"), encoding: .utf8) != mine)
    }

    @Test func badInputWritesNothing() throws {
        let (result, files) = try importing("services:\n  a:\n\timage: x\n")
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("docker-compose.yml:3:"), "\(result.standardError)")
        #expect(files.isEmpty)
        let missing = tool(in: try temporaryFolder()).run(["import", "nowhere.yml"])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("cannot read 'nowhere.yml'"))
    }

    @Test func sameInputSameBytes() throws {
        let yaml = try String(contentsOf: LintTests.fixtures.appendingPathComponent(Self.fixture), encoding: .utf8)
        let first = try importing(yaml)
        let second = try importing(yaml)
        #expect(first.files.count == 6)
        #expect(first.files == second.files)
        #expect(first.result.standardError == second.result.standardError)
    }

    @Test func atMostEightServicesPerBuilderGetter() throws {
        var yaml = "services:\n"
        for index in 1...19 { yaml += "  s\(index):\n    image: x/s\(index):1\n" }
        let (result, files) = try importing(yaml)
        #expect(result.exitCode == 0)
        let core = try #require(files["CoreServices.swift"])
        let getters = core.split(separator: "\n").filter { $0.contains("static var ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            getters == ["static var coreServices: StackGroup {", "static var coreServices2: StackGroup {", "static var coreServices3: StackGroup {"])
        let bodies = core.components(separatedBy: "static var ").dropFirst().map { $0.components(separatedBy: "CoreService(").count - 1 }
        #expect(bodies == [8, 8, 3])
        let root = try #require(files["HomeIQ.swift"])
        for getter in ["platform", "coreServices", "coreServices2", "coreServices3"] { #expect(root.contains("        \(getter)\n")) }
    }

    @Test func everyStringReachesTheSourceExactlyOrIsNotImported() throws {
        // Double-quoted YAML escapes: what Compose reads, after its interpolation ($$ is a $).
        let hostile: [(yaml: String, meaning: String)] = [
            ("a\\u2028b", "a\u{2028}b"), ("e\\u0301", "e\u{301}"), ("\\\"q\\\\ \\t", "\"q\\ \t"), ("$$HOME", "$HOME"),
            ("\\u202Eevil", "\u{202E}evil"), ("line\\nbreak", "line\nbreak"), ("\\u0085x", "\u{85}x"), ("\\\\(x)", "\\(x)"),
            ("caf\\u00e9", "café"), ("", ""),
        ]
        var yaml = "services:\n  a:\n    image: x:1\n    labels:\n"
        for (index, value) in hostile.enumerated() { yaml += "      k\(index): \"\(value.yaml)\"\n" }
        yaml += "      interpolated: \"${HOME}/x\"\n    command: [\"sh\", \"-c\", \"echo $$1\"]\n"
        let (result, files) = try importing(yaml)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let core = try #require(files["CoreServices.swift"])
        var read: [String: String] = [:]
        for line in core.split(separator: "\n") where line.contains("Label(") {
            let parts = literals(in: line).compactMap(decodeSwiftLiteral)
            #expect(parts.count == 2, "\(line)")
            if parts.count == 2 { read[parts[0]] = parts[1] }
            #expect(
                !line.unicodeScalars.contains { $0.value < 0x20 || [0x85, 0x2028, 0x2029, 0x202E, 0x301].contains($0.value) }, "raw scalar in \(line)"
            )
        }
        for (index, value) in hostile.enumerated() { #expect(read["k\(index)"] == value.meaning, "k\(index)") }
        // A ${…} in a field the DSL writes as a literal would change meaning: not imported, and said.
        #expect(read["interpolated"] == nil)
        #expect(core.contains("// homeiq-gen import: not expressible in the DSL (docker-compose.yml:"))
        #expect(result.standardError.contains("warning: [import.inexpressible]"))
        let command = try #require(core.split(separator: "\n").first { $0.contains("Command(") })
        #expect(literals(in: command).compactMap(decodeSwiftLiteral) == ["sh", "-c", "echo $1"])
    }

    @Test func networkAndVolumeOptionsAreExactOrNotImported() throws {
        let yaml = """
            services:
              a:
                image: x:1
            networks:
              exact:
                driver_opts: {com.example.label: "cost$$5"}
              interpolated:
                driver_opts: {com.example.label: "${LABEL}"}
            volumes:
              data:
                driver: "local$$"
            """
        let (result, files) = try importing(yaml + "\n")
        #expect(result.exitCode == 0, "\(result.standardError)")
        let platform = try #require(files["Platform.swift"])
        #expect(platform.contains("Network(\"exact\", name: \"homeiq-import"), "\(platform)")
        #expect(platform.contains("driverOptions: [\"com.example.label\": \"cost$5\"])"), "\(platform)")
        #expect(platform.contains("Volume(\"data\", name: "), "\(platform)")
        #expect(platform.contains("driver: \"local$\")"), "\(platform)")
        #expect(!platform.contains("Network(\"interpolated\""), "a ${…} in a driver option has no literal form: \(platform)")
        #expect(platform.contains("// homeiq-gen import: not expressible here (docker-compose.yml:7)"), "\(platform)")
        #expect(result.standardError.contains("docker-compose.yml:7:3: warning: [import.inexpressible]"), "\(result.standardError)")
    }

    @Test func approximatedInterpolationAndUnsupportedKeysAreSaid() throws {
        let yaml = """
            services:
              a:
                image: x:1
                tmpfs: [/run]
                environment:
                  A: ${A:+set}
                  B: ${B:-${C}}
            """
        let (result, files) = try importing(yaml + "\n")
        #expect(result.exitCode == 0)
        let core = try #require(files["CoreServices.swift"])
        #expect(core.contains("// homeiq-gen import: not imported: service key 'tmpfs' is not imported (docker-compose.yml:4)"), "\(core)")
        #expect(result.standardError.contains("docker-compose.yml:4:5: warning: [import.not-imported] service key 'tmpfs' is not imported"))
        #expect(result.standardError.contains("docker-compose.yml:6:7: warning: [lint.interpolation] A: ${A:+set}"), "\(result.standardError)")
        #expect(result.standardError.contains("docker-compose.yml:7:7: warning: [lint.interpolation] B: ${B:-${C}}"), "\(result.standardError)")
    }

    /// The proof: `import` of the hand-written file, then `swift run homeiq-gen`, finds the same
    /// classes as `lint`, each at a line of `Deployments/` whose origin comment names the YAML line lint names.
    @Test(
        "import, then swift run homeiq-gen, reports what lint reports, at Deployments/ lines",
        .enabled(if: Requirement.toolAvailableOrCI("swift"), "needs the Swift toolchain to build the scratch package"),
        .timeLimit(.minutes(20)))
    func importedStackFailsWhereLintDoes() throws {
        let swift = try #require(Requirement.tool("swift"))
        // What lint says at the YAML lines: rule@line (the budget has no single line: rule only).
        let lint = tool(in: LintTests.fixtures).run(["lint", Self.fixture])
        #expect(lint.exitCode == 1)
        func key(_ rule: String, _ line: Int) -> String { rule == "resources.budget" ? rule : "\(rule)@\(line)" }
        var expected = Set<String>()
        for line in lint.standardError.split(separator: "\n") where line.hasPrefix("\(Self.fixture):") && line.contains(": error: [") {
            let parts = line.split(separator: ":")
            let rule = try #require(line.split(separator: "[").dropFirst().first?.split(separator: "]").first)
            expected.insert(key(String(rule), Int(parts[1]) ?? 0))
        }
        // The reader's duplicate-key error at the second `deploy:` key has no DSL counterpart: the DSL
        // reports the duplicate once, at the second Limits it declares (lint reports that too, at line 45).
        #expect(expected.remove("declarations.duplicate@42") != nil, "\(lint.standardError)")
        #expect(expected.count >= 20)

        let scratch = try ScratchPackage.make("import")
        let before = try Data(contentsOf: scratch.appendingPathComponent("generated/docker-compose.prod.yml"))
        let imported = tool(in: scratch).run(["import", "Tests/DeployLintTests/Fixtures/\(Self.fixture)", "--into", "Deployments", "--force"])
        try #require(imported.exitCode == 0, "\(imported.standardError)")
        let run = try Run.process(swift, ["run", "homeiq-gen"], currentDirectory: scratch)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("nothing was written"))
        #expect(try Data(contentsOf: scratch.appendingPathComponent("generated/docker-compose.prod.yml")) == before)

        var found = Set<String>()
        for line in run.stderr.split(separator: "\n") where line.hasPrefix("Deployments/") && line.contains(": error: [") {
            let parts = line.split(separator: ":")
            let rule = try #require(line.split(separator: "[").dropFirst().first?.split(separator: "]").first)
            let source = try String(contentsOf: scratch.appendingPathComponent(String(parts[0])), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            let number = try #require(Int(parts[1]))
            let declaration = source[number - 1]
            let origin = try #require(declaration.range(of: "\(Self.fixture):"), "no origin on \(parts[0]):\(number): \(declaration)")
            let yamlLine = try #require(Int(declaration[origin.upperBound...].prefix { $0.isNumber }))
            found.insert(key(String(rule), yamlLine))
        }
        #expect(
            found == expected, "only after import: \(found.subtracting(expected).sorted()); only in lint: \(expected.subtracting(found).sorted())")
    }

    /// Paths where two JSON values differ (for the failure message).
    static func differences(_ a: Any?, _ b: Any?, at path: String = "") -> [String] {
        if let a = a as? [String: Any], let b = b as? [String: Any] {
            return Set(a.keys).union(b.keys).sorted().flatMap { differences(a[$0], b[$0], at: path + "/" + $0) }
        }
        if let a = a as? [Any], let b = b as? [Any], a.count == b.count {
            return zip(a, b).enumerated().flatMap { differences($0.element.0, $0.element.1, at: path + "/\($0.offset)") }
        }
        guard let a, let b else { return a == nil && b == nil ? [] : [path] }
        let spelled = [a, b].map { try? JSONSerialization.data(withJSONObject: [$0], options: [.sortedKeys]) }
        return spelled[0] != nil && spelled[0] == spelled[1] ? [] : [path]
    }

    /// The round trip: the project's own generated files, imported one file per mode, built and
    /// generated again, read by real Docker Compose v2 (`config --format json`, interpolation done) equal
    /// the originals in both modes, except what the test lists.
    @Test(
        "re-importing generated/ reproduces both modes as Compose reads them",
        .enabled(if: Requirement.toolAvailableOrCI("swift") && Requirement.composeAvailableOrCI, "needs the Swift toolchain and Docker Compose v2"),
        .timeLimit(.minutes(20)))
    func reimportingGeneratedFilesRoundTrips() throws {
        let swift = try #require(Requirement.tool("swift"))
        let compose = try #require(Requirement.compose())
        let scratch = try ScratchPackage.make("reimport")
        let imported = tool(in: scratch).run([
            "import", "--test-file", "generated/docker-compose.test.yml", "--production-file", "generated/docker-compose.prod.yml",
            "--into", "Deployments", "--force",
        ])
        try #require(imported.exitCode == 0, "\(imported.standardError)")
        // The changes this round trip makes by hand, each for something the DSL says with a concept
        // import cannot infer from compose files: the per-mode data folders (the DSL's `SQLite` host
        // directories, which deploy.sh creates and the services write) exist, and are writable by design.
        for folder in ["data/test", "data/production"] {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try """
        import DeployModel

        extension HomeIQ {
            static var roundTrip: StackGroup {
                StackGroup { Waive("security.writable-source", because: "the per-mode data folders are written at run time") }
            }
        }

        """.write(to: scratch.appendingPathComponent("Deployments/RoundTrip.swift"), atomically: true, encoding: .utf8)
        let root = scratch.appendingPathComponent("Deployments/HomeIQ.swift")
        let source = try String(contentsOf: root, encoding: .utf8)
        try #require(source.contains("        platform\n"))
        try source.replacingOccurrences(of: "        platform\n", with: "        platform\n        roundTrip\n").write(
            to: root, atomically: true, encoding: .utf8)
        #expect(imported.standardError.contains("[import.not-imported] service key 'cpu_shares'"), "cpu_shares is derived from the CPU limits")

        let output = scratch.appendingPathComponent("reimported")
        try? FileManager.default.removeItem(at: output)
        let generate = try Run.process(swift, ["run", "homeiq-gen", "--output", "reimported/"], currentDirectory: scratch)
        try #require(generate.status == 0, "\(generate.stdout)\n\(generate.stderr)")

        for (file, env) in [("docker-compose.test.yml", "env.test"), ("docker-compose.prod.yml", "env.production")] {
            let original = try String(contentsOf: scratch.appendingPathComponent("generated/\(file)"), encoding: .utf8)
            var environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.path]
            for match in original.matches(of: /\$\{([A-Z0-9_]+):\?/) { environment[String(match.1)] = "secret-value" }
            var models: [[String: Any]] = []
            for folder in ["generated", "reimported"] {
                let result = try Run.process(
                    compose, ["-f", "\(folder)/\(file)", "--env-file", "generated/\(env)", "config", "--format", "json"],
                    environment: environment, currentDirectory: scratch)
                try #require(result.status == 0, "\(folder)/\(file): \(result.stderr)")
                var model = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                // Intended: x-homeiq facts the DSL derives from concepts import cannot infer (FeatureFlag, the
                // InfluxDB option, secret hints, EgressGuard), the file paths of the other output folder, and the
                // order of the network list (a set to the scripts).
                var facts = try #require(model["x-homeiq"] as? [String: Any], "\(folder)/\(file) has no x-homeiq")
                for key in ["feature-flags", "influxdb", "egress"] { facts[key] = nil }
                facts["networks"] = (facts["networks"] as? [String])?.sorted()
                var secrets = facts["secrets"] as? [String: Any]
                secrets?["hints"] = nil
                facts["secrets"] = secrets
                var files = facts["files"] as? [String: Any]
                files?["compose"] = nil
                files?["env"] = nil
                facts["files"] = files
                model["x-homeiq"] = facts
                models.append(model)
            }
            #expect((models[0]["services"] as? [String: Any])?.count ?? 0 >= 15, "\(file)")
            let differences = Self.differences(models[0], models[1])
            #expect(differences.isEmpty, "\(file): the re-imported deployment differs at \(differences)")
        }
    }
}
