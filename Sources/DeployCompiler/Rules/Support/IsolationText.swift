import DeployModel

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
