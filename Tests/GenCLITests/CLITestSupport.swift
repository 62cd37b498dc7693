import DeployCompiler
import DeployModel
import Foundation
import GenCLI

/// A throw-away package root (Package.swift + Deployments/) in a temporary folder.
struct TemporaryRoot {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-gen-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/Deployments", withIntermediateDirectories: true)
        try Data("// stand-in\n".utf8).write(to: URL(fileURLWithPath: path + "/Package.swift"))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: "\(path)/\(relative)").map { String(decoding: $0, as: UTF8.self) }
    }

    func write(_ text: String, to relative: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/\(relative)"))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A small valid stack for CLI tests.
let cliStack = Stack("demo") {
    Network("demo-network")
    Defaults {
        OnNetwork("demo-network")
        Restart(.unlessStopped)
        Env("DEPLOYMENT_MODE", .deploymentMode)
        Limits(memory: .mib(128), cpus: 0.25)
        Reservations(memory: .mib(64), cpus: 0.05)
        HealthcheckTimings(interval: 30, timeout: 5, retries: 3, startPeriod: 5)
    }
    CoreService("api") {
        Image("example/api:1.0.0")
        Port(8006)
        Env("GREETING", test: "hello test", production: "hello")
        Healthcheck.http(port: 8006)
    }
}

/// A file system that fails the n-th write or rename, to prove that a failed run changes nothing.
struct FailingFileSystem: FileSystem {
    enum Step: Sendable {
        case write(Int)
        case rename(Int)
    }
    struct Failure: Error {}

    let base = LocalFileSystem()
    let step: Step
    let counter = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var writes = 0, renames = 0
        func nextWrite() -> Int {
            lock.lock()
            defer { lock.unlock() }
            writes += 1
            return writes
        }
        func nextRename() -> Int {
            lock.lock()
            defer { lock.unlock() }
            renames += 1
            return renames
        }
    }

    func readBytes(_ path: String) -> [UInt8]? { base.readBytes(path) }
    func status(_ path: String) -> FileStatus? { base.status(path) }
    func createExclusive(_ path: String, contents: [UInt8], permissions: UInt16) throws {
        if case .write(let n) = step, counter.nextWrite() == n { throw FileSystemError(path: path, reason: "No space left on device") }
        try base.createExclusive(path, contents: contents, permissions: permissions)
    }
    func rename(_ source: String, to destination: String) throws {
        if case .rename(let n) = step, counter.nextRename() == n { throw FileSystemError(path: destination, reason: "Input/output error") }
        try base.rename(source, to: destination)
    }
    func remove(_ path: String) { base.remove(path) }
    func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    func list(_ directory: String) -> [String] { base.list(directory) }
    func lock(_ path: String) throws -> Int32 { try base.lock(path) }
    func unlock(_ handle: Int32) { base.unlock(handle) }
    func resolvingLinks(_ path: String) -> String? { base.resolvingLinks(path) }
}
