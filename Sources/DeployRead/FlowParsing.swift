extension Parser {
    /// Skips blanks, line breaks and comments inside a flow collection.
    mutating func skipFlowSpace(opened: YAML.Mark, closer: UInt8) throws(ReadError) {
        while true {
            let byte = peek()
            if byte == 32 || byte == 9 {
                index += 1
            } else if Self.isBreak(byte) {
                consumeBreak()
                if atDocumentMarker() {
                    throw unterminatedFlow(opened: opened, closer: closer)
                }
            } else if byte == UInt8(ascii: "#") {
                skipToLineEnd()
            } else if byte == 0 {
                throw unterminatedFlow(opened: opened, closer: closer)
            } else {
                return
            }
        }
    }

    func unterminatedFlow(opened: YAML.Mark, closer: UInt8) -> ReadError {
        let close = closer == UInt8(ascii: "]") ? "]" : "}"
        return error(
            "unterminated flow \(close == "]" ? "sequence" : "mapping") (opened at line \(opened.line), column \(opened.column))",
            "close it with `\(close)`, and separate its entries with commas", at: opened)
    }

    /// A node inside a flow collection (or a flow collection in block context).
    mutating func parseFlowNode() throws(ReadError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels", "flatten the structure")
        }
        let properties = try parseProperties(flow: true)
        let byte = peek()
        if properties.mark != nil
            && (Self.isSpaceOrEnd(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
                || byte == UInt8(ascii: "#"))
        {
            // Properties on an empty node, or the node follows after blanks or line breaks.
            var probe = self
            let opened = mark()
            try probe.skipFlowSpace(opened: opened, closer: UInt8(ascii: "]"))
            let next = probe.peek()
            if next == UInt8(ascii: ",") || next == UInt8(ascii: "]") || next == UInt8(ascii: "}") || next == UInt8(ascii: ":") {
                return finish(Node(.scalar("", .plain), mark: properties.mark!), properties)
            }
            self = probe
        }
        let node: Node
        switch peek() {
        case UInt8(ascii: "["): node = try parseFlowSequence()
        case UInt8(ascii: "{"): node = try parseFlowMapping()
        case UInt8(ascii: "\""), UInt8(ascii: "'"): node = try parseQuoted(flow: true)
        case UInt8(ascii: "*"):
            if properties.mark != nil { throw error("an alias cannot have an anchor or tag", "remove the `&` or `!` before the alias") }
            return try parseAlias()
        case UInt8(ascii: "?") where Self.isSpaceOrEnd(peek(1)):
            throw error("explicit mapping keys (`? `) are not supported", "write the entry as `key: value`")
        default: node = try parsePlain(parent: -1, flow: true, singleLine: false)
        }
        return finish(node, properties)
    }

    mutating func parseFlowSequence() throws(ReadError) -> Node {
        let opened = mark()
        let closer = UInt8(ascii: "]")
        index += 1
        var items: [Node] = []
        while true {
            try skipFlowSpace(opened: opened, closer: closer)
            if peek() == closer {
                index += 1
                break
            }
            if peek() == UInt8(ascii: ",") {
                throw error("an empty entry in a flow sequence", "remove the extra comma")
            }
            let entry = try parseFlowNode()
            try skipFlowSpace(opened: opened, closer: closer)
            if peek() == UInt8(ascii: ":") {
                // A single-pair mapping: `[key: value]`.
                index += 1
                try skipFlowSpace(opened: opened, closer: closer)
                let value: Node
                if peek() == UInt8(ascii: ",") || peek() == closer {
                    value = Node(.scalar("", .plain), mark: mark())
                } else {
                    value = try parseFlowNode()
                }
                items.append(Node(.mapping([YAML.Pair(key: entry, value: value)]), mark: entry.mark))
                try skipFlowSpace(opened: opened, closer: closer)
            } else {
                items.append(entry)
            }
            if try entryEnds(closer: closer, in: "a flow sequence") { break }
        }
        return Node(.sequence(items), mark: opened)
    }

    mutating func parseFlowMapping() throws(ReadError) -> Node {
        let opened = mark()
        let closer = UInt8(ascii: "}")
        index += 1
        var pairs: [YAML.Pair] = []
        var seen = SeenKeys()
        while true {
            try skipFlowSpace(opened: opened, closer: closer)
            if peek() == closer {
                index += 1
                break
            }
            if peek() == UInt8(ascii: ",") {
                throw error("an empty entry in a flow mapping", "remove the extra comma")
            }
            if peek() == UInt8(ascii: ":") && (Self.isSpaceOrEnd(peek(1)) || Self.isFlowIndicator(peek(1))) {
                throw error("a flow mapping entry without a key", "write `key: value`")
            }
            let key = try parseFlowNode()
            guard case .scalar = key.content else {
                throw error("a collection used as a mapping key is not supported", "use a plain or quoted string as the key", at: key.mark)
            }
            try checkDuplicate(key, in: &seen)
            try skipFlowSpace(opened: opened, closer: closer)
            let value: Node
            if peek() == UInt8(ascii: ":") {
                index += 1
                try skipFlowSpace(opened: opened, closer: closer)
                if peek() == UInt8(ascii: ",") || peek() == closer {
                    value = Node(.scalar("", .plain), mark: mark())
                } else {
                    value = try parseFlowNode()
                }
                try skipFlowSpace(opened: opened, closer: closer)
            } else {
                value = Node(.scalar("", .plain), mark: mark())
            }
            pairs.append(YAML.Pair(key: key, value: value))
            if try entryEnds(closer: closer, in: "a flow mapping") { break }
        }
        return Node(.mapping(pairs), mark: opened)
    }

    /// After an entry: consumes `,` (false: another entry follows) or the closer (true); anything else is an error.
    mutating func entryEnds(closer: UInt8, in collection: String) throws(ReadError) -> Bool {
        let byte = peek()
        index += 1
        if byte == UInt8(ascii: ",") { return false }
        if byte == closer { return true }
        index -= 1
        let close = closer == UInt8(ascii: "]") ? "]" : "}"
        throw error(
            "expected `,` or `\(close)` in \(collection)", "separate entries with commas; quote values that contain `,`, `[`, `]`, `{` or `}`")
    }
}
