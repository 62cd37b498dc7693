import DeployCompiler
import Foundation
import GenCLI
import TestSupport
import Testing

@Suite("Command line")
struct ArgumentTests {
    private func run(_ arguments: [String]) -> CommandLineTool.Result {
        CommandLineTool(stack: cliStack, currentDirectory: "/").run(arguments)
    }

    @Test(
        "usage errors exit 2 with a hint",
        arguments: [
            ["--bogus"], ["generate", "rules"], ["explain"], ["--output"], ["frobnicate"], ["rules", "--check"], ["help", "nope"],
        ])
    func usageErrors(arguments: [String]) {
        let result = run(arguments)
        #expect(result.exitCode == 2, "\(arguments): \(result)")
        #expect(result.standardError.hasPrefix("error: "))
        #expect(result.standardError.contains("help: see 'homeiq-gen"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("--help, help and -h print the overview; help COMMAND prints that command's help")
    func help() {
        for arguments in [["--help"], ["help"], ["-h"]] {
            let result = run(arguments)
            #expect(result.exitCode == 0)
            #expect(result.standardOutput.hasPrefix("OVERVIEW: "))
            #expect(result.standardOutput.contains("USAGE: homeiq-gen"))
            #expect(result.standardOutput.contains("--check"))
        }
        let check = run(["help", "check"])
        #expect(check.exitCode == 0 && check.standardOutput.contains("USAGE: homeiq-gen check"))
        let explain = run(["explain", "--help"])
        #expect(explain.exitCode == 0 && explain.standardOutput.contains("USAGE: homeiq-gen explain <rule>"))
    }

    @Test("a misspelt subcommand gets a suggestion; an extra argument after a subcommand does not")
    func suggestions() {
        #expect(run(["chek"]).standardError.hasPrefix("error: unexpected argument 'chek'; did you mean 'check'?\n"))
        #expect(run(["show", "api", "b"]).standardError.hasPrefix("error: unexpected argument 'b'\n"))
        #expect(run(["ports", "extra"]).standardError.hasPrefix("error: unexpected argument 'extra'\n"))
    }

    @Test("--version prints the version")
    func version() {
        let result = run(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "homeiq-gen \(HelpText.version)\n")
    }

    @Test("rules lists every registered rule; explain prints one; an unknown rule exits 2")
    func rulesAndExplain() {
        let rules = run(["rules"])
        #expect(rules.exitCode == 0)
        for rule in RuleRegistry.all {
            #expect(rules.standardOutput.contains(rule.id), "\(rule.id) not listed")
        }
        let explain = run(["explain", "isolation.volume"])
        #expect(explain.exitCode == 0)
        #expect(explain.standardOutput.contains(RuleRegistry.rule("isolation.volume")!.userDocumentation))
        let unknown = run(["explain", "isolation.nope"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.standardError.contains("unknown rule 'isolation.nope'"))
    }

    @Test("no package root: exit 2 with what to do")
    func noRoot() {
        let result = CommandLineTool(stack: cliStack, currentDirectory: "/proc").run([])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("--root"))
    }

    @Test("the built homeiq-gen binary answers --version and refuses a bad option with exit 2")
    func binary() throws {
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle.appendingPathComponent("homeiq-gen"), bundle.deletingLastPathComponent().appendingPathComponent("homeiq-gen")]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("homeiq-gen binary not found next to the test bundle (\(bundle.path)): run swift build first")
            return
        }
        let version = try Run.process(binary, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "homeiq-gen \(HelpText.version)\n")
        let bad = try Run.process(binary, ["--bogus"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown option '--bogus'"))
    }
}
