import Foundation
import TestSupport
import Testing

/// Nested defaults (`${A:-${B}}`, issue 9 part 2) as the real readers see them: Compose v2 interpolates
/// them, in the compose file and in an `--env-file`; python-dotenv (the services' settings loaders) reads
/// the inner reference as text. The two disagree, which is why rule `env.portable` refuses a nested default.
@Suite("Nested defaults through Compose v2 and python-dotenv")
struct NestedDefaultReadersTests {
    @Test(
        "Compose v2 reads ${A:-${B}} as B's value; python-dotenv reads the same env-file line as the text ${B}",
        .enabled(if: Requirement.composeAvailableOrCI && Requirement.pythonAvailableOrCI))
    func readersDisagree() throws {
        guard let compose = Requirement.compose(), let python = Requirement.python() else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-nested-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let composeFile = folder.appendingPathComponent("compose.yml")
        let envFile = folder.appendingPathComponent("env")
        try """
        services:
          app:
            image: busybox:1.36
            environment:
              IN_COMPOSE: ${A:-${B}}
              FROM_ENV_FILE: ${NESTED}
        """.write(to: composeFile, atomically: true, encoding: .utf8)
        try "B=bee\nNESTED=${A:-${B}}\n".write(to: envFile, atomically: true, encoding: .utf8)

        let result = try Run.process(
            compose, ["-f", composeFile.path, "--env-file", envFile.path, "config", "--format", "json"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let model = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let app = (model?["services"] as? [String: Any])?["app"] as? [String: Any]
        let environment = app?["environment"] as? [String: String]
        #expect(environment == ["IN_COMPOSE": "bee", "FROM_ENV_FILE": "bee"], "\(String(describing: environment))")

        let dotenv = try python.run(
            "import json, sys, dotenv; print(json.dumps(dict(dotenv.dotenv_values(sys.argv[1]))))", arguments: [envFile.path])
        #expect(dotenv.status == 0, "\(dotenv.stderr)")
        let values = try JSONSerialization.jsonObject(with: Data(dotenv.stdout.utf8)) as? [String: String]
        #expect(values?["NESTED"] == "${B}", "python-dotenv: \(String(describing: values))")
        #expect(values?["NESTED"] != environment?["FROM_ENV_FILE"], "the readers must disagree for the refusal to be needed")
    }
}
