import DeployModel
import DeployRender

/// Finds secrets in emitted fields: literal values under secret-looking keys (also `--token X` and
/// `TOKEN=X` in argument lists), passwords inside URLs, and well-known token shapes. Linear in the text.
enum SecretScan {
    /// A secret-named key with a literal value.
    struct NamedLiteral: Hashable {
        /// The key as written (`API_TOKEN`, `--token`).
        var key: String
        /// How the value looks, without its text (`<literal>`, `<literal>${X:?…}`).
        var shape: String
        /// The literal texts that hold the secret (for masking).
        var secrets: [String]
        /// Whether the field's own key is secret (`label api_token`), rather than a pair inside its text.
        var isFieldKey: Bool = false
    }

    /// A well-known token shape found in a text.
    struct Token: Hashable {
        /// `an OpenAI API key`, `a GitHub token`, ….
        var kind: String
        var text: String
    }

    // MARK: secret-named keys

    /// The secret-named keys of `field` whose value is literal text rather than one reference:
    /// the field's own key, and inside its text `--name value`, `--name=value` and `NAME=value`
    /// (also inside a `sh -c` string, or comma-separated mount options `addr=nas,password=…`).
    /// A value that starts with `$` is the container's own reference.
    static func namedLiterals(in field: EmittedField) -> [NamedLiteral] {
        var found: [NamedLiteral] = []
        if field.keyLooksSecret, let key = field.key, let value = field.value, !isReference(value),
            !value.literalParts.isEmpty, !(value.literalText.map(isPlaceholder) ?? false)
        {
            found.append(NamedLiteral(key: key, shape: SecretNames.shape(value), secrets: value.literalParts, isFieldKey: true))
        }
        for pair in argumentPairs(field.literalTexts) where SecretNames.looksSecret(normalizedFlag(pair.key)) {
            found.append(NamedLiteral(key: pair.key, shape: "<literal>", secrets: [pair.value]))
        }
        return found
    }

    /// Whether `value` is exactly one reference: a required `${NAME:?…}`, an optional `${NAME:-}`, or empty.
    static func isReference(_ value: ResolvedValue) -> Bool {
        if value.parts.isEmpty { return true }
        guard value.parts.count == 1 else { return false }
        switch value.parts[0] {
        case .secret: return true
        case .variable(_, let fallback): return fallback == nil || fallback == ""
        case .literal: return false
        }
    }

    /// `--token hunter2`, `--token=hunter2`, `TOKEN=hunter2`: key/value pairs of an argument list whose value
    /// is literal (not empty, not another flag, not a `$` reference). Arguments are also split at whitespace,
    /// so a shell string (`sh -c "app --token x"`) is read the same way.
    static func argumentPairs(_ arguments: some Collection<String>) -> [(key: String, value: String)] {
        guard arguments.contains(where: mayHoldPair) else { return [] }
        // Each word, and whether it is ASCII: then its bytes are its characters, and it is read on them.
        // ASCII text splits on its bytes: its whitespace characters are 0x09-0x0D and space.
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) || byte == UInt8(ascii: ",") }
        var words: [(text: String, ascii: Bool)] = []
        words.reserveCapacity(arguments.count)
        for argument in arguments {
            if argument.utf8.allSatisfy({ $0 < 0x80 }) {
                // Most arguments (`curl`, `-fsS`, a URL) are one word: the argument itself, without splitting and copying it.
                if !argument.isEmpty, !argument.utf8.contains(where: isSeparator) {
                    words.append((unquoted(argument), true))
                    continue
                }
                for word in argument.utf8.split(whereSeparator: isSeparator) {
                    words.append((unquoted(String(decoding: word, as: UTF8.self)), true))
                }
                continue
            }
            for word in argument.split(whereSeparator: { $0.isWhitespace || $0 == "," }) {
                let text = unquoted(String(word))
                words.append((text, text.utf8.allSatisfy { $0 < 0x80 }))
            }
        }
        var pairs: [(key: String, value: String)] = []
        var index = 0
        while index < words.count {
            let (word, ascii) = words[index]
            index += 1
            let equals = ascii ? word.utf8.firstIndex(of: UInt8(ascii: "=")) : word.firstIndex(of: "=")
            if let equals, equals != word.startIndex {
                let key = String(word[..<equals])
                let value = unquoted(String(word[word.index(after: equals)...]))
                if isFlagOrName(key), isLiteral(value) { pairs.append((key, value)) }
            } else if ascii ? word.utf8.first == UInt8(ascii: "-") && word.utf8.count > 2 : word.hasPrefix("-") && word.count > 2,
                isFlagOrName(word), index < words.count
            {
                let value = words[index].text
                if !value.hasPrefix("-"), isLiteral(value) {
                    pairs.append((word, value))
                    index += 1
                }
            }
        }
        return pairs
    }

    /// Whether `text` may hold a pair: it has an `=`, or a word that starts with `-`. Decided on the bytes
    /// of ASCII text (most values hold neither and are never split); other text may.
    private static func mayHoldPair(_ text: String) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable(mayHoldPair) { return answer }
        return Array(text.utf8).withUnsafeBufferPointer(mayHoldPair)
    }

    private static func mayHoldPair(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0x20
        for byte in bytes {
            if byte >= 0x80 || byte == UInt8(ascii: "=") { return true }
            // A word starts after whitespace or a comma, and may open with quotes (see `unquoted`).
            if byte == UInt8(ascii: "-"),
                previous <= 0x20 || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "\"") || previous == UInt8(ascii: "'")
            {
                return true
            }
            previous = byte
        }
        return false
    }

    /// `--api-key` → `api_key`, `com.example.api-token` → `com_example_api_token`: a flag, label or option
    /// key as an environment-style key.
    static func normalizedFlag(_ key: String) -> String {
        // Most keys (`INFLUXDB_URL`) hold neither a dash nor a dot: they are their own normal form.
        func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") }
        if key.utf8.withContiguousStorageIfAvailable({ !$0.contains(where: isSeparator) }) ?? !key.utf8.contains(where: isSeparator) {
            return key
        }
        // ASCII keys (`com.homeiq.role`, `--api-token`): bytes are characters.
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(key.utf8.drop { $0 == UInt8(ascii: "-") })
            for index in bytes.indices where bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: ".") {
                bytes[index] = UInt8(ascii: "_")
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(key.drop { $0 == "-" }.map { $0 == "-" || $0 == "." ? "_" : $0 })
    }

    /// The bounds of `unquoted` in ASCII bytes: leading `"` and `'` dropped, then trailing `"`, `'` and `;`;
    /// nil when a byte is not ASCII.
    private static func asciiUnquotedBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        if bytes.contains(where: { $0 >= 0x80 }) { return nil }
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: "\"") || bytes[end - 1] == UInt8(ascii: "'") || bytes[end - 1] == UInt8(ascii: ";") {
            end -= 1
        }
        return (start, end)
    }

    private static func isFlagOrName(_ key: String) -> Bool {
        // ASCII (most words): on the bytes, where `[A-Za-z0-9_.-]` is exactly the test below.
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            let body = key.utf8.drop { $0 == UInt8(ascii: "-") }
            return !body.isEmpty && body.allSatisfy { IsolationText.isNameCharacter($0) }
        }
        let body = key.drop { $0 == "-" }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
    }

    private static func isLiteral(_ value: String) -> Bool { !value.isEmpty && !value.hasPrefix("$") && !isPlaceholder(value) }

    /// `<password>`, `***`, `${NAME}` as text: what stands for a secret rather than being one.
    static func isPlaceholder(_ text: String) -> Bool {
        (text.hasPrefix("<") && text.hasSuffix(">")) || text.allSatisfy { $0 == "*" } || text.hasPrefix("$")
    }

    private static func unquoted(_ word: String) -> String {
        // ASCII (most words): bounds found on the bytes, which are the characters; the word itself when nothing is stripped.
        if let found = word.utf8.withContiguousStorageIfAvailable(asciiUnquotedBounds), let (start, end) = found {
            if start == 0 && end == word.utf8.count { return word }
            let utf8 = word.utf8
            return String(word[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
        }
        var text = Substring(word)
        while let first = text.first, first == "\"" || first == "'" { text = text.dropFirst() }
        while let last = text.last, last == "\"" || last == "'" || last == ";" { text = text.dropLast() }
        return String(text)
    }

    // MARK: URL credentials

    /// The literal passwords inside URLs of `field` (`postgres://user:hunter2@db/x`). A password that is a
    /// reference (`${DB_PASSWORD}`, a `.secret` part, `$VAR` for the container's shell) or a placeholder is none.
    static func urlPasswords(in field: EmittedField) -> [String] {
        // A URL needs "://", and a password an '@' after it: a field without both in its literal text holds none.
        guard field.literalTexts.contains(where: { $0.containsUTF8(UInt8(ascii: ":")) }),
            field.literalTexts.contains(where: { $0.containsUTF8(UInt8(ascii: "@")) })
        else { return [] }
        let text: String
        switch field.content {
        case .value(let value):
            // References become a marker that is never a password on its own.
            text = value.parts.map { part -> String in
                if case .literal(let text) = part { return text }
                return String(referenceMarker)
            }.joined()
        case .text(let literal): text = literal
        case .arguments(let arguments): text = arguments.joined(separator: " ")
        }
        // `URLScanner` finds "://" on the bytes itself.
        guard text.utf8.count >= 6 else { return [] }
        return URLScanner.urls(in: text).compactMap { url in
            guard let password = url.password, !password.isEmpty, !password.hasPrefix("$"), !password.contains(referenceMarker),
                !isPlaceholder(password)
            else { return nil }
            return password
        }
    }

    private static let referenceMarker: Character = "\u{1A}"

    // MARK: token shapes

    /// Well-known credential shapes in `text`: OpenAI (`sk-…`), GitHub (`ghp_…`, `github_pat_…`), Slack
    /// (`xoxb-…`), AWS access key IDs (`AKIA…`), JSON Web Tokens (`eyJ….eyJ….…`).
    static func tokens(in text: String) -> [Token] {
        // The shortest token (an AWS key ID) has 20 bytes: shorter texts are not copied at all.
        guard text.utf8.count >= 16 else { return [] }
        var text = text
        return text.withUTF8 { tokens(inBytes: $0) }
    }

    /// `tokens(in:)` on the UTF-8 bytes of a text.
    private static func tokens(inBytes bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var found: [Token] = []
        var index = 0
        while index < bytes.count {
            // A token starts at a word boundary.
            if index > 0, isTokenByte(bytes[index - 1]) {
                index += 1
                continue
            }
            if let (kind, length) = token(at: index, in: bytes) {
                found.append(Token(kind: kind, text: String(decoding: bytes[index..<(index + length)], as: UTF8.self)))
                index += length
            } else {
                index += 1
            }
        }
        return found
    }

    /// Whether `text` is a long hex or base64 blob (at least 32 characters of one alphabet, with digits).
    static func isBlob(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 32, bytes.contains(where: isDigit) else { return false }
        if bytes.allSatisfy(isHex) { return true }
        let letters = bytes.filter(isLetter)
        let mixedCase = letters.contains { $0 >= 0x61 } && letters.contains { $0 < 0x61 }
        return mixedCase && bytes.allSatisfy { isAlphanumeric($0) || "+/=_-".utf8.contains($0) }
    }

    /// The kind and length of the token starting at `start`, if one does.
    private static func token(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (String, Int)? {
        // Only these bytes start a token: most positions are rejected here.
        let first = bytes[start]
        guard
            first == UInt8(ascii: "s") || first == UInt8(ascii: "g") || first == UInt8(ascii: "x") || first == UInt8(ascii: "A")
                || first == UInt8(ascii: "e")
        else { return nil }
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard start + count <= bytes.count else { return false }
            return prefix.withUTF8Buffer { needle in (0..<count).allSatisfy { bytes[start + $0] == needle[$0] } }
        }
        /// The length of the run of `allowed` bytes from `offset`.
        func run(from offset: Int, _ allowed: (UInt8) -> Bool) -> Int {
            var end = offset
            while end < bytes.count, allowed(bytes[end]) { end += 1 }
            return end - offset
        }
        let urlSafe: (UInt8) -> Bool = { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        if hasPrefix("sk-") {
            let length = run(from: start + 3, urlSafe)
            if length >= 20 && bytes[(start + 3)..<(start + 3 + length)].contains(where: isDigit) {
                return ("an OpenAI-style API key (sk-…)", 3 + length)
            }
        }
        if hasPrefix("github_pat_") {
            let length = run(from: start + 11, urlSafe)
            if length >= 22 { return ("a GitHub fine-grained token (github_pat_…)", 11 + length) }
        }
        for prefix: StaticString in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where hasPrefix(prefix) {
            let length = run(from: start + 4, isAlphanumeric)
            if length >= 30 { return ("a GitHub token (\(prefix)…)", 4 + length) }
        }
        for prefix: StaticString in ["xoxa-", "xoxb-", "xoxp-", "xoxr-"] where hasPrefix(prefix) {
            let length = run(from: start + 5, { isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            if length >= 10 { return ("a Slack token (\(prefix)…)", 5 + length) }
        }
        for prefix: StaticString in ["AKIA", "ASIA"] where hasPrefix(prefix) {
            let length = run(from: start + 4, { isDigit($0) || ($0 >= 0x41 && $0 <= 0x5A) })
            if length == 16 { return ("an AWS access key ID (\(prefix)…)", 20) }
        }
        if hasPrefix("eyJ") {
            // header.payload.signature, each base64url; the payload is JSON too.
            let header = run(from: start, urlSafe)
            let payloadStart = start + header + 1
            guard header >= 10, payloadStart < bytes.count, bytes[payloadStart - 1] == UInt8(ascii: ".") else { return nil }
            let payload = run(from: payloadStart, urlSafe)
            let signatureStart = payloadStart + payload + 1
            guard payload >= 10, signatureStart < bytes.count, bytes[signatureStart - 1] == UInt8(ascii: ".") else { return nil }
            let signature = run(from: signatureStart, urlSafe)
            if signature >= 10 { return ("a JSON Web Token (eyJ…)", signatureStart + signature - start) }
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    private static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46) }
    private static func isTokenByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") }

    // MARK: what diagnostics must never print

    /// Every literal text of the context's deployments that holds a secret: values of secret-named keys (both modes,
    /// test credentials too), URL passwords, token shapes. Diagnostics mask them (`DiagnosticRedaction`).
    /// A text that is also a name the stack declares (a service, network or volume: `DB_PASSWD: gitea`
    /// in a service called gitea) is printed anyway wherever that name is, so it is not masked.
    static func secretTexts(in context: RuleContext) -> Set<String> {
        var texts: Set<String> = []
        var names: Set<String> = []
        for deployment in context.deployments {
            names.formUnion(deployment.services.map { $0.name })
            names.formUnion(deployment.networks.map(\.key))
            names.formUnion(deployment.volumes.map(\.key))
            for field in context.emittedFields[deployment.mode].distinct {
                for named in namedLiterals(in: field) { texts.formUnion(named.secrets) }
                texts.formUnion(urlPasswords(in: field))
                for text in field.literalTexts { texts.formUnion(tokens(in: text).map(\.text)) }
            }
        }
        return texts.subtracting(names)
    }
}
