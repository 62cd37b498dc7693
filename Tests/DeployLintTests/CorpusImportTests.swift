import DeployModel
import Foundation
import GenCLI
import TestSupport
import Testing

/// `import` on the 39 real hand-written compose files of the corpus: each imports, the same bytes twice,
/// and the Swift it writes type-checks against the DSL as built (so an engineer's next step compiles).
@Suite("import: the compose corpus")
struct CorpusImportTests {
    static var corpus: URL { PackageRoot.url().appendingPathComponent("Tests/DeployReadTests/Fixtures/compose-corpus/awesome-compose") }

    static func files() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "yml" || url.pathExtension == "yaml" { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test(
        "every corpus file imports into Swift that type-checks against DeployModel",
        .enabled(if: Requirement.toolAvailableOrCI("swiftc"), "needs the Swift toolchain"))
    func everyCorpusFileImportsAndTypeChecks() throws {
        let swiftc = try #require(Requirement.tool("swiftc"))
        let modules = PackageRoot.url().appendingPathComponent(".build/debug/Modules")
        try #require(
            FileManager.default.fileExists(atPath: modules.appendingPathComponent("DeployModel.swiftmodule").path),
            "no DeployModel.swiftmodule in .build/debug/Modules: run 'swift build --build-tests' first")
        let files = try Self.files()
        #expect(files.count == 39)
        var clean = 0
        for file in files {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-corpus-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent("docker-compose.yml"))
            let tool = CommandLineTool(stack: Stack(name: "unused", elements: [], location: .unknown), currentDirectory: folder.path)
            let first = tool.run(["import", "docker-compose.yml", "--into", "a"])
            let second = tool.run(["import", "docker-compose.yml", "--into", "b"])
            let name = file.path.replacingOccurrences(of: Self.corpus.path + "/", with: "")
            #expect(first.exitCode == 0, "\(name): \(first.standardError)")
            #expect(second.exitCode == 0, "\(name), imported a second time: \(second.standardError)")
            if !first.standardError.contains("warning: [import.") { clean += 1 }
            let sources = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a").path).filter {
                $0.hasSuffix(".swift")
            }
            .sorted()
            #expect(sources.contains("HomeIQ.swift"), "\(name)")
            for source in sources {
                #expect(
                    FileManager.default.contents(atPath: folder.appendingPathComponent("a/\(source)").path)
                        == FileManager.default.contents(atPath: folder.appendingPathComponent("b/\(source)").path), "\(name): \(source) differs")
            }
            let check = try Run.process(
                swiftc, ["-typecheck", "-swift-version", "6", "-I", modules.path] + sources.map { folder.appendingPathComponent("a/\($0)").path })
            #expect(check.status == 0, "\(name): the imported Swift does not type-check:\n\(check.stderr)")
        }
        // Measured when written: 23 of the 39 import with no key left out (the rest: secrets, runtime, hostname, …).
        #expect(clean >= 20, "only \(clean) corpus files import without an import warning")
    }
}
