import Foundation

/// The file operations the CLI needs; tests substitute a failing one.
public protocol FileSystem: Sendable {
    func read(_ path: String) -> String?
    func write(_ contents: String, to path: String) throws
    func rename(_ source: String, to destination: String) throws
    func remove(_ path: String)
    func createDirectory(_ path: String) throws
    func isDirectory(_ path: String) -> Bool
    func exists(_ path: String) -> Bool
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public func write(_ contents: String, to path: String) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    }

    public func rename(_ source: String, to destination: String) throws {
        // rename(2) replaces the destination atomically.
        guard Foundation.rename(source, destination) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
        }
    }

    public func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    public func createDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
