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
        let seed = ProcessInfo.processInfo.environment["HOMEIQ_YAML_SEED"].flatMap(Int.init) ?? Int.random(in: 1...1_000_000_000)
        let count = 10_000
        let documents = try PyYAMLReference.run(python, ["random", String(seed), String(count)])
        try #require(documents.count == count)
        var failures = 0
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
            } catch {
                failures += 1
                if failures <= 5 { Issue.record("DeployRead refused \(context)\n\(error)") }
            }
        }
        #expect(failures == 0, "\(failures) of \(count) random documents differ (seed \(seed))")
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
