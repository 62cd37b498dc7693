import DeployModel

/// Splits text into the names a value can mention.
enum IsolationText {
    /// Characters that belong to a name: `[A-Za-z0-9_.-]`.
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// Whether every character of `text` is a name character (then `text` is its own only segment).
    static func isName(_ text: String) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(isNameCharacter) }) { return answer }
        return text.utf8.allSatisfy(isNameCharacter)
    }

    /// The segments of `text`: maximal runs of name characters (so `/`, `:`, `@`, spaces split), without `.` alone.
    /// Linear in the length of `text`.
    static func segments(_ text: String) -> [String] {
        text.utf8.withContiguousStorageIfAvailable(segments) ?? Array(text.utf8).withUnsafeBufferPointer(segments)
    }

    /// `segments(_:)` of contiguous UTF-8 bytes: each run becomes a string once, without a copy per byte.
    private static func segments(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        segmentRanges(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }

    /// Where `segments(_:)` of contiguous UTF-8 bytes lie: the same runs, as byte ranges, with no string made.
    static func segmentRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        guard !bytes.isEmpty else { return result }
        result.reserveCapacity(4)  // a URL's scheme, host, port and path: one allocation, not three
        var start = 0
        for end in 0...bytes.count where end == bytes.count || !isNameCharacter(bytes[end]) {
            if end > start, !(end - start == 1 && bytes[start] == UInt8(ascii: ".")) { result.append(start..<end) }
            start = end + 1
        }
        return result
    }
}
