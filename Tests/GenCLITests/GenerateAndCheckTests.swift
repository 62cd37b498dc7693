import DeployCompiler
import DeployModel
import DeployRender
import Foundation
import GenCLI
import Testing

@Suite("generate and --check")
struct GenerateAndCheckTests {
    private let files = [
        "generated/docker-compose.test.yml", "generated/docker-compose.prod.yml",
        "generated/env.test", "generated/env.production", "docs/RULES.md", "docs/ENVIRONMENT.md",
    ]

    @Test("generate writes every file, reports written then unchanged, and is found from a subfolder")
    func generate() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let first = CommandLineTool(stack: cliStack, currentDirectory: root.path + "/Deployments").run([])
        #expect(first.exitCode == 0, "\(first.standardError)")
        for file in files {
            #expect(root.read(file) != nil, "\(file) missing")
            #expect(first.standardOutput.contains("written   \(file)"))
        }
        #expect(first.standardOutput.contains("6 files: 6 written, 0 unchanged"))
        #expect(first.standardOutput.contains("test: "))
        #expect(first.standardOutput.contains("production: "))
        let second = CommandLineTool(stack: cliStack, currentDirectory: root.path).run([])
        #expect(second.exitCode == 0)
        #expect(second.standardOutput.contains("6 files: 0 written, 6 unchanged"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path + "/generated").filter {
            $0.hasPrefix(".") && $0 != OutputWriter.lockName
        }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    @Test("--check passes when up to date and writes nothing")
    func checkUpToDate() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        _ = CommandLineTool(stack: cliStack, currentDirectory: root.path).run([])
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--check"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("up to date"))
    }

    @Test("--check on a stale file exits 1 with a unified diff, and leaves the file alone")
    func checkStale() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        _ = CommandLineTool(stack: cliStack, currentDirectory: root.path).run([])
        let path = "generated/env.test"
        let edited = root.read(path)!.replacingOccurrences(of: "DEPLOYMENT_MODE=test", with: "DEPLOYMENT_MODE=production")
        try root.write(edited, to: path)
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["check"])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("--- a/\(path)"))
        #expect(result.standardOutput.contains("+++ b/\(path)"))
        #expect(result.standardOutput.contains("-DEPLOYMENT_MODE=production"))
        #expect(result.standardOutput.contains("+DEPLOYMENT_MODE=test"))
        #expect(result.standardError.contains("out of date: \(path)"))
        #expect(root.read(path) == edited)
    }

    @Test("--check on a missing file exits 1 and names it")
    func checkMissing() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        _ = CommandLineTool(stack: cliStack, currentDirectory: root.path).run([])
        try FileManager.default.removeItem(atPath: root.path + "/generated/docker-compose.prod.yml")
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--check"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("generated/docker-compose.prod.yml (missing)"))
        #expect(result.standardOutput.contains("--- /dev/null"))
        #expect(root.read("generated/docker-compose.prod.yml") == nil)
    }

    @Test(
        "a failed write or rename leaves every old file exactly as it was",
        arguments: [
            FailingFileSystem.Step.write(1), .write(3), .rename(1), .rename(4),
        ])
    func failedWriteChangesNothing(step: FailingFileSystem.Step) throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        _ = CommandLineTool(stack: cliStack, currentDirectory: root.path).run([])
        // Make every file stale so that all of them would be rewritten.
        var before: [String: String] = [:]
        for file in files {
            let stale = "stale \(file)\n"
            try root.write(stale, to: file)
            before[file] = stale
        }
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path, fileSystem: FailingFileSystem(step: step)).run([])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("nothing was changed"))
        for file in files {
            #expect(root.read(file) == before[file], "\(file) changed")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path + "/generated").filter {
            $0.hasPrefix(".") && $0 != OutputWriter.lockName
        }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    @Test("a stack that breaks a rule: exit 1, every error with file:line:column, nothing written")
    func ruleFailureWritesNothing() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let line = #line + 3
        let broken = Stack("demo") {
            Volume("data", name: "shared")
            DataGenerator("generator") { RunsIn(.both) }
        }
        let result = CommandLineTool(stack: broken, currentDirectory: root.path).run([])
        #expect(result.exitCode == 1)
        // #column points at the call's opening parenthesis: read the expected columns from this file's text.
        let source = try String(contentsOfFile: #filePath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        func column(of call: String, onLine number: Int) -> Int {
            let text = String(source[number - 1])
            return text.distance(from: text.startIndex, to: text.range(of: call + "(")!.lowerBound) + call.count + 1
        }
        let volumeColumn = column(of: "Volume", onLine: line - 1)
        let runsInColumn = column(of: "RunsIn", onLine: line)
        #expect(
            result.standardError.contains("GenerateAndCheckTests.swift:\(line - 1):\(volumeColumn): error: [isolation.volume]"),
            "\(result.standardError)")
        #expect(result.standardError.contains("GenerateAndCheckTests.swift:\(line):\(runsInColumn): error: [mode.production-purity]"))
        #expect(result.standardError.contains("nothing was written"))
        #expect(result.standardError.contains("help: "))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/generated"))
    }

    @Test("diagnostics are printed relative to the package root")
    func relativePaths() throws {
        let here = URL(fileURLWithPath: #filePath)
        let testsFolder = here.deletingLastPathComponent().deletingLastPathComponent().path
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let broken = Stack("demo") { Volume("data", name: "shared") }
        let result = CommandLineTool(stack: broken, currentDirectory: root).run(["--check"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.hasPrefix("Tests/GenCLITests/GenerateAndCheckTests.swift:"), "\(result.standardError)")
        #expect(!result.standardError.contains(testsFolder))
    }

    @Test("--output writes the deployment files elsewhere inside the root, with paths relative to it")
    func outputOption() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let stack = Stack("demo") {
            CoreService("api") { Mount(bind: "infrastructure/x.conf", at: "/x.conf", readOnly: true) }
        }
        let compiler = Compiler(rules: RuleEngine(rules: []))
        let result = CommandLineTool(stack: stack, currentDirectory: root.path, compiler: compiler).run(["--output", "out/deep"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(root.read("out/deep/docker-compose.test.yml")?.contains("- ../../infrastructure/x.conf:/x.conf:ro") == true)
        let outside = CommandLineTool(stack: stack, currentDirectory: root.path, compiler: compiler).run(["--output", "/tmp"])
        #expect(outside.exitCode == 2)
    }
}
