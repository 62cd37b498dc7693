import Foundation

/// The files of the package root as the generation-time checks see them (rule `files.exist`).
///
/// The compiler itself reads nothing: the command line gives it `HostFiles.local(root:)`, tests a stand-in.
public struct HostFiles: Sendable {
    /// What a path is on disk.
    public enum Kind: Sendable, Hashable { case file, directory }

    /// The package root the paths of `Deployments/` are relative to.
    public var root: String
    /// What the path (relative to `root`) is, or nil when nothing is there.
    public var kind: @Sendable (String) -> Kind?

    public init(root: String, kind: @escaping @Sendable (String) -> Kind?) {
        self.root = root
        self.kind = kind
    }

    /// The real files under `root` (symbolic links followed).
    public static func local(root: String) -> HostFiles {
        HostFiles(root: root) { relative in
            var isDirectory: ObjCBool = false
            let path = (root as NSString).appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
            return isDirectory.boolValue ? .directory : .file
        }
    }
}
