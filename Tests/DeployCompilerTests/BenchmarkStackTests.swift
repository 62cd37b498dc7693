import DeployCompiler
import Foundation
import TestSupport
import Testing

/// `homeiq-bench`, run as a process: its synthetic stack must be a valid stack (the benchmark
/// would otherwise time the error path), and its last line is the contract scripts/bench.sh reads.
/// No timing is asserted: the benchmark reports, people read.
@Suite("homeiq-bench")
struct BenchmarkStackTests {
    /// The built `homeiq-bench`: `$HOMEIQ_BENCH`, else next to the test bundle in the build products folder.
    static func benchExecutable() -> URL? {
        if let path = ProcessInfo.processInfo.environment["HOMEIQ_BENCH"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return folders.map { $0.appendingPathComponent("homeiq-bench") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `homeiq-bench` with `arguments`; records a failure when it is not built.
    private func bench(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult? {
        guard let executable = Self.benchExecutable() else {
            let folder = Bundle.main.executableURL?.deletingLastPathComponent().path ?? "?"
            Issue.record(
                Comment(
                    rawValue: "homeiq-bench is not built next to the test bundle (\(folder)): "
                        + "run `swift build` (or set HOMEIQ_BENCH to the binary)"), sourceLocation: sourceLocation)
            return nil
        }
        return try Run.process(executable, arguments)
    }

    private func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test("the synthetic stack of 50 services compiles without an error")
    func syntheticStackIsValid() throws {
        guard let result = try bench(["--services", "50", "--validate"]) else { return }
        #expect(result.status == 0, "homeiq-bench --validate failed:\n\(result.stderr)")
        let summary = lastLine(result.stdout)
        #expect(summary.wholeMatch(of: #/services=50 errors=0 warnings=\d+/#) != nil, "last line: \(summary)\n\(result.stderr)")
        #expect(!result.stderr.contains(": error: "), "\(result.stderr)")
    }

    @Test(
        "the synthetic stack's compose files hold 50 services of all five roles, each in its modes",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh")
    )
    func syntheticStackHasEveryRole() throws {
        guard let python = Requirement.python() else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let result = try bench(["--services", "50", "--validate", "--write", folder.path]) else { return }
        try #require(result.status == 0, "\(result.stderr)")
        let script = """
            import json, sys, yaml
            out = {}
            for mode, name in (("test", "docker-compose.test.yml"), ("production", "docker-compose.prod.yml")):
                document = yaml.safe_load(open(sys.argv[1] + "/generated/" + name))
                out[mode] = {service: body["labels"]["com.homeiq.role"] for service, body in document["services"].items()}
            print(json.dumps(out))
            """
        let read = try python.run(script, arguments: [folder.path])
        try #require(read.status == 0, "\(read.stderr)")
        let roles = try JSONDecoder().decode([String: [String: String]].self, from: Data(read.stdout.utf8))
        let test = roles["test"] ?? [:]
        let production = roles["production"] ?? [:]
        #expect(Set(test.keys).union(production.keys).count == 50)
        #expect(Set(test.values).union(production.values) == ["core", "ai", "external-api", "data-generation", "test-fixture"])
        #expect(!test.values.contains("external-api"))
        #expect(!production.values.contains("data-generation") && !production.values.contains("test-fixture"))
        #expect(Set(test.filter { $0.value == "ai" }.keys) == Set(production.filter { $0.value == "ai" }.keys))
    }

    @Test("a run prints the phase medians and ends with services=N total_ms=X peak_mb=Y")
    func summaryLine() throws {
        guard let result = try bench(["--services", "20", "--runs", "1"]) else { return }
        #expect(result.status == 0, "\(result.stderr)")
        let summary = lastLine(result.stdout)
        #expect(summary.wholeMatch(of: #/services=20 total_ms=\d+(\.\d+)? peak_mb=\d+(\.\d+)?/#) != nil, "last line: \(summary)")
        for phase in ["construct", "resolve", "rules", "render", "compile (end to end)", "release", "total"] {
            #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix(phase + " ") }, "no \(phase) row in:\n\(result.stdout)")
        }
    }

    @Test("--rules R lists the R slowest rules: none for 0, every rule of the catalogue when R exceeds it")
    func rulesShown() throws {
        guard let all = try bench(["--services", "20", "--runs", "1", "--rules", "1000"]),
            let none = try bench(["--services", "20", "--runs", "1", "--rules", "0"]),
            let two = try bench(["--services", "20", "--runs", "1", "--rules", "2"]),
            let negative = try bench(["--rules", "-1"])
        else { return }
        /// The rule IDs listed under the heading, and the catalogue size the first line states.
        func listed(_ text: String) -> (rules: [String], catalogue: Int?) {
            let lines = text.split(separator: "\n").map(String.init)
            let catalogue = lines.first.flatMap { $0.firstMatch(of: #/, (\d+) rules,/#) }.flatMap { Int($0.1) }
            guard let heading = lines.firstIndex(where: { $0.hasPrefix("slowest rules") }) else { return ([], catalogue) }
            let rows = lines[(heading + 1)...].prefix { $0.hasPrefix("  ") }
            return (rows.compactMap { $0.split(separator: " ").first.map(String.init) }, catalogue)
        }
        #expect(all.status == 0 && none.status == 0 && two.status == 0, "\(all.stderr)\(none.stderr)\(two.stderr)")
        let every = listed(all.stdout)
        #expect(every.catalogue == RuleRegistry.all.count, "first line of:\n\(all.stdout)")
        #expect(Set(every.rules) == Set(RuleRegistry.all.map(\.id)) && every.rules.count == RuleRegistry.all.count, "\(all.stdout)")
        #expect(listed(none.stdout).rules.isEmpty && !none.stdout.contains("slowest rules"), "\(none.stdout)")
        #expect(listed(two.stdout).rules.count == 2, "\(two.stdout)")
        #expect(negative.status == 2 && negative.stderr.contains("--rules"), "\(negative.stderr)")
    }

    @Test("usage errors exit 2 and name the problem; --help exits 0")
    func usage() throws {
        guard let tooSmall = try bench(["--services", "1"]), let unknown = try bench(["--fast"]),
            let help = try bench(["--help"])
        else { return }
        #expect(tooSmall.status == 2 && tooSmall.stderr.contains("--services"), "\(tooSmall.stderr)")
        #expect(unknown.status == 2 && unknown.stderr.contains("'--fast'"), "\(unknown.stderr)")
        #expect(help.status == 0 && help.stdout.contains("services=N total_ms=X peak_mb=Y"), "\(help.stdout)")
    }
}
