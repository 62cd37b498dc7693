import DeployModel

/// Host paths as the isolation rules compare them: normalised, with every folder above them.
enum IsolationPaths {
    /// The normalised components of `path` (no `.`, `..` folded, no empty parts), after a root: `/` for an
    /// absolute path, `.` (the package root) for a relative one, so that `.` contains every relative path.
    static func components(_ path: String) -> [String] {
        (path.hasPrefix("/") ? ["/"] : ["."]) + PathMapping.components(path)
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
    static func selfAndAncestorKeys(_ components: [String]) -> [String] {
        var keys: [String] = []
        var prefix = ""
        for (index, part) in components.enumerated() {
            prefix = index == 0 ? part : prefix + "/" + part
            keys.append(prefix)
        }
        return keys.reversed()
    }

    /// Whether one path equals the other or lies inside it.
    static func nests(_ lhs: [String], _ rhs: [String]) -> Bool {
        let shorter = lhs.count <= rhs.count ? lhs : rhs
        let longer = lhs.count <= rhs.count ? rhs : lhs
        return !shorter.isEmpty && Array(longer.prefix(shorter.count)) == shorter
    }
}

/// Which environment keys and variable names hold secrets.
enum SecretNames {
    /// Case-insensitive: ends with `_TOKEN`, `_PASSWORD`, `_PASS`, or contains `SECRET`, `API_KEY`,
    /// `APIKEY`, `PRIVATE_KEY`, `CREDENTIAL`, `PASSWD` (bare `TOKEN` and `PASSWORD` too).
    static func looksSecret(_ key: String) -> Bool {
        if let ascii = key.utf8.withContiguousStorageIfAvailable(asciiLooksSecret), let answer = ascii { return answer }
        let upper = key.uppercased()
        if words.contains(upper) { return true }
        if suffixes.contains(where: { upper.hasSuffix($0) }) { return true }
        return fragments.contains { upper.contains($0) }
    }

    /// Keys that are secret as a whole, suffixes and fragments that make a key secret (uppercase).
    static let words = ["TOKEN", "PASSWORD", "PASS"]
    static let suffixes = ["_TOKEN", "_PASSWORD", "_PASS"]
    static let fragments = ["SECRET", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL", "PASSWD"]
    private static let wordBytes = words.map { Array($0.utf8) }
    private static let suffixBytes = suffixes.map { Array($0.utf8) }
    private static let fragmentBytes = fragments.map { Array($0.utf8) }

    /// `looksSecret` for an all-ASCII key, compared case-insensitively on its bytes without allocating
    /// (`uppercased()` and substring search cost ~20 µs a key); nil when a byte is not ASCII.
    private static func asciiLooksSecret(_ key: UnsafeBufferPointer<UInt8>) -> Bool? {
        if key.contains(where: { $0 >= 0x80 }) { return nil }
        func matches(_ needle: [UInt8], at start: Int) -> Bool {
            for offset in needle.indices {
                var byte = key[start + offset]
                if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 0x20 }
                if byte != needle[offset] { return false }
            }
            return true
        }
        if wordBytes.contains(where: { $0.count == key.count && matches($0, at: 0) }) { return true }
        if suffixBytes.contains(where: { $0.count <= key.count && matches($0, at: key.count - $0.count) }) { return true }
        return fragmentBytes.contains { needle in
            needle.count <= key.count && (0...(key.count - needle.count)).contains { matches(needle, at: $0) }
        }
    }

    /// `"<secret>"` style rendering of a resolved value that never shows literal text.
    static func shape(_ value: ResolvedValue) -> String {
        value.parts.map { part in
            switch part {
            case .literal: "<literal>"
            case .secret(let name, _): "${\(name):?…}"
            case .variable(let name, let fallback): fallback.map { $0.isEmpty ? "${\(name):-}" : "${\(name):-<literal>}" } ?? "${\(name)}"
            }
        }.joined()
    }
}

/// Splits text into the names a value can mention.
enum IsolationText {
    /// Characters that belong to a name: `[A-Za-z0-9_.-]`.
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// The segments of `text`: maximal runs of name characters (so `/`, `:`, `@`, spaces split), without `.` alone.
    /// Linear in the length of `text`.
    static func segments(_ text: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty, current != [UInt8(ascii: ".")] { result.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if isNameCharacter(byte) { current.append(byte) } else { flush() }
        }
        flush()
        return result
    }
}

/// The text a resolved value contributes to the generated files and could name a resource with:
/// literal parts and variable defaults (not the names of secret or variable references).
extension ResolvedValue {
    var isolationScannedText: [String] {
        parts.compactMap { part in
            switch part {
            case .literal(let text): text
            case .variable(_, let fallback): fallback
            case .secret: nil
            }
        }
    }
}
