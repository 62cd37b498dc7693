import DeployCompiler
import Foundation
import GenCLI
import Testing

/// Part 5 of issue 9: a failed generate changes nothing, byte for byte, mode for mode; temporary
/// files are exclusive, unique and cleaned up; runs take turns.
@Suite("OutputWriter: writes that really change nothing")
struct OutputWriterTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/generated", withIntermediateDirectories: true)
        return path
    }

    private func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

    private func mode(_ path: String) -> UInt16? { LocalFileSystem().status(path)?.permissions }

    private let files = [GeneratedFile(path: "generated/a.yml", contents: "a: new\n"), GeneratedFile(path: "generated/b.env", contents: "B=new\n")]

    @Test("a failed rename restores the exact bytes (invalid UTF-8 too) and modes 600/755 of the files already replaced")
    func restoresBytesAndModes() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let invalid: [UInt8] = [0x61, 0x3A, 0x20, 0xFF, 0xFE, 0xC3, 0x0A]  // not UTF-8
        try Data(invalid).write(to: URL(fileURLWithPath: root + "/generated/a.yml"))
        chmod(root + "/generated/a.yml", 0o600)
        try Data("B=old\n".utf8).write(to: URL(fileURLWithPath: root + "/generated/b.env"))
        chmod(root + "/generated/b.env", 0o755)
        let writer = OutputWriter(fileSystem: FailingFileSystem(step: .rename(2)), root: root)
        #expect(throws: OutputWriter.WriteError.self) { try writer.write(files) }
        #expect(bytes(root + "/generated/a.yml") == invalid)
        #expect(mode(root + "/generated/a.yml") == 0o600)
        #expect(bytes(root + "/generated/b.env") == Array("B=old\n".utf8))
        #expect(mode(root + "/generated/b.env") == 0o755)
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/generated").sorted()
        #expect(names == [OutputWriter.lockName, "a.yml", "b.env"], "\(names)")
    }

    @Test("a successful write keeps each file's mode")
    func keepsModes() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: root + "/generated/a.yml"))
        chmod(root + "/generated/a.yml", 0o600)
        _ = try OutputWriter(fileSystem: LocalFileSystem(), root: root).write(files)
        #expect(mode(root + "/generated/a.yml") == 0o600)
        #expect(mode(root + "/generated/b.env") == OutputWriter.defaultPermissions)
        #expect(bytes(root + "/generated/a.yml") == Array("a: new\n".utf8))
    }

    @Test("a symlinked generated file is refused with a clear error; nothing changes, the link's target neither")
    func refusesSymlink() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("elsewhere\n".utf8).write(to: URL(fileURLWithPath: root + "/target.txt"))
        symlink(root + "/target.txt", root + "/generated/b.env")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: root + "/generated/a.yml"))
        let writer = OutputWriter(fileSystem: LocalFileSystem(), root: root)
        do {
            _ = try writer.write(files)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "generated/b.env: is a symbolic link; a generated file must be a regular file (remove the link and run again)")
        }
        #expect(LocalFileSystem().status(root + "/generated/b.env")?.kind == .symbolicLink)
        #expect(bytes(root + "/target.txt") == Array("elsewhere\n".utf8))
        #expect(bytes(root + "/generated/a.yml") == Array("old\n".utf8))
    }

    @Test("a symlink planted at a temporary name is never followed, and stale temporaries are removed")
    func plantedLinkAndStaleTemporaries() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("outside\n".utf8).write(to: URL(fileURLWithPath: root + "/outside.txt"))
        symlink(root + "/outside.txt", root + "/generated/.a.yml.homeiq-gen.tmp")  // the old fixed name
        try Data("stale".utf8).write(to: URL(fileURLWithPath: root + "/generated/.b.env.homeiq-gen.tmp.k1llz"))  // after SIGKILL
        _ = try OutputWriter(fileSystem: LocalFileSystem(), root: root).write(files)
        #expect(bytes(root + "/outside.txt") == Array("outside\n".utf8))
        #expect(LocalFileSystem().status(root + "/outside.txt")?.kind == .regular)
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/generated").sorted()
        #expect(names == [OutputWriter.lockName, "a.yml", "b.env"], "\(names)")
    }

    @Test("temporary files are created exclusively: an existing file at the name is an error, not overwritten")
    func exclusiveCreate() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/generated/x"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: FileSystemError(path: path, reason: String(cString: strerror(EEXIST)))) {
            try LocalFileSystem().createExclusive(path, contents: [0x41], permissions: 0o644)
        }
        #expect(bytes(path) == Array("keep".utf8))
    }

    @Test("concurrent runs take turns: every run succeeds and no temporary file is left")
    func concurrentRuns() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let contents = (0..<8).map { index in
            [GeneratedFile(path: "generated/a.yml", contents: "a: \(index)\n" + String(repeating: "x", count: 100_000))]
        }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: contents.count) { index in
            do { _ = try OutputWriter(fileSystem: LocalFileSystem(), root: root).write(contents[index]) } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let final = String(decoding: bytes(root + "/generated/a.yml") ?? [], as: UTF8.self)
        #expect(contents.contains { $0[0].contents == final })
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/generated").sorted()
        #expect(names == [OutputWriter.lockName, "a.yml"], "\(names)")
    }

    @Test("a write error is one line with the path and the OS reason")
    func readableError() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: root + "/docs"))
        do {
            _ = try OutputWriter(fileSystem: LocalFileSystem(), root: root).write([
                GeneratedFile(path: "generated/a.yml", contents: "a\n"), GeneratedFile(path: "docs/X.md", contents: "x\n"),
            ])
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("docs: ") && !text.contains("\n") && !text.contains("NSError") && !text.contains("Domain="), "\(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/generated/a.yml"))
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.withLock { items.append(item) } }
        var all: [String] { lock.withLock { items } }
    }
}

@Suite("CLI: --root and --output are checked before anything is written")
struct RootAndOutputTests {
    @Test("--root at a folder that is not a package exits 2")
    func rootNotAPackage() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--root", root.path + "/Deployments"])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("is not a package root"))
    }

    @Test("--output Package.swift is a usage error (2); nothing is written")
    func outputIsAFile() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--output", "Package.swift"])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("--output must be a folder"))
        #expect(root.read("Package.swift") == "// stand-in\n")
    }

    @Test("--output through a link that leaves the root is a usage error (2)")
    func outputLinkOutside() throws {
        let root = try TemporaryRoot()
        let outside = try TemporaryRoot()
        defer {
            root.remove()
            outside.remove()
        }
        symlink(outside.path, root.path + "/out")
        let result = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--output", "out/generated"])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/generated"))
    }

    @Test("after an interrupted run, --check says so and the next run repairs")
    func interruptedRun() throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        #expect(CommandLineTool(stack: cliStack, currentDirectory: root.path).run([]).exitCode == 0)
        // What SIGKILL between two renames leaves: one file new, one old, a temporary file.
        try root.write("stale\n", to: "generated/env.test")
        try root.write("half", to: "generated/.env.production.homeiq-gen.tmp.dead")
        let check = CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--check"])
        #expect(check.exitCode == 1 && check.standardError.contains("generated/env.test"), "\(check.standardError)")
        #expect(CommandLineTool(stack: cliStack, currentDirectory: root.path).run([]).exitCode == 0)
        #expect(CommandLineTool(stack: cliStack, currentDirectory: root.path).run(["--check"]).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: root.path + "/generated/.env.production.homeiq-gen.tmp.dead"))
    }

    @Test("the temporary and lock names are ignored by git")
    func gitignore() throws {
        let text = try String(contentsOfFile: PackageRootPath.path + "/.gitignore", encoding: .utf8)
        #expect(text.split(separator: "\n").contains(".homeiq-gen.lock"))
        #expect(text.split(separator: "\n").contains(".*.homeiq-gen.tmp*"))
    }
}

enum PackageRootPath {
    static var path: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url.path
    }
}
