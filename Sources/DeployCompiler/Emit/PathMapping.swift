/// Maps paths written relative to the package root to paths relative to the output folder,
/// because compose resolves relative paths from the compose file's own folder.
public struct PathMapping: Sendable, Hashable {
    /// The output folder relative to the package root (e.g. `generated`).
    public var outputDirectory: String {
        didSet { outputParts = Self.components(outputDirectory) }
    }
    /// `outputDirectory`'s components, split once (every bind mount and env file is mapped).
    private var outputParts: [String]

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
        outputParts = Self.components(outputDirectory)
    }

    /// `path` (relative to the package root, or absolute) as seen from the output folder.
    public func fromOutput(_ path: String) -> String {
        if let first = path.utf8.first, [UInt8(ascii: "/"), UInt8(ascii: "$"), UInt8(ascii: "~")].contains(first) { return path }
        // A plain path (most: `data/production`) that leaves the output folder at once: `..` per folder, then the path
        // as written, which is what the general case below makes of it (its components are its own text).
        if let outputFirst = outputParts.first, let length = Self.plainFirstComponentLength(path) {
            let first = String(decoding: path.utf8.prefix(length), as: UTF8.self)
            if first != outputFirst { return String(repeating: "../", count: outputParts.count) + path }
        }
        let targetParts = Self.components(path)
        var common = 0
        while common < outputParts.count, common < targetParts.count, outputParts[common] == targetParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: outputParts.count - common)
        let rest = Array(targetParts[common...])
        let joined = (ups + rest).joined(separator: "/")
        if joined.isEmpty { return "." }
        return joined.hasPrefix("..") ? joined : "./" + joined
    }

    /// The UTF-8 length of the first component of `path` when `path` is ASCII and each of its components is
    /// plain (not empty, `.` or `..`: `components` keeps them as they are), else nil.
    private static func plainFirstComponentLength(_ path: String) -> Int? {
        var firstLength: Int?
        var componentLength = 0
        var dots = 0
        for byte in path.utf8 {
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || dots == componentLength && dots <= 2 { return nil }
                if firstLength == nil { firstLength = componentLength }
                componentLength = 0
                dots = 0
                continue
            }
            componentLength += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        if componentLength == 0 || dots == componentLength && dots <= 2 { return nil }
        return firstLength ?? componentLength
    }

    /// Whether `path` starts with `/`, on bytes (`"/\u{301}x".hasPrefix("/")` is false: one Character).
    public static func isAbsolute(_ path: String) -> Bool {
        path.utf8.first == UInt8(ascii: "/")
    }

    /// Normalised components: no `.`, `..` folded where possible.
    public static func components(_ path: String) -> [String] {
        // On bytes, as the kernel splits a path: `/` followed by a combining mark is one Character,
        // and `String.split` on Characters would not split there (`x/\u{301}/../y` folded to `y`).
        let pieces = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        var parts: [String] = []
        parts.reserveCapacity(pieces.count)
        for part in pieces {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8), let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(String(decoding: part, as: UTF8.self))
        }
        return parts
    }
}
