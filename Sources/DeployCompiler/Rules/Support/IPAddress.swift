/// IP address syntax, as Docker parses a published port's host address or an extra host's address.
enum IPAddress {
    /// Whether `text` is an IPv4 address (`127.0.0.1`) or an IPv6 address (`::1`, `[::1]`).
    static func isValid(_ text: String) -> Bool {
        if text.hasPrefix("["), text.hasSuffix("]") { return isIPv6(String(text.dropFirst().dropLast())) }
        return isIPv4(text) || isIPv6(text)
    }

    /// Four decimal octets 0-255, without leading zeros (Go's `net.ParseIP` refuses them).
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else { return false }
                return value <= 255 && !(part.count > 1 && part.hasPrefix("0"))
            }
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
