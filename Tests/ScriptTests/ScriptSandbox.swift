import DeployRender
import Foundation
import TestSupport
import Testing

/// A throw-away copy of the parts of the repository the deploy scripts use: `scripts/` (with the
/// `scripts/testing/` stand-ins), `generated/`, and the infrastructure files the compose files mount.
///
/// The scripts find the repository root from their own location, so running the copies makes them
/// work on this tree: tests never touch the real `generated/`, `data/` or secrets files. Every
/// script runs with a minimal environment (no inherited secrets), `DOCKER` set to the recording
/// stand-in `scripts/testing/fake-docker` and `HOMEIQ_GEN` to a stub that records its arguments.
struct ScriptSandbox {
    let root: URL

    static let repository = PackageRoot.url()

    init() throws {
        let fileManager = FileManager.default
        root = fileManager.temporaryDirectory.appendingPathComponent("homeiq-scripts-\(UUID().uuidString)")
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["scripts", "generated"] {
            try fileManager.copyItem(at: Self.repository.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        for file in [
            "infrastructure/influxdb/init-influxdb.sh", "infrastructure/home-assistant-test/configuration.yaml",
            "infrastructure/secrets.production.env.example",
        ] {
            let target = root.appendingPathComponent(file)
            try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.copyItem(at: Self.repository.appendingPathComponent(file), to: target)
        }
        // Exactly the stand-ins: executable whatever the copy did with the permissions.
        for script in try fileManager.subpathsOfDirectory(atPath: root.appendingPathComponent("scripts").path)
        where script.hasSuffix(".sh") || script.hasPrefix("testing/") {
            try setMode(0o755, "scripts/" + script)
        }
        try write(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >>\"$(dirname \"$0\")/homeiq-gen.log\"\n"
                + "for ((i = 1; i <= ${STUB_GEN_LINES:-0}; i++)); do printf 'stub output line %d\\n' \"$i\"; done\n"
                + "exit \"${STUB_GEN_STATUS:-0}\"\n",
            to: "stub/homeiq-gen", mode: 0o755)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    // MARK: - Files

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    func write(_ text: String, to relative: String, mode: Int? = nil) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        if let mode { try setMode(mode, relative) }
    }

    func setMode(_ mode: Int, _ relative: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path(relative))
    }

    /// Replaces the first occurrence of `old` in a file (the header digest is left as it was).
    func edit(_ relative: String, replacing old: String, with new: String) throws {
        let text = try #require(read(relative), "\(relative) missing")
        guard let range = text.range(of: old) else { throw SandboxError("'\(old)' not in \(relative)") }
        try write(text.replacingCharacters(in: range, with: new), to: relative)
    }

    /// Replaces `old` in a generated file's body and records a correct digest, as a regeneration would.
    func regenerate(_ relative: String, replacing old: String, with new: String) throws {
        let text = try #require(read(relative), "\(relative) missing")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let digestLine = lines.firstIndex(where: { $0.hasPrefix("# sha256: ") }) else { throw SandboxError("\(relative) has no digest") }
        let header = lines[1..<digestLine].map { String($0.dropFirst(2)) }
        let body = lines[(digestLine + 1)...].joined(separator: "\n")
        guard let range = body.range(of: old) else { throw SandboxError("'\(old)' not in \(relative)") }
        try writeGenerated(body.replacingCharacters(in: range, with: new), headerLines: header, to: relative)
    }

    /// Writes a generated file: `body` under a homeiq-gen header with a correct digest.
    func writeGenerated(_ body: String, headerLines: [String], to relative: String) throws {
        try write(GeneratedFileHeader.wrap(body, lines: headerLines, style: .hash), to: relative)
    }

    // MARK: - Running

    /// The docker command lines the stand-in recorded (its arguments, without `docker`).
    var dockerLog: [String] { lines(of: "docker.log") }

    /// The arguments the homeiq-gen stub was called with, one call a line.
    var generatorLog: [String] { lines(of: "stub/homeiq-gen.log") }

    func lines(of relative: String) -> [String] {
        (read(relative) ?? "").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The stand-in docker's path, as the scripts print it.
    var docker: String { path("scripts/testing/fake-docker") }

    /// The environment every script run starts from.
    var baseEnvironment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": root.path,
            "LC_ALL": "C",
            "DOCKER": docker,
            "FAKE_DOCKER_LOG": path("docker.log"),
            "HOMEIQ_GEN": path("stub/homeiq-gen"),
            "GIT_CONFIG_NOSYSTEM": "1",
        ]
    }

    /// Runs `scripts/<script>` of the sandbox with `arguments`; `environment` adds to the base one.
    func run(
        _ script: String, _ arguments: [String] = [], environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) throws -> ProcessResult {
        let merged = baseEnvironment.merging(environment) { _, new in new }
        return try Run.process(
            root.appendingPathComponent("scripts/\(script)"), arguments, environment: merged,
            currentDirectory: currentDirectory ?? root)
    }

    /// Runs git in the sandbox (for the tracked-secrets test).
    func git(_ arguments: [String]) throws -> ProcessResult {
        let git = try #require(Requirement.locate("git"), "git is needed to test the tracked-secrets refusal")
        return try Run.process(git, ["-C", root.path] + arguments, environment: baseEnvironment)
    }
}

/// A sandbox set-up problem.
struct SandboxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ScriptSandbox {
    /// The NAMEs of every `${NAME:?` in `text`, sorted and distinct (read here, independently of the scripts).
    static func requiredSecrets(in text: String) -> [String] {
        var names: Set<String> = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            let after = rest[start.upperBound...]
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if after.dropFirst(name.count).hasPrefix(":?"), !name.isEmpty { names.insert(String(name)) }
            rest = after
        }
        return names.sorted()
    }

    /// Every required production secret of the sandbox's generated file, each with a made-up value.
    var productionSecrets: [String: String] {
        let names = Self.requiredSecrets(in: read("generated/docker-compose.prod.yml") ?? "")
        return Dictionary(uniqueKeysWithValues: names.map { ($0, "value-of-\($0.lowercased())") })
    }
}
