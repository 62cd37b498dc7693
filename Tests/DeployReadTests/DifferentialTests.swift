import DeployRead
import Foundation
import TestSupport
import Testing

/// DeployRead reads what PyYAML reads: the same trees, positions, scalar styles and (after merge keys) data.
@Suite("DeployRead against PyYAML")
struct DifferentialTests {
    /// The awesome-compose corpus (CC0), the hand-written reader fixtures, and every YAML file the project generates.
    static var files: [URL] {
        Fixtures.files(under: "compose-corpus") + Fixtures.files(under: "reader")
            + ["generated/docker-compose.test.yml", "generated/docker-compose.prod.yml"].map { PackageRoot.url().appendingPathComponent($0) }
    }

    @Test(.enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func corpusAndGeneratedFilesReadIdentically() throws {
        guard let python = Requirement.python() else { return }
        let files = Self.files
        #expect(files.count >= 44, "the corpus has 39 compose files, plus 3 reader fixtures and 2 generated files")
        let reference = try PyYAMLReference.run(python, ["files"] + files.map(\.path))
        try #require(reference.count == files.count)
        var compared = 0
        for (file, expected) in zip(files, reference) {
            let bytes = Array(try Data(contentsOf: file))
            if let pyError = expected["error"] as? String {
                Issue.record("PyYAML could not read \(file.lastPathComponent): \(pyError)")
                continue
            }
            let node: YAML.Node?
            do {
                node = try YAML.read(bytes)
            } catch {
                Issue.record("DeployRead refused \(file.path): \(error)")
                continue
            }
            let ours = Canonical.text(node)
            let theirs = expected["canon"] as? String ?? "-"
            #expect(ours == theirs, "\(file.path): trees differ: \(Canonical.difference(ours, theirs))")
            let merged = Canonical.text(try node?.resolvingMerges())
            let theirsMerged = expected["merged"] as? String ?? "-"
            #expect(merged == theirsMerged, "\(file.path): trees differ after merge keys: \(Canonical.difference(merged, theirsMerged))")
            try comparePlains(node, expected["plains"], context: file.path)
            compared += 1
        }
        #expect(compared == files.count)
    }

    @Test(.enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func randomDocumentsReadIdentically() throws {
        guard let python = Requirement.python() else { return }
        // From HOMEIQ_YAML_SEED, else from the commit under test (a rehearsal runs the documents CI will).
        let (drawn, source) = RunSeed.value(environmentVariable: "HOMEIQ_YAML_SEED", upperBound: 1_000_000_000)
        let seed = Int(drawn)
        let count = 10_000
        print("random YAML documents: seed \(seed) (from \(source)), \(count) documents; replay: HOMEIQ_YAML_SEED=\(seed)")
        let documents = try PyYAMLReference.run(python, ["random", String(seed), String(count)])
        try #require(documents.count == count)
        var failures = 0
        var documented = 0
        for (number, document) in documents.enumerated() {
            let text = document["doc"] as! String
            let context =
                "seed \(seed) (rerun with HOMEIQ_YAML_SEED=\(seed)), document \(number), options \(document["options"] as! String):\n\(text)"
            do {
                let node = try YAML.read(text)
                let same = Canonical.text(node) == document["canon"] as? String
                if !same {
                    failures += 1
                    if failures <= 5 {
                        Issue.record("tree differs for \(context)\n\(Canonical.difference(Canonical.text(node), document["canon"] as! String))")
                    }
                    continue
                }
                try comparePlains(node, document["plains"], context: context)
            } catch  where Self.isNonSpecificTagDuplicate(error, in: text) {
                documented += 1
            } catch {
                failures += 1
                if failures <= 5 { Issue.record("DeployRead refused \(context)\n\(error)") }
            }
        }
        if documented > 0 { print("random YAML documents: \(documented) duplicate keys only under YAML 1.2 (`! 'null'` is the string 'null')") }
        #expect(failures == 0, "\(failures) of \(count) random documents differ (seed \(seed))")
    }

    /// The documented difference the random documents meet: PyYAML resolves a quoted scalar under the non-specific
    /// tag `!` as if it were plain (`! 'null'` is null, `! '12'` is 12), YAML 1.2 and Compose read it as the string.
    /// So `{'null': a, ! 'null': b}` holds two keys for PyYAML and one key twice for DeployRead and Compose.
    static func isNonSpecificTagDuplicate(_ error: any Error, in text: String) -> Bool {
        "\(error)".contains("duplicate key") && (text.contains("! '") || text.contains("! \""))
    }

    @Test(
        "`! 'null'` beside 'null': one key twice for DeployRead and Compose (YAML 1.2), two keys for PyYAML (YAML 1.1)",
        .enabled(
            if: Requirement.pythonAvailableOrCI && Requirement.composeAvailableOrCI,
            "needs the validator Python and Docker Compose v2: run scripts/test.sh"))
    func nonSpecificTagOnAQuotedKey() throws {
        guard let python = Requirement.python(), let compose = Requirement.compose() else { return }
        let text = "services:\n  a:\n    image: busybox\n    labels:\n      'null': a\n      ! 'null': b\n"
        #expect(throws: (any Error).self) { try YAML.read(text) }
        do {
            _ = try YAML.read(text)
        } catch {
            #expect(Self.isNonSpecificTagDuplicate(error, in: text), "\(error)")
            #expect("\(error)".hasPrefix("6:7: duplicate key 'null' (first at line 5)"), "\(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-tag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("compose.yml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let pyYAML = try python.run(
            "import sys, yaml; print(' '.join(sorted(map(repr, yaml.safe_load(open(sys.argv[1]))['services']['a']['labels']))))",
            arguments: [file.path])
        #expect(pyYAML.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "'null' None", "\(pyYAML.stdout)\(pyYAML.stderr)")
        let config = try Run.process(compose, ["-f", file.path, "config"], environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path])
        #expect(config.status != 0)
        #expect(config.stderr.contains("mapping key \"null\" already defined at line 5"), "\(config.stderr)")
    }

    /// Each plain scalar resolves as PyYAML resolves it, except the documented YAML 1.1 differences.
    func comparePlains(_ node: YAML.Node?, _ expected: Any?, context: String) throws {
        let ours = Canonical.plains(node)
        let theirs = (expected as? [[String]]) ?? []
        try #require(ours.count == theirs.count, "\(context): plain scalar count")
        for ((value, core), reference) in zip(ours, theirs) where core != reference[1] {
            #expect(
                YAML11Difference.explains(value, py: reference[1], core: core),
                "\(context): plain `\(value)` is \(core) here, \(reference[1]) in PyYAML, and that is no documented difference")
        }
    }
}
