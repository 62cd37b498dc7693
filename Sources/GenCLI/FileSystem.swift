import Foundation

/// What `lstat` says about a path (symbolic links are not followed).
public struct FileStatus: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case regular, directory, symbolicLink, other }
    public var kind: Kind
    /// The permission bits (e.g. `0o644`).
    public var permissions: UInt16

    public init(kind: Kind, permissions: UInt16) {
        self.kind = kind
        self.permissions = permissions
    }
}

/// Why a file operation failed: the path and the operating system's reason, on one line.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The error for `errno` at `path`.
    static func posix(_ path: String, _ code: Int32 = errno) -> FileSystemError {
        FileSystemError(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "\(path): \(reason)" }
}

/// The file operations the CLI needs; tests substitute a failing one.
public protocol FileSystem: Sendable {
    /// The exact bytes of the file at `path` (following links), or nil when it cannot be read.
    func readBytes(_ path: String) -> [UInt8]?
    /// The status of `path` itself (a link is reported as a link), or nil when nothing is there.
    func status(_ path: String) -> FileStatus?
    /// Creates a new file at `path` with `contents` and `permissions`; fails if anything is at `path`
    /// already, also a symbolic link (`O_CREAT|O_EXCL`: never writes through a planted link).
    func createExclusive(_ path: String, contents: [UInt8], permissions: UInt16) throws
    /// Renames `source` over `destination` atomically.
    func rename(_ source: String, to destination: String) throws
    /// Removes the file or link at `path` (never what a link points to).
    func remove(_ path: String)
    func createDirectory(_ path: String) throws
    /// The names in `directory` (empty when it cannot be read).
    func list(_ directory: String) -> [String]
    /// Takes an exclusive lock on the file at `path` (created if missing), waiting for other holders; released by `unlock`.
    func lock(_ path: String) throws -> Int32
    func unlock(_ handle: Int32)
    /// `path` with every symbolic link resolved, or nil when it does not exist.
    func resolvingLinks(_ path: String) -> String?
}

extension FileSystem {
    /// The file at `path` as text (invalid UTF-8 replaced: for display and comparison only, never for writing back).
    public func read(_ path: String) -> String? { readBytes(path).map { String(decoding: $0, as: UTF8.self) } }

    public func isDirectory(_ path: String) -> Bool {
        guard let status = status(path) else { return false }
        if status.kind == .symbolicLink, let resolved = resolvingLinks(path) { return self.status(resolved)?.kind == .directory }
        return status.kind == .directory
    }

    public func exists(_ path: String) -> Bool { status(path) != nil }
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func readBytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    public func status(_ path: String) -> FileStatus? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let kind: FileStatus.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        return FileStatus(kind: kind, permissions: UInt16(info.st_mode & 0o7777))
    }

    public func createExclusive(_ path: String, contents: [UInt8], permissions: UInt16) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard descriptor >= 0 else { throw FileSystemError.posix(path) }
        var failure: FileSystemError?
        var offset = 0
        contents.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .posix(path)
                    return
                }
                offset += written
            }
        }
        // The mode exactly as asked, whatever the umask.
        if failure == nil, fchmod(descriptor, mode_t(permissions)) != 0 { failure = .posix(path) }
        if failure == nil, fsync(descriptor) != 0 { failure = .posix(path) }
        if close(descriptor) != 0, failure == nil { failure = .posix(path) }
        if let failure {
            unlink(path)
            throw failure
        }
    }

    public func rename(_ source: String, to destination: String) throws {
        // rename(2) replaces the destination atomically.
        guard Foundation.rename(source, destination) == 0 else { throw FileSystemError.posix(destination) }
    }

    public func remove(_ path: String) {
        if status(path)?.kind == .directory { rmdir(path) } else { unlink(path) }
    }

    public func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError(
                path: path, reason: "cannot create the folder (\((error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"))")
        }
    }

    public func list(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    public func lock(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(0o644))
        guard descriptor >= 0 else { throw FileSystemError.posix(path) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let failure = FileSystemError.posix(path)
            close(descriptor)
            throw failure
        }
        return descriptor
    }

    public func unlock(_ handle: Int32) {
        flock(handle, LOCK_UN)
        close(handle)
    }

    public func resolvingLinks(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
