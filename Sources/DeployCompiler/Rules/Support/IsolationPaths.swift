import DeployModel

/// Host paths as the isolation rules compare them: normalised, with every folder above them.
enum IsolationPaths {
    /// `components(_:)` of paths already split: services repeat their mount targets and sources.
    struct Memo {
        private var known: [String: [String]] = [:]

        mutating func components(_ path: String) -> [String] {
            if let parts = known[path] { return parts }
            let parts = IsolationPaths.components(path)
            known[path] = parts
            return parts
        }
    }

    /// The normalised components of `path` (no `.`, `..` folded, no empty parts), after a root: `/` for an
    /// absolute path, `.` (the package root) for a relative one, so that `.` contains every relative path.
    static func components(_ path: String) -> [String] {
        (PathMapping.isAbsolute(path) ? ["/"] : ["."]) + PathMapping.components(path)
    }

    /// A hashable spelling of normalised components.
    static func key<C: Collection<String>>(_ components: C) -> String {
        components.joined(separator: "/")
    }

    /// `path` for people: `data/test`, `/srv/x`, `.`.
    static func display(_ components: [String]) -> String {
        switch components.first {
        case "/": "/" + components.dropFirst().joined(separator: "/")
        case ".": components.count == 1 ? "." : components.dropFirst().joined(separator: "/")
        default: components.joined(separator: "/")
        }
    }

    /// The keys of `components` and of every folder above it, most specific first (O(d) keys for depth d).
    /// Only the first `maximumDepth` folders count as ancestors: a deeper path cannot exist
    /// (rule `paths.length` refuses it), and all its prefixes would take O(d²) memory.
    static func selfAndAncestorKeys(_ components: [String]) -> [String] {
        guard components.count <= maximumDepth else {
            return [key(components)] + selfAndAncestorKeys(Array(components.prefix(maximumDepth)))
        }
        var keys: [String] = []
        var prefix = ""
        for (index, part) in components.enumerated() {
            prefix = index == 0 ? part : prefix + "/" + part
            keys.append(prefix)
        }
        return keys.reversed()
    }

    /// The deepest path that fits in `PATH_MAX` (4096 bytes: one-character folders and their slashes).
    static let maximumDepth = 2048

    /// Whether one path equals the other or lies inside it.
    static func nests(_ lhs: [String], _ rhs: [String]) -> Bool {
        let shorter = lhs.count <= rhs.count ? lhs : rhs
        let longer = lhs.count <= rhs.count ? rhs : lhs
        return !shorter.isEmpty && Array(longer.prefix(shorter.count)) == shorter
    }
}
