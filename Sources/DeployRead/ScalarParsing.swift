extension Parser {
    // MARK: Plain scalars

    /// A plain scalar. In block context, continuation lines must be indented more than `parent`.
    mutating func parsePlain(parent: Int, flow: Bool, singleLine: Bool) throws(ReadError) -> Node {
        let start = mark()
        let first = peek()
        switch first {
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"),
            UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            let character = text(index, index + 1)
            throw error("a value cannot start with `\(character)`", "quote the value: \"\(character)…\"")
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            let next = peek(1)
            if Self.isSpaceOrEnd(next) || (flow && Self.isFlowIndicator(next)) {
                let character = text(index, index + 1)
                throw error("a value cannot be a lone `\(character)`", "quote it: \"\(character)\"")
            }
        case 9:
            throw error("tab character where a value was expected", "YAML separates with spaces: replace the tab")
        default: break
        }
        let scalarStart = index
        var runStart = index
        var multiChunk = false
        scratch.removeAll(keepingCapacity: true)
        var end = index
        scan: while true {
            // One run of non-blank characters.
            while true {
                let byte = peek()
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 0 { break }
                if byte == UInt8(ascii: ":") {
                    let next = peek(1)
                    if Self.isSpaceOrEnd(next) || (flow && Self.isFlowIndicator(next)) { break }
                }
                if flow && Self.isFlowIndicator(byte) { break }
                index += 1
            }
            if multiChunk { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index])) }
            end = index
            let byte = peek()
            if byte == 32 || byte == 9 {
                let blanksStart = index
                while Self.isBlank(peek()) { index += 1 }
                let next = peek()
                if next == UInt8(ascii: "#") || next == 0 {
                    index = end
                    break scan
                }
                if Self.isBreak(next) {
                    // handled below as a line break
                } else if next == UInt8(ascii: ":") && (Self.isSpaceOrEnd(peek(1)) || (flow && Self.isFlowIndicator(peek(1)))) {
                    index = end
                    break scan
                } else if flow && Self.isFlowIndicator(next) {
                    index = end
                    break scan
                } else {
                    if !multiChunk {
                        multiChunk = true
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[scalarStart..<blanksStart]))
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[blanksStart..<index]))
                    runStart = index
                    continue scan
                }
            }
            guard Self.isBreak(peek()), !singleLine else {
                index = end
                break scan
            }
            // A line break: look for a continuation line.
            let saved = (index, line, lineStart)
            var breaks = 0
            var indentation = 0
            while true {
                consumeBreak()
                breaks += 1
                while peek() == 32 { index += 1 }
                indentation = byteColumn
                let here = peek()
                if Self.isBreak(here) { continue }
                if here == 9 {
                    // Tabs after the indentation are separation; a line of only blanks is empty.
                    while Self.isBlank(peek()) { index += 1 }
                    if Self.isBreak(peek()) { continue }
                }
                break
            }
            let here = peek()
            let ends =
                here == 0 || here == UInt8(ascii: "#") || (!flow && indentation <= parent) || atDocumentMarker()
                || (flow
                    && (Self.isFlowIndicator(here) || (here == UInt8(ascii: ":") && (Self.isSpaceOrEnd(peek(1)) || Self.isFlowIndicator(peek(1))))))
            if ends {
                (index, line, lineStart) = saved
                index = end
                break scan
            }
            if !multiChunk {
                multiChunk = true
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[scalarStart..<end]))
            }
            if breaks == 1 {
                scratch.append(32)
            } else {
                for _ in 1..<breaks { scratch.append(10) }
            }
            runStart = index
        }
        let value = multiChunk ? String(decoding: scratch, as: UTF8.self) : text(scalarStart, end)
        return Node(.scalar(value, .plain), mark: start)
    }

    // MARK: Quoted scalars

    /// A single- or double-quoted scalar, possibly over several lines.
    mutating func parseQuoted(flow: Bool) throws(ReadError) -> Node {
        let start = mark()
        let quote = peek()
        let double = quote == UInt8(ascii: "\"")
        index += 1
        scratch.removeAll(keepingCapacity: true)
        while true {
            // Non-blank content up to a blank, break, quote or escape.
            let runStart = index
            while true {
                let byte = peek()
                if byte == quote || byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 0 { break }
                if double && byte == UInt8(ascii: "\\") { break }
                index += 1
            }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
            let byte = peek()
            if byte == 0 {
                throw error(
                    "unterminated \(double ? "double" : "single")-quoted string",
                    "close it with \(double ? "\"" : "'") (it starts at line \(start.line), column \(start.column))", at: start)
            }
            if byte == quote {
                if !double && peek(1) == quote {
                    scratch.append(quote)
                    index += 2
                    continue
                }
                index += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape(start: start)
                continue
            }
            if byte == 32 || byte == 9 {
                let blanksStart = index
                while Self.isBlank(peek()) { index += 1 }
                if !Self.isBreakOrEnd(peek()) {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[blanksStart..<index]))
                }
                continue
            }
            // A line break inside the quotes: fold it.
            consumeBreak()
            let empty = try quotedContinuationBreaks(start: start, double: double)
            if empty == 0 {
                scratch.append(32)
            } else {
                for _ in 0..<empty { scratch.append(10) }
            }
        }
        return Node(.scalar(String(decoding: scratch, as: UTF8.self), double ? .doubleQuoted : .singleQuoted), mark: start)
    }

    /// Skips the blank lines and leading blanks of a quoted scalar's continuation; returns the number of empty lines.
    mutating func quotedContinuationBreaks(start: YAML.Mark, double: Bool) throws(ReadError) -> Int {
        var empty = 0
        while true {
            if atDocumentMarker() {
                throw error(
                    "unterminated \(double ? "double" : "single")-quoted string: a document marker inside the quotes",
                    "close the string (it starts at line \(start.line), column \(start.column))", at: start)
            }
            while Self.isBlank(peek()) { index += 1 }
            if Self.isBreak(peek()) {
                consumeBreak()
                empty += 1
            } else {
                return empty
            }
        }
    }

    mutating func parseEscape(start: YAML.Mark) throws(ReadError) {
        let escapeMark = mark()
        index += 1
        let code = peek()
        var scalar: UInt32
        var hexDigits = 0
        switch code {
        case UInt8(ascii: "0"): scalar = 0
        case UInt8(ascii: "a"): scalar = 7
        case UInt8(ascii: "b"): scalar = 8
        case UInt8(ascii: "t"), 9: scalar = 9
        case UInt8(ascii: "n"): scalar = 10
        case UInt8(ascii: "v"): scalar = 11
        case UInt8(ascii: "f"): scalar = 12
        case UInt8(ascii: "r"): scalar = 13
        case UInt8(ascii: "e"): scalar = 27
        case 32: scalar = 32
        case UInt8(ascii: "\""): scalar = 34
        case UInt8(ascii: "/"): scalar = 47
        case UInt8(ascii: "\\"): scalar = 92
        case UInt8(ascii: "N"): scalar = 0x85
        case UInt8(ascii: "_"): scalar = 0xA0
        case UInt8(ascii: "L"): scalar = 0x2028
        case UInt8(ascii: "P"): scalar = 0x2029
        case UInt8(ascii: "x"):
            scalar = 0
            hexDigits = 2
        case UInt8(ascii: "u"):
            scalar = 0
            hexDigits = 4
        case UInt8(ascii: "U"):
            scalar = 0
            hexDigits = 8
        case 10, 13:
            // An escaped line break: joined without a space.
            consumeBreak()
            let empty = try quotedContinuationBreaks(start: start, double: true)
            for _ in 0..<empty { scratch.append(10) }
            return
        case 0:
            throw error("unterminated double-quoted string", "close it with \" (it starts at line \(start.line), column \(start.column))", at: start)
        default:
            let shown = code < 0x80 ? text(index, index + 1) : "…"
            throw error(
                "unknown escape `\\\(shown)` in a double-quoted string", "write `\\\\` for a backslash, or use a single-quoted string", at: escapeMark
            )
        }
        index += 1
        if hexDigits > 0 {
            for _ in 0..<hexDigits {
                let digit = peek()
                let value: UInt32
                switch digit {
                case 48...57: value = UInt32(digit - 48)
                case 65...70: value = UInt32(digit - 55)
                case 97...102: value = UInt32(digit - 87)
                default:
                    throw error("escape needs \(hexDigits) hexadecimal digits", "write e.g. `\\x41`, `\\u00e9` or `\\U0001F600`", at: escapeMark)
                }
                scalar = scalar << 4 | value
                index += 1
            }
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            throw error(
                "escape is not a Unicode scalar value (a surrogate or beyond U+10FFFF)", "write the character itself, or a valid code point",
                at: escapeMark)
        }
        scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    // MARK: Block scalars

    /// A literal (`|`) or folded (`>`) block scalar; `parent` is the enclosing block collection's indentation.
    mutating func parseBlockScalar(parent: Int) throws(ReadError) -> Node {
        let start = mark()
        let folded = peek() == UInt8(ascii: ">")
        index += 1
        var chomping: Int? = nil  // nil clip, -1 strip, +1 keep
        var increment: Int?
        for _ in 0..<2 {
            let byte = peek()
            if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && chomping == nil {
                chomping = byte == UInt8(ascii: "+") ? 1 : -1
                index += 1
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && increment == nil {
                if byte == UInt8(ascii: "0") {
                    throw error("block scalar indentation indicator 0", "use 1 to 9, or leave it out to detect the indentation")
                }
                increment = Int(byte - 48)
                index += 1
            }
        }
        if !skipBlanksToLineEnd() {
            throw error(
                "unexpected text after a block scalar indicator",
                "the text of `\(folded ? ">" : "|")` starts on the next line; a comment may follow the indicator after a space")
        }
        skipToLineEnd()
        let minimum = max(parent + 1, 1)
        var indent: Int
        var breaks: [UInt8] = []
        if let increment {
            indent = minimum + increment - 1
            if Self.isBreak(peek()) { consumeBreak() }
            breaks = collectBreaks(indent: indent)
        } else {
            if Self.isBreak(peek()) { consumeBreak() }
            var maxIndent = 0
            while peek() == 32 || Self.isBreak(peek()) {
                if peek() == 32 {
                    index += 1
                    maxIndent = max(maxIndent, byteColumn)
                } else {
                    breaks.append(10)
                    consumeBreak()
                }
            }
            indent = max(minimum, maxIndent)
        }
        scratch.removeAll(keepingCapacity: true)
        var lineBreak = false
        while byteColumn == indent && !atEnd {
            scratch.append(contentsOf: breaks)
            let leadingNonSpace = peek() != 32 && peek() != 9
            let lineContentStart = index
            skipToLineEnd()
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineContentStart..<index]))
            lineBreak = Self.isBreak(peek())
            if lineBreak { consumeBreak() }
            breaks = collectBreaks(indent: indent)
            if byteColumn == indent && !atEnd {
                if folded && lineBreak && leadingNonSpace && peek() != 32 && peek() != 9 {
                    if breaks.isEmpty { scratch.append(32) }
                } else if lineBreak {
                    scratch.append(10)
                }
            } else {
                break
            }
        }
        if chomping != -1 && lineBreak { scratch.append(10) }
        if chomping == 1 { scratch.append(contentsOf: breaks) }
        return Node(.scalar(String(decoding: scratch, as: UTF8.self), folded ? .folded : .literal), mark: start)
    }

    /// Consumes empty lines (and up to `indent` spaces of each line); returns their line breaks.
    mutating func collectBreaks(indent: Int) -> [UInt8] {
        var breaks: [UInt8] = []
        while byteColumn < indent && peek() == 32 { index += 1 }
        while Self.isBreak(peek()) {
            breaks.append(10)
            consumeBreak()
            while byteColumn < indent && peek() == 32 { index += 1 }
        }
        return breaks
    }
}
