import Foundation

/// The Python interpreter with the pinned validators (PyYAML, python-dotenv, compose-spec, jsonschema).
public struct ValidatorPython: Sendable {
    /// The interpreter.
    public let executable: URL

    /// An interpreter at `executable` (not checked; prefer `find()`).
    public init(executable: URL) {
        self.executable = executable
    }

    /// The Python with the pinned validators: $HOMEIQ_PYTHON, else <root>/.venv/bin/python.
    /// nil when absent or when `import yaml, dotenv, compose_spec, jsonschema` fails.
    /// Looked up once per test process (the check starts Python).
    public static func find() -> ValidatorPython? {
        cached
    }

    /// The result of the one lookup (an immutable lazily initialised constant).
    private static let cached: ValidatorPython? = lookUp()

    private static func lookUp() -> ValidatorPython? {
        let candidate: URL
        if let path = ProcessInfo.processInfo.environment["HOMEIQ_PYTHON"], !path.isEmpty {
            candidate = URL(fileURLWithPath: path)
        } else {
            candidate = PackageRoot.url().appendingPathComponent(".venv/bin/python")
        }
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else { return nil }
        let python = ValidatorPython(executable: candidate)
        guard let result = try? python.run("import yaml, dotenv, compose_spec, jsonschema"),
            result.status == 0
        else { return nil }
        return python
    }

    /// Runs `script` (Python source) with `arguments`, feeding `stdin`; returns (exit status, stdout, stderr).
    public func run(_ script: String, arguments: [String] = [], stdin: Data = Data()) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONIOENCODING"] = "utf-8"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        return try Run.process(executable, ["-c", script] + arguments, environment: environment, stdin: stdin)
    }
}
