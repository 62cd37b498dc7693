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
        // One pass: not ASCII, or which letters the key holds (case-insensitively). A key that lacks a letter of
        // every word, suffix and fragment holds none of them (most keys: `LOG_LEVEL`, `SERVICE_PORT`).
        var letters: UInt32 = 0
        for byte in key {
            if byte >= 0x80 { return nil }
            let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
            if upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") { letters |= 1 << UInt32(upper - UInt8(ascii: "A")) }
        }
        guard patternLetters.contains(where: { $0 & letters == $0 }) else { return false }
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
        // A fragment can only start where the (uppercased) byte is the first letter of one.
        let firstLetters = fragmentFirstLetters
        for start in key.indices {
            if let firstLetters {
                var byte = key[start]
                if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 0x20 }
                guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"), firstLetters & (1 << UInt32(byte - UInt8(ascii: "A"))) != 0
                else { continue }
            }
            if fragmentBytes.contains(where: { $0.count <= key.count - start && matches($0, at: start) }) { return true }
        }
        return false
    }

    /// For each word, suffix and fragment, the letters it holds (bit n: the letter `A` + n).
    private static let patternLetters: [UInt32] = (wordBytes + suffixBytes + fragmentBytes).map { needle in
        needle.reduce(UInt32(0)) { mask, byte in
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? mask | 1 << UInt32(byte - UInt8(ascii: "A")) : mask
        }
    }

    /// Bit n is set when a fragment starts with the letter `A` + n; nil when one starts with anything
    /// else (then every position is tried).
    private static let fragmentFirstLetters: UInt32? = fragmentBytes.reduce(UInt32(0)) { mask, needle in
        guard let mask, let first = needle.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return nil }
        return mask | 1 << UInt32(first - UInt8(ascii: "A"))
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
