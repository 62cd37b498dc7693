import DeployCompiler

/// Writes generated files all-or-nothing: every changed file goes to a temporary file first,
/// and only when all are written are they renamed over the old ones. Should a rename fail,
/// the files already replaced are put back as they were.
public struct OutputWriter: Sendable {
    public enum Status: String, Sendable { case written, unchanged }

    public var fileSystem: any FileSystem
    public var root: String

    public init(fileSystem: any FileSystem, root: String) {
        self.fileSystem = fileSystem
        self.root = root
    }

    /// Writes `files`; on failure no file has changed.
    public func write(_ files: [GeneratedFile]) throws -> [(path: String, status: Status)] {
        var pending: [(temporary: String, final: String, previous: String?)] = []
        var statuses: [(String, Status)] = []
        do {
            for file in files {
                let path = "\(root)/\(file.path)"
                let previous = fileSystem.read(path)
                if previous == file.contents {
                    statuses.append((file.path, .unchanged))
                    continue
                }
                let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
                if !fileSystem.isDirectory(directory) { try fileSystem.createDirectory(directory) }
                let name = path[path.index(after: path.lastIndex(of: "/")!)...]
                let temporary = "\(directory)/.\(name).homeiq-gen.tmp"
                try fileSystem.write(file.contents, to: temporary)
                pending.append((temporary, path, previous))
                statuses.append((file.path, .written))
            }
        } catch {
            for item in pending { fileSystem.remove(item.temporary) }
            throw error
        }
        var renamed = 0
        do {
            for item in pending {
                try fileSystem.rename(item.temporary, to: item.final)
                renamed += 1
            }
        } catch {
            for item in pending[renamed...] { fileSystem.remove(item.temporary) }
            for item in pending[..<renamed] { restore(item.final, to: item.previous, temporary: item.temporary) }
            throw error
        }
        return statuses
    }

    /// Puts `path` back to `previous` (or removes it when it did not exist), through a temporary file.
    private func restore(_ path: String, to previous: String?, temporary: String) {
        guard let previous else { fileSystem.remove(path); return }
        if (try? fileSystem.write(previous, to: temporary)) != nil, (try? fileSystem.rename(temporary, to: path)) != nil { return }
        fileSystem.remove(temporary)
        try? fileSystem.write(previous, to: path)
    }
}
