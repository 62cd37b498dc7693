import DeployLint
import DeployModel
import Foundation
import GenCLI
import TestSupport
import Testing

/// `homeiq-gen lint` judges a hand-written file by the same secret rules, at its YAML lines, and prints no secret.
@Suite("lint: secrets in every field")
struct LintSecretsTests {
    @Test("a URL password, a secret label, a --token argument and a nested default, each at its line; the secret is never printed")
    func secretsFound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-lint-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = [
            "services:",  // 1
            "  app:",  // 2
            "    image: example/app:1.0.0",  // 3
            "    profiles: [production]",  // 4
            "    command: [app, --token, hunter2-secret]",  // 5
            "    environment:",  // 6
            "      DATABASE_URL: postgres://user:hunter2-secret@db/x",  // 7
            "      REGION: ${REGION:-${DEFAULT_REGION}}",  // 8
            "    labels:",  // 9
            "      api_token: hunter2-secret",  // 10
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("compose.yml"), atomically: true, encoding: .utf8)
        let tool = CommandLineTool(
            stack: Stack(name: "unused", elements: [], location: DeployModel.SourceLocation.unknown), currentDirectory: folder.path)
        let result = tool.run(["lint", "compose.yml"])
        #expect(result.exitCode == 1)
        let errors = result.standardError.split(separator: "\n").filter { $0.contains(": error: [") }
        func reported(_ rule: String, line: Int) -> Bool { errors.contains { $0.hasPrefix("compose.yml:\(line):") && $0.contains("[\(rule)]") } }
        #expect(reported("secrets.named-field", line: 5), "\(result.standardError)")
        #expect(reported("secrets.url-credentials", line: 7), "\(result.standardError)")
        #expect(reported("env.portable", line: 8), "\(result.standardError)")
        #expect(reported("secrets.named-field", line: 10), "\(result.standardError)")
        #expect(!result.standardError.contains("hunter2-secret") && !result.standardOutput.contains("hunter2-secret"))
    }
}
