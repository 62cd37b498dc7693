import Foundation
import TestSupport
import Testing

/// Every shell script of the repository passes shellcheck without a single finding.
@Suite("shellcheck")
struct ShellcheckTests {
    /// The shell scripts: `*.sh` under scripts/ and infrastructure/, and the stand-ins of scripts/testing/.
    static func scripts() throws -> [String] {
        let root = ScriptSandbox.repository
        var found: [String] = []
        for folder in ["scripts", "infrastructure"] {
            let base = root.appendingPathComponent(folder).path
            guard let paths = FileManager.default.enumerator(atPath: base) else { continue }
            for case let path as String in paths where path.hasSuffix(".sh") || (path.hasPrefix("testing/") && !path.hasSuffix("/")) {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: "\(base)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.append("\(folder)/\(path)")
                }
            }
        }
        return found.sorted()
    }

    @Test("the script list covers what this issue ships")
    func coverage() throws {
        let scripts = try Self.scripts()
        for script in [
            "scripts/deploy.sh", "scripts/validate-deployment.sh", "scripts/setup_ha_test.sh", "scripts/lib/common.sh",
            "scripts/lib/compose.sh", "scripts/lib/generated.sh", "scripts/lib/envfile.sh", "scripts/lib/secrets.sh",
            "scripts/testing/fake-docker", "scripts/testing/fake-curl", "infrastructure/influxdb/init-influxdb.sh",
            "scripts/lib/args.sh", "scripts/lib/venv.sh", "scripts/testing/engine.sh", "scripts/testing/engine",
        ] {
            #expect(scripts.contains(script), "\(script) is not checked")
        }
    }

    @Test(
        "shellcheck reports nothing (all severities, following sourced files)",
        .enabled(
            if: Requirement.toolAvailableOrCI("shellcheck", environmentVariable: "HOMEIQ_SHELLCHECK"),
            "shellcheck is not installed: run scripts/test.sh (it installs it with apt-get when it can)"))
    func clean() throws {
        guard let shellcheck = Requirement.tool("shellcheck", environmentVariable: "HOMEIQ_SHELLCHECK") else { return }
        let scripts = try Self.scripts()
        let result = try Run.process(
            shellcheck, ["--external-sources", "--severity=style", "--format=gcc"] + scripts,
            currentDirectory: ScriptSandbox.repository)
        #expect(result.status == 0, "shellcheck findings:\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("every script starts with #!/usr/bin/env bash and set -euo pipefail, and is executable")
    func preamble() throws {
        let root = ScriptSandbox.repository
        for script in try Self.scripts() where !script.hasPrefix("scripts/lib/") {
            let text = try String(contentsOf: root.appendingPathComponent(script), encoding: .utf8)
            // A sourced library (such as scripts/testing/engine.sh) declares its shell for shellcheck instead.
            if text.hasPrefix("# shellcheck shell=bash\n") { continue }
            #expect(text.hasPrefix("#!/usr/bin/env bash\n"), "\(script): shebang")
            #expect(text.contains("\nset -euo pipefail\n"), "\(script): set -euo pipefail")
            #expect(FileManager.default.isExecutableFile(atPath: root.appendingPathComponent(script).path), "\(script) is not executable")
        }
    }
}
