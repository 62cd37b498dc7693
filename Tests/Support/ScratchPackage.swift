import Foundation

/// A copy of the package at a temporary path fixed per checkout and purpose (so that later runs
/// build incrementally, and two checkouts or two tests never share one), synchronised file by
/// file: unchanged files keep their modification time.
public enum ScratchPackage {
    /// The folders and files a scratch copy holds.
    static let contents = ["Sources", "Deployments", "Tests", "scripts", "infrastructure", "generated", "docs", "Package.swift"]

    /// The scratch copy for `purpose` (e.g. "facts"), brought up to date with the checkout.
    public static func make(_ purpose: String) throws -> URL {
        let repository = PackageRoot.url()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-\(purpose)-scratch-\(checkoutTag(repository))")
        for item in contents {
            try sync(repository.appendingPathComponent(item), to: scratch.appendingPathComponent(item))
        }
        return scratch
    }

    /// A short tag of the checkout's path: FNV-1a of its UTF-8 bytes, in hex.
    private static func checkoutTag(_ repository: URL) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in repository.path.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// Makes `target` a copy of `source` (a file or a folder), writing only what differs.
    private static func sync(_ source: URL, to target: URL) throws {
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: source.path, isDirectory: &isFolder) else { return }
        if !isFolder.boolValue {
            let data = try Data(contentsOf: source)
            if fileManager.contents(atPath: target.path) != data {
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
            }
            return
        }
        try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
        let wanted = Set(try fileManager.contentsOfDirectory(atPath: source.path).filter { $0 != ".build" })
        for stale in try fileManager.contentsOfDirectory(atPath: target.path) where !wanted.contains(stale) {
            try fileManager.removeItem(at: target.appendingPathComponent(stale))
        }
        for name in wanted { try sync(source.appendingPathComponent(name), to: target.appendingPathComponent(name)) }
    }
}
