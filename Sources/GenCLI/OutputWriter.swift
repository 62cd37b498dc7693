import DeployCompiler

/// Writes generated files all-or-nothing.
///
/// Under an exclusive lock (`.homeiq-gen.lock` in the first file's folder, so concurrent runs
/// take turns), it removes temporary files that an interrupted run left behind, writes every
/// changed file to a new temporary file next to it (created exclusively under a unique name, so
/// a planted link is never followed, with the mode of the file it replaces), and only when all
/// are written renames them over the old ones. Should a rename fail, the files already replaced
/// are put back byte for byte, with their modes. A generated file that is a symbolic link is
/// refused before anything changes.
public struct OutputWriter: Sendable {
    public enum Status: String, Sendable { case written, unchanged }

    /// The lock file's name.
    public static let lockName = ".homeiq-gen.lock"
    /// What every temporary file's name contains (`.NAME.homeiq-gen.tmp.UNIQUE`); `.gitignore` lists it.
    public static let temporaryMarker = ".homeiq-gen.tmp"
    /// The mode of a new generated file.
    public static let defaultPermissions: UInt16 = 0o644

    public var fileSystem: any FileSystem
    public var root: String

    public init(fileSystem: any FileSystem, root: String) {
        self.fileSystem = fileSystem
        self.root = root
    }

    /// A failed write: the path relative to the root and the reason, on one line.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    private struct Pending {
        var temporary: String
        var final: String
        var previous: [UInt8]?
        var permissions: UInt16
    }

    /// Writes `files`; on failure no file has changed.
    public func write(_ files: [GeneratedFile]) throws -> [(path: String, status: Status)] {
        guard let first = files.first else { return [] }
        let directories = orderedUnique(files.map { directory(of: "\(root)/\($0.path)") })
        for folder in directories where !fileSystem.isDirectory(folder) {
            do { try fileSystem.createDirectory(folder) } catch { throw readable(error) }
        }
        let lock: Int32
        do { lock = try fileSystem.lock("\(directory(of: "\(root)/\(first.path)"))/\(Self.lockName)") } catch { throw readable(error) }
        defer { fileSystem.unlock(lock) }
        for folder in directories { removeStaleTemporaries(in: folder) }

        var pending: [Pending] = []
        var statuses: [(String, Status)] = []
        do {
            for file in files {
                let path = "\(root)/\(file.path)"
                let bytes = Array(file.contents.utf8)
                let status = fileSystem.status(path)
                switch status?.kind {
                case nil, .regular?: break
                case .symbolicLink?:
                    throw WriteError(
                        path: file.path, reason: "is a symbolic link; a generated file must be a regular file (remove the link and run again)")
                case .directory?, .other?:
                    throw WriteError(path: file.path, reason: "is not a regular file; remove it and run again")
                }
                let previous = status == nil ? nil : fileSystem.readBytes(path)
                if status != nil && previous == nil { throw WriteError(path: file.path, reason: "cannot be read") }
                if previous == bytes {
                    statuses.append((file.path, .unchanged))
                    continue
                }
                let permissions = status?.permissions ?? Self.defaultPermissions
                let temporary = try createTemporary(for: path, contents: bytes, permissions: permissions)
                pending.append(Pending(temporary: temporary, final: path, previous: previous, permissions: permissions))
                statuses.append((file.path, .written))
            }
        } catch {
            for item in pending { fileSystem.remove(item.temporary) }
            throw readable(error)
        }
        var renamed = 0
        do {
            for item in pending {
                try fileSystem.rename(item.temporary, to: item.final)
                renamed += 1
            }
        } catch {
            for item in pending[renamed...] { fileSystem.remove(item.temporary) }
            for item in pending[..<renamed] { restore(item) }
            throw readable(error)
        }
        return statuses
    }

    /// A new temporary file next to `path` holding `contents`, under a name no one else uses.
    private func createTemporary(for path: String, contents: [UInt8], permissions: UInt16) throws -> String {
        let name = path[path.index(after: path.lastIndex(of: "/")!)...]
        var failure: (any Error)?
        for _ in 0..<16 {
            let unique = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = "\(directory(of: path))/.\(name)\(Self.temporaryMarker).\(unique)"
            do {
                try fileSystem.createExclusive(temporary, contents: contents, permissions: permissions)
                return temporary
            } catch {
                failure = error
                if fileSystem.status(temporary) == nil { break }  // not a name clash: a real failure
            }
        }
        throw failure ?? WriteError(path: relative(path), reason: "no free temporary name")
    }

    /// Puts `item.final` back to its previous bytes and mode (or removes it when it did not exist).
    private func restore(_ item: Pending) {
        guard let previous = item.previous else {
            fileSystem.remove(item.final)
            return
        }
        if let temporary = try? createTemporary(for: item.final, contents: previous, permissions: item.permissions) {
            if (try? fileSystem.rename(temporary, to: item.final)) != nil { return }
            fileSystem.remove(temporary)
        }
    }

    /// Removes the temporary files of interrupted runs in `folder` (the lock is held: no run is writing).
    private func removeStaleTemporaries(in folder: String) {
        for name in fileSystem.list(folder) where name.hasPrefix(".") && name.contains(Self.temporaryMarker) {
            fileSystem.remove("\(folder)/\(name)")
        }
    }

    private func directory(of path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// `error` as a `WriteError` with a path relative to the root.
    private func readable(_ error: any Error) -> WriteError {
        if let error = error as? WriteError { return error }
        if let error = error as? FileSystemError { return WriteError(path: relative(error.path), reason: error.reason) }
        return WriteError(path: root, reason: "\(error)")
    }

    private func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
