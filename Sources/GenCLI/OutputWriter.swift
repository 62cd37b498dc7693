import DeployCompiler

/// Writes generated files all-or-nothing: every changed file goes to a temporary file first,
/// and only when all are written are they renamed over the old ones.
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
        var pending: [(temporary: String, final: String)] = []
        var statuses: [(String, Status)] = []
        do {
            for file in files {
                let path = "\(root)/\(file.path)"
                if fileSystem.read(path) == file.contents {
                    statuses.append((file.path, .unchanged))
                    continue
                }
                let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
                if !fileSystem.isDirectory(directory) { try fileSystem.createDirectory(directory) }
                let name = path[path.index(after: path.lastIndex(of: "/")!)...]
                let temporary = "\(directory)/.\(name).homeiq-gen.tmp"
                try fileSystem.write(file.contents, to: temporary)
                pending.append((temporary, path))
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
            throw error
        }
        return statuses
    }
}
