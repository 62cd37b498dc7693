/// Maps paths written relative to the package root to paths relative to the output folder,
/// because compose resolves relative paths from the compose file's own folder.
public struct PathMapping: Sendable, Hashable {
    /// The output folder relative to the package root (e.g. `generated`).
    public var outputDirectory: String

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    /// `path` (relative to the package root, or absolute) as seen from the output folder.
    public func fromOutput(_ path: String) -> String {
        if path.hasPrefix("/") || path.hasPrefix("$") || path.hasPrefix("~") { return path }
        let outputParts = Self.components(outputDirectory)
        let targetParts = Self.components(path)
        var common = 0
        while common < outputParts.count, common < targetParts.count, outputParts[common] == targetParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: outputParts.count - common)
        let rest = Array(targetParts[common...])
        let joined = (ups + rest).joined(separator: "/")
        if joined.isEmpty { return "." }
        return joined.hasPrefix("..") ? joined : "./" + joined
    }

    /// Normalised components: no `.`, `..` folded where possible.
    public static func components(_ path: String) -> [String] {
        if let ascii = path.utf8.withContiguousStorageIfAvailable(asciiComponents), let parts = ascii { return parts }
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(String(part))
        }
        return parts
    }

    /// `components` for an all-ASCII path, split on its bytes (where bytes and characters are the
    /// same, without the grapheme breaking of `String.split`); nil when a byte is not ASCII.
    private static func asciiComponents(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        if bytes.contains(where: { $0 >= 0x80 }) { return nil }
        var parts: [String] = []
        for part in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if part.count == 1 && part[part.startIndex] == UInt8(ascii: ".") { continue }
            if part.count == 2 && part.allSatisfy({ $0 == UInt8(ascii: ".") }), let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: part), as: UTF8.self))
        }
        return parts
    }
}
