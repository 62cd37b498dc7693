import DeployModel

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
