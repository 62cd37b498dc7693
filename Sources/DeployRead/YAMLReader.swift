extension YAML {
    /// Reads a single-document YAML stream from UTF-8 bytes.
    ///
    /// Returns nil for an empty stream (only comments or nothing). Errors are located and say
    /// what to do; the reader never traps on bad input and never guesses.
    public static func read(_ bytes: [UInt8]) throws(ReadError) -> Node? {
        try readNoting(bytes).node
    }

    /// Reads, and says whether any merge key (`<<`) was seen.
    static func readNoting(_ bytes: [UInt8]) throws(ReadError) -> (node: Node?, sawMergeKey: Bool) {
        let result: Result<(Node?, Bool), ReadError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer)
            do throws(ReadError) {
                let node = try parser.parseStream()
                return .success((node, parser.sawMergeKey))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads a single-document YAML stream from text.
    public static func read(_ text: String) throws(ReadError) -> Node? {
        try read(Array(text.utf8))
    }

    /// A key written twice in one mapping (kept, not refused, by `readKeepingDuplicateKeys`).
    public struct DuplicateKey: Sendable, Hashable {
        public var key: String
        public var first: Mark
        public var second: Mark
    }

    /// Reads like `readResolvingMerges`, but a duplicate key is returned (both pairs stay in the
    /// mapping, in order) instead of refused, so a linter can report it beside everything else.
    public static func readKeepingDuplicateKeys(_ bytes: [UInt8]) throws(ReadError) -> (node: Node?, duplicates: [DuplicateKey]) {
        let result: Result<(Node?, Bool, [DuplicateKey]), ReadError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer)
            parser.keepsDuplicateKeys = true
            do throws(ReadError) {
                let node = try parser.parseStream()
                return .success((node, parser.sawMergeKey, parser.duplicates))
            } catch {
                return .failure(error)
            }
        }
        let (node, sawMergeKey, duplicates) = try result.get()
        return (sawMergeKey ? try node?.resolvingMerges() : node, duplicates)
    }

    /// Reads and resolves merge keys (`<<`), as Compose does before it looks at a file.
    public static func readResolvingMerges(_ bytes: [UInt8]) throws(ReadError) -> Node? {
        let (node, sawMergeKey) = try readNoting(bytes)
        return sawMergeKey ? try node?.resolvingMerges() : node
    }
}

/// The most nodes that aliases may expand to (protects against "billion laughs" documents).
let aliasExpansionLimit = 10_000_000

/// A recursive-descent reader over UTF-8 bytes. `0` stands for end of input (NUL bytes are refused up front).
struct Parser {
    typealias Node = YAML.Node
    typealias ReadError = YAML.ReadError

    let buffer: UnsafeBufferPointer<UInt8>
    let count: Int
    var index = 0
    var line = 1
    var lineStart = 0
    var anchors: [String: (node: Node, size: Int)] = [:]
    var expandedNodes = 0
    var scratch: [UInt8] = []
    var depth = 0
    var sawMergeKey = false
    var keepsDuplicateKeys = false
    var duplicates: [YAML.DuplicateKey] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        self.count = buffer.count
        scratch.reserveCapacity(256)
    }

    // MARK: Cursor

    @inline(__always) func peek(_ offset: Int = 0) -> UInt8 {
        let position = index + offset
        return position < count ? buffer[position] : 0
    }

    @inline(__always) var atEnd: Bool { index >= count }
    /// The column in bytes from the line start (indentation is ASCII spaces, so this is the indentation).
    @inline(__always) var byteColumn: Int { index - lineStart }

    func mark() -> YAML.Mark { mark(at: index) }

    func mark(at position: Int) -> YAML.Mark {
        var scalars = 0
        var cursor = lineStart
        while cursor < position {
            if buffer[cursor] & 0xC0 != 0x80 { scalars += 1 }
            cursor += 1
        }
        return YAML.Mark(line: line, column: scalars + 1)
    }

    func error(_ message: String, _ help: String, at position: YAML.Mark? = nil, related: YAML.Mark? = nil) -> ReadError {
        ReadError(mark: position ?? mark(), message: message, help: help, related: related)
    }

    @inline(__always) static func isBreak(_ byte: UInt8) -> Bool { byte == 10 || byte == 13 }
    @inline(__always) static func isBreakOrEnd(_ byte: UInt8) -> Bool { byte == 10 || byte == 13 || byte == 0 }
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }
    @inline(__always) static func isSpaceOrEnd(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 0 }
    @inline(__always) static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    /// Consumes one line break (`\n`, `\r\n` or `\r`).
    @inline(__always) mutating func consumeBreak() {
        if peek() == 13 && peek(1) == 10 { index += 2 } else { index += 1 }
        line += 1
        lineStart = index
    }

    mutating func skipToLineEnd() {
        while !Self.isBreakOrEnd(peek()) { index += 1 }
    }

    /// True at a `---` or `...` marker at the start of a line.
    func atDocumentMarker() -> Bool {
        guard index == lineStart, index + 2 < count || index + 3 <= count else { return false }
        let first = peek()
        guard (first == UInt8(ascii: "-") || first == UInt8(ascii: ".")) && peek(1) == first && peek(2) == first else { return false }
        return Self.isSpaceOrEnd(peek(3))
    }

    /// Skips spaces, comments and line breaks to the next content. A tab in the indentation
    /// of a line that holds content is an error.
    mutating func skipToContent() throws(ReadError) {
        while true {
            let byte = peek()
            if byte == 32 {
                index += 1
            } else if byte == 9 {
                let onlySpacesBefore = (lineStart..<index).allSatisfy { buffer[$0] == 32 }
                let tabMark = mark()
                while Self.isBlank(peek()) { index += 1 }
                let next = peek()
                if onlySpacesBefore && !Self.isBreakOrEnd(next) && next != UInt8(ascii: "#") {
                    throw error("tab character in indentation", "YAML indents with spaces only: replace the tab with spaces", at: tabMark)
                }
            } else if byte == UInt8(ascii: "#") {
                skipToLineEnd()
            } else if Self.isBreak(byte) {
                consumeBreak()
            } else {
                return
            }
        }
    }

    /// Skips spaces and tabs on the current line; returns true when the line ends (or a comment starts).
    mutating func skipBlanksToLineEnd() -> Bool {
        while Self.isBlank(peek()) { index += 1 }
        let byte = peek()
        return Self.isBreakOrEnd(byte) || byte == UInt8(ascii: "#")
    }

    // MARK: Stream

    mutating func parseStream() throws(ReadError) -> Node? {
        try validateCharacters()
        if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            index = 3
            lineStart = 3
        }
        try skipToContent()
        if peek() == UInt8(ascii: "%") && index == lineStart {
            throw error("YAML directives (`%YAML`, `%TAG`) are not supported", "remove the directive line; compose files do not need it")
        }
        var root: Node?
        if atDocumentMarker() && peek() == UInt8(ascii: "-") {
            index += 3
            if !skipBlanksToLineEnd() {
                root = try parseBlockNode(parent: -1, context: .documentLine)
            }
            try skipToContent()
        }
        if root == nil && !atEnd && !atDocumentMarker() {
            root = try parseBlockNode(parent: -1, context: .newLine)
            try skipToContent()
        }
        if atDocumentMarker() && peek() == UInt8(ascii: ".") {
            index += 3
            if !skipBlanksToLineEnd() {
                throw error("text after the document end marker `...`", "remove it, or start it on its own line")
            }
            try skipToContent()
        }
        if !atEnd {
            if atDocumentMarker() {
                throw error("a second YAML document", "a compose file holds one document: split the file, or remove the extra `---` and what follows")
            }
            if root != nil && peek() != 0 && !(lineStart..<index).allSatisfy({ buffer[$0] == 32 }) {
                throw error("unexpected text after the value", "a value ends at the end of its line: quote it, or move the rest to its own line")
            }
            throw error("unexpected content: this line does not continue the structure above", "check its indentation against the lines above")
        }
        return root
    }

    /// NUL and other control characters are not allowed in YAML; neither is invalid UTF-8.
    mutating func validateCharacters() throws(ReadError) {
        var position = 0
        var lineNumber = 1
        var start = 0
        while position < count {
            let byte = buffer[position]
            if byte < 0x20 {
                if byte == 10 {
                    lineNumber += 1
                    start = position + 1
                } else if byte == 13 {
                    if position + 1 < count && buffer[position + 1] == 10 { position += 1 }
                    lineNumber += 1
                    start = position + 1
                } else if byte != 9 {
                    line = lineNumber
                    lineStart = start
                    throw error(
                        "control character U+\(hex(byte)) is not allowed in YAML",
                        "remove it, or write it as an escape inside a double-quoted string", at: mark(at: position))
                }
            } else if byte == 0x7F {
                line = lineNumber
                lineStart = start
                throw error(
                    "control character U+007F is not allowed in YAML", "remove it, or write it as \"\\x7F\" inside a double-quoted string",
                    at: mark(at: position))
            } else if byte >= 0x80 {
                let length = utf8SequenceLength(at: position)
                if length == 0 {
                    line = lineNumber
                    lineStart = start
                    throw error("invalid UTF-8 byte 0x\(hex(byte))", "save the file as UTF-8", at: mark(at: position))
                }
                if byte == 0xC2 && buffer[position + 1] >= 0x80 && buffer[position + 1] <= 0x9F && buffer[position + 1] != 0x85 {
                    line = lineNumber
                    lineStart = start
                    throw error(
                        "control character U+00\(hex(buffer[position + 1])) is not allowed in YAML",
                        "remove it, or write it as an escape inside a double-quoted string", at: mark(at: position))
                }
                position += length
                continue
            }
            position += 1
        }
    }

    /// The length of the valid UTF-8 sequence at `position`, or 0 when it is not valid.
    func utf8SequenceLength(at position: Int) -> Int {
        let lead = buffer[position]
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            minimum = 0x80
            scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            minimum = 0x800
            scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            minimum = 0x10000
            scalar = UInt32(lead & 0x07)
        default: return 0
        }
        guard position + length <= count else { return 0 }
        for offset in 1..<length {
            let byte = buffer[position + offset]
            guard byte & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) || scalar == 0xFFFE || scalar == 0xFFFF { return 0 }
        minimum = 0
        return length
    }

    func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    // MARK: Text

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }

    // MARK: Anchors and aliases

    mutating func register(anchor: String?, for node: Node) {
        guard let anchor else { return }
        anchors[anchor] = (node, Self.size(of: node, limit: aliasExpansionLimit))
    }

    /// The number of nodes in `node`, stopping early at `limit`.
    static func size(of node: Node, limit: Int) -> Int {
        var total = 1
        switch node.content {
        case .scalar: break
        case .sequence(let items):
            for item in items where total < limit { total += size(of: item, limit: limit - total) }
        case .mapping(let pairs):
            for pair in pairs where total < limit {
                total += size(of: pair.key, limit: limit - total)
                total += size(of: pair.value, limit: limit - total)
            }
        }
        return total
    }

    mutating func parseAlias() throws(ReadError) -> Node {
        let start = mark()
        index += 1
        let nameStart = index
        while !Self.isSpaceOrEnd(peek()) && !Self.isFlowIndicator(peek()) { index += 1 }
        let name = text(nameStart, index)
        if name.isEmpty {
            throw error("`*` without an alias name", "write `*name` for an anchor `&name` defined above", at: start)
        }
        guard let (node, size) = anchors[name] else {
            throw error(
                "alias `*\(name)` refers to no anchor defined above", "define `&\(name)` on a node before this line, or fix the name", at: start)
        }
        expandedNodes += size
        if expandedNodes > aliasExpansionLimit {
            throw error(
                "aliases expand to more than \(aliasExpansionLimit) nodes", "this looks like an alias bomb: use fewer nested aliases", at: start)
        }
        return node
    }

    /// Reads `&anchor` and `!tag` properties (in any order) with the blanks after them.
    mutating func parseProperties(flow: Bool) throws(ReadError) -> (anchor: String?, tag: String?, mark: YAML.Mark?) {
        var anchor: String?
        var tag: String?
        var start: YAML.Mark?
        while true {
            let byte = peek()
            if byte == UInt8(ascii: "&") {
                if anchor != nil { throw error("a node with two anchors", "keep one `&name`") }
                if start == nil { start = mark() }
                index += 1
                let nameStart = index
                while !Self.isSpaceOrEnd(peek()) && !Self.isFlowIndicator(peek()) { index += 1 }
                if index == nameStart { throw error("`&` without an anchor name", "write `&name`") }
                anchor = text(nameStart, index)
            } else if byte == UInt8(ascii: "!") {
                if tag != nil { throw error("a node with two tags", "keep one tag") }
                if start == nil { start = mark() }
                let tagStart = index
                index += 1
                if peek() == UInt8(ascii: "<") {
                    while peek() != UInt8(ascii: ">") && !Self.isBreakOrEnd(peek()) { index += 1 }
                    guard peek() == UInt8(ascii: ">") else { throw error("unterminated verbatim tag `!<…`", "close it with `>`") }
                    index += 1
                    tag = text(tagStart + 2, index - 1)
                } else {
                    while !Self.isSpaceOrEnd(peek()) && !(flow && Self.isFlowIndicator(peek())) { index += 1 }
                    let written = text(tagStart, index)
                    tag = written.hasPrefix("!!") ? "tag:yaml.org,2002:" + written.dropFirst(2) : written
                }
            } else {
                break
            }
            if !Self.isSpaceOrEnd(peek()) && !(flow && Self.isFlowIndicator(peek())) {
                throw error("unexpected character after an anchor or tag", "separate the anchor or tag from the value with a space")
            }
            while Self.isBlank(peek()) { index += 1 }
        }
        return (anchor, tag, start)
    }
}
