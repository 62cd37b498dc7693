/// IP address syntax, as Docker parses a published port's host address or an extra host's address.
enum IPAddress {
    /// Whether `text` is an IPv4 address (`127.0.0.1`) or an IPv6 address (`::1`, `[::1]`).
    static func isValid(_ text: String) -> Bool {
        if text.hasPrefix("["), text.hasSuffix("]") { return isIPv6(String(text.dropFirst().dropLast())) }
        return isIPv4(text) || isIPv6(text)
    }

    /// Four decimal octets 0-255, without leading zeros (Go's `net.ParseIP` refuses them).
    static func isIPv4(_ text: String) -> Bool {
        // ASCII text (most addresses) is read on its bytes, which are its characters.
        if let answer = text.utf8.withContiguousStorageIfAvailable(asciiIsIPv4), let ascii = answer { return ascii }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else { return false }
                return value <= 255 && !(part.count > 1 && part.hasPrefix("0"))
            }
    }

    /// `isIPv4` for ASCII bytes; nil when a byte is not ASCII.
    private static func asciiIsIPv4(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var octets = 0
        var digits = 0
        var value = 0
        var leadingZero = false
        var valid = true
        for byte in bytes {
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: ".") {
                if digits == 0 || value > 255 || (leadingZero && digits > 1) { valid = false }
                octets += 1
                (digits, value, leadingZero) = (0, 0, false)
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                digits += 1
                if digits > 3 { valid = false } else { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
            } else {
                valid = false
            }
        }
        if digits == 0 || value > 255 || (leadingZero && digits > 1) { valid = false }
        return valid && octets == 3
    }

    /// Eight groups of 1-4 hex digits, one `::` standing for one or more zero groups, an IPv4 tail allowed.
    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ half: String) -> Int? {
            if half.isEmpty { return 0 }
            var count = 0
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index == parts.count - 1, part.contains(".") {
                    guard isIPv4(String(part)) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(part.count), part.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
                    count += 1
                }
            }
            return count
        }
        guard let head = groups(halves[0]) else { return false }
        if halves.count == 1 { return head == 8 }
        guard let tail = groups(halves[1]) else { return false }
        return head + tail < 8
    }
}
