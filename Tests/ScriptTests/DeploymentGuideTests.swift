import Foundation
import TestSupport
import Testing

/// docs/DEPLOYMENT_GUIDE.md covers what the issue asks and does not point at things that do not exist.
@Suite("docs/DEPLOYMENT_GUIDE.md")
struct DeploymentGuideTests {
    private let root = ScriptSandbox.repository
    private var guide: String {
        (try? String(contentsOf: root.appendingPathComponent("docs/DEPLOYMENT_GUIDE.md"), encoding: .utf8)) ?? ""
    }

    @Test("the sections a newcomer needs are there")
    func sections() {
        let headings = guide.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
        for heading in [
            "## Quick start: the test deployment", "## Production checklist",
            "## Hardware: the 8 GB or the 16 GB NUC, and InfluxDB option A or B", "## Switching modes",
            "## Environment variables", "## Architecture", "## Troubleshooting", "### Exit codes", "### Rollback",
        ] {
            #expect(headings.contains(heading), "missing \(heading)")
        }
        for problem in [
            "**A health check failed", "**A missing secret.**", "**A stale or hand-edited generated file.**",
            "**A port already in use.**", "**The other mode is still running.**",
        ] {
            #expect(guide.contains(problem), "troubleshooting lacks \(problem)")
        }
        #expect(guide.contains("```mermaid\nflowchart"))
        #expect(guide.contains("[`docs/ENVIRONMENT.md`](ENVIRONMENT.md)"))
        #expect(guide.contains("HomeIQ.hardware") || guide.contains("hardware: HardwareProfile = .nuc8gb"))
        #expect(guide.contains("DOCKER=scripts/testing/fake-docker"))
    }

    @Test("every repository path the guide names exists")
    func pathsExist() throws {
        let pattern = try NSRegularExpression(pattern: #"(?:scripts|infrastructure|docs|Deployments|generated)/[A-Za-z0-9_./-]*[A-Za-z0-9_]"#)
        let text = guide
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        let paths = Set(matches.compactMap { Range($0.range, in: text).map { String(text[$0]) } })
        // Files the operator creates, and patterns.
        let created: Set = ["infrastructure/secrets.production.env", "infrastructure/secrets.test.env", "infrastructure/secrets"]
        #expect(paths.count > 10)
        for path in paths.subtracting(created) where !path.contains("*") && !path.contains("MODE") {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "the guide names \(path), which does not exist")
        }
    }

    @Test("the exit codes of the guide are those of deploy.sh --help")
    func exitCodes() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let help = try sandbox.run("deploy.sh", ["--help"]).stdout
        for (code, words) in [(1, "refused before any change"), (3, "failed and was rolled back"), (4, "the rollback failed too")] {
            #expect(help.contains("\(code)  ") && help.contains(words), "deploy.sh --help lacks exit \(code)")
        }
        for row in ["| 3 | deployment failed, rolled back |", "| 4 | deployment failed, and the rollback failed too"] {
            #expect(guide.contains(row))
        }
    }
}
