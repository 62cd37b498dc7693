import DeployCompiler
import DeployModel
import Foundation
import GenCLI
import TestSupport
import Testing

/// `diff`, `show`, `graph`, `ports` through the command line, and the guide's generated diagram.
@Suite("Command line views")
struct ViewCommandTests {
    private let root = PackageRoot.url().path
    private var deployments: [ResolvedDeployment] { ModeResolver().resolveAll(cliStack).values }

    private func run(_ arguments: [String], in directory: String? = nil) -> CommandLineTool.Result {
        CommandLineTool(stack: cliStack, currentDirectory: directory ?? root).run(arguments)
    }

    @Test(
        "each view exits 0, prints to stdout only, the same bytes twice, origins relative to the package root",
        arguments: [["diff"], ["ports"], ["show", "api"], ["show", "api", "--mode", "test"], ["graph"], ["graph", "--format", "dot"]])
    func views(arguments: [String]) {
        let first = run(arguments)
        #expect(first.exitCode == 0, "\(first.standardError)")
        #expect(first.standardError.isEmpty)
        #expect(!first.standardOutput.isEmpty)
        #expect(run(arguments) == first, "not deterministic")
        #expect(!first.standardOutput.contains(root + "/"), "absolute path printed")
        if arguments[0] != "graph" { #expect(first.standardOutput.contains("Tests/GenCLITests/CLITestSupport.swift:")) }
    }

    @Test("show --mode prints that mode only; graph --mode draws that mode only")
    func modeOption() {
        let test = run(["show", "api", "--mode", "test"]).standardOutput
        #expect(test.hasPrefix("api in test ") && !test.contains("api in production"))
        let both = run(["show", "api"]).standardOutput
        #expect(both.contains("api in test ") && both.contains("api in production "))
        let graph = run(["graph", "--mode", "production", "--format", "dot"]).standardOutput
        #expect(graph.contains("cluster_production") && !graph.contains("cluster_test"))
        #expect(graph == DependencyGraph(deployments.filter { $0.mode == .production }).dot)
    }

    @Test("show of an unknown service: exit 2, naming the services there are")
    func unknownService() {
        let result = run(["show", "nope"])
        #expect(result.exitCode == 2 && result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("error: no service 'nope' in either mode\n"))
        for name in Set(deployments.flatMap { $0.services.map(\.name) }) { #expect(result.standardError.contains(name)) }
        #expect(run(["show"]).standardError.contains("missing expected argument '<service>'"))
        let format = run(["graph", "--format", "svg"])
        #expect(format.exitCode == 2 && format.standardError.contains("use one of: mermaid, dot"))
    }

    @Test("generate writes the guide's diagram between its markers; --check finds it stale; a guide without markers stops everything")
    func guideDiagram() throws {
        let temporary = try TemporaryRoot()
        defer { temporary.remove() }
        try FileManager.default.createDirectory(atPath: temporary.path + "/docs", withIntermediateDirectories: true)
        let guidePath = "docs/\(ArchitectureDiagram.guideName)"
        let guide = "# Guide\n\n\(ArchitectureDiagram.beginMarker)\n\(ArchitectureDiagram.endMarker)\n\nThe end.\n"
        try temporary.write(guide, to: guidePath)
        let generate = run([], in: temporary.path)
        #expect(generate.exitCode == 0, "\(generate.standardError)")
        #expect(generate.standardOutput.contains("written   \(guidePath)"))
        let written = try #require(temporary.read(guidePath))
        #expect(written == "# Guide\n\n" + ArchitectureDiagram.region(ModeResolver().resolveAll(cliStack)) + "\n\nThe end.\n")
        #expect(run(["--check"], in: temporary.path).exitCode == 0)

        try temporary.write(written.replacingOccurrences(of: "flowchart LR", with: "flowchart TD"), to: guidePath)
        let stale = run(["--check"], in: temporary.path)
        #expect(stale.exitCode == 1 && stale.standardError.contains("out of date: \(guidePath)"))

        try temporary.write("# Guide without markers\n", to: guidePath)
        try FileManager.default.removeItem(atPath: temporary.path + "/generated/env.test")
        let refused = run([], in: temporary.path)
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("\(guidePath) has no line '\(ArchitectureDiagram.beginMarker)'"))
        #expect(temporary.read("generated/env.test") == nil, "something was written")
        #expect(temporary.read(guidePath) == "# Guide without markers\n")
    }
}
