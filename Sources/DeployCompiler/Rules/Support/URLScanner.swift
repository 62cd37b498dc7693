import DeployRender

/// Finds `scheme://[user[:password]@]host[:port]` URLs inside free text, without regular expressions.
enum URLScanner {
    /// One URL found in a text.
    struct Found: Hashable {
        var scheme: String
        var user: String?
        var password: String?
        var host: String
        /// The explicit port, or the scheme's default (`http`/`ws` 80, `https`/`wss` 443), or nil.
        var port: Int?
        /// Whether `port` was written in the URL.
        var portIsExplicit: Bool
    }

    /// The URLs of texts already scanned: a stack repeats its URLs (`http://influxdb:8086` in many
    /// services), so a rule that scans every value keeps one.
    struct Memo {
        private var found: [String: [Found]] = [:]

        /// `URLScanner.urls(in: text)`, scanned once per distinct text.
        mutating func urls(in text: String) -> [Found] {
            // Text without ':' holds no URL: answered without hashing it.
            guard text.containsUTF8(UInt8(ascii: ":")) else { return [] }
            if let known = found[text] { return known }
            let urls = URLScanner.urls(in: text)
            found[text] = urls
            return urls
        }
    }

    /// Default ports of the schemes whose default is unambiguous.
    static let defaultPorts: [String: Int] = ["http": 80, "ws": 80, "https": 443, "wss": 443]

    /// Every URL of `text`, in order. Linear in the length of `text`.
    static func urls(in text: String) -> [Found] {
        // Most values hold no "://" at all, so not even a ':'.
        guard text.containsUTF8(UInt8(ascii: ":")) else { return [] }
        let bytes = Array(text.utf8)
        var result: [Found] = []
        var index = 0
        while index + 2 < bytes.count {
            guard bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") else {
                index += 1
                continue
            }
            var schemeStart = index
            while schemeStart > 0, isSchemeCharacter(bytes[schemeStart - 1]) { schemeStart -= 1 }
            let scheme = String(decoding: bytes[schemeStart..<index], as: UTF8.self).lowercased()
            var end = index + 3
            while end < bytes.count, !isAuthorityTerminator(bytes[end]) { end += 1 }
            let authority = String(decoding: bytes[(index + 3)..<end], as: UTF8.self)
            if !scheme.isEmpty, let found = parse(scheme: scheme, authority: authority) { result.append(found) }
            index = end
        }
        return result
    }

    private static func parse(scheme: String, authority: String) -> Found? {
        // ASCII text (most URLs) is searched on its bytes, which are its characters: a Character search
        // walks grapheme clusters. Other text keeps the Character search.
        let ascii = authority.utf8.allSatisfy { $0 < 0x80 }
        func last(_ character: Character, in text: Substring) -> String.Index? {
            ascii ? text.utf8.lastIndex(of: character.asciiValue!) : text.lastIndex(of: character)
        }
        func first(_ character: Character, in text: Substring) -> String.Index? {
            ascii ? text.utf8.firstIndex(of: character.asciiValue!) : text.firstIndex(of: character)
        }
        var hostPort = Substring(authority)
        var user: String?
        var password: String?
        if let at = last("@", in: hostPort) {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = first(":", in: userInfo) {
                user = String(userInfo[..<colon])
                password = String(userInfo[userInfo.index(after: colon)...])
            } else {
                user = String(userInfo)
            }
        }
        var host = hostPort
        var port: Int?
        var explicit = false
        if hostPort.hasPrefix("["), let close = first("]", in: hostPort) {
            host = hostPort[...close]
            let rest = hostPort[hostPort.index(after: close)...]
            if rest.hasPrefix(":") {
                port = Int(rest.dropFirst())
                explicit = port != nil
            }
        } else if let colon = last(":", in: hostPort) {
            host = hostPort[..<colon]
            port = Int(hostPort[hostPort.index(after: colon)...])
            explicit = port != nil
        }
        guard !host.isEmpty else { return nil }
        return Found(
            scheme: scheme, user: user, password: password, host: String(host),
            port: port ?? defaultPorts[scheme], portIsExplicit: explicit)
    }

    private static func isSchemeCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func isAuthorityTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte <= 0x20
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
    }
}
