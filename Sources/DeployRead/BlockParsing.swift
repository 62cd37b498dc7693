/// Where a block node starts, which decides what it may be.
enum BlockContext {
    /// First content on its line: any node.
    case newLine
    /// After `key: ` on the same line: no block collection may start here.
    case afterKey
    /// After `- ` on the same line: compact mappings and sequences are allowed.
    case afterDash
    /// After `---` on the same line.
    case documentLine
}

/// The keys of one mapping so far: a short list (most mappings are small), a dictionary beyond that.
struct SeenKeys {
    var list: [(KeyIdentity, YAML.Mark)] = []
    var table: [KeyIdentity: YAML.Mark] = [:]

    /// Adds `key`; returns the first position when it was already there.
    mutating func insert(_ key: KeyIdentity, _ mark: YAML.Mark) -> YAML.Mark? {
        if table.isEmpty {
            if let found = list.first(where: { $0.0 == key }) { return found.1 }
            list.append((key, mark))
            if list.count > 16 {
                for (identity, position) in list { table[identity] = position }
                list.removeAll()
            }
            return nil
        }
        if let found = table[key] { return found }
        table[key] = mark
        return nil
    }
}

/// A mapping key's identity for duplicate detection: what the key means, not how it is quoted.
struct KeyIdentity: Hashable {
    var kind: UInt8
    var text: String
}

extension Parser {
    static let maximumDepth = 200

    /// Parses the node at the current position. `parent` is the indentation of the enclosing block collection.
    mutating func parseBlockNode(parent: Int, context: BlockContext, indentlessAllowed: Bool = false) throws(ReadError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels", "flatten the structure")
        }
        let contentStart = index
        let column = byteColumn
        let properties = try parseProperties(flow: false)
        if properties.mark != nil {
            if Self.isBreakOrEnd(peek()) || peek() == UInt8(ascii: "#") {
                // The node follows on the next lines, or is empty.
                try skipToContent()
                var node: Node
                let here = byteColumn
                if !atEnd && !atDocumentMarker() && (here > parent || (here == parent && indentlessAllowed && atSequenceEntry())) {
                    let nodeMark = mark()
                    node =
                        here == parent
                        ? try parseBlockSequence(column: here, indentless: true)
                        : try parseBlockNode(parent: parent, context: .newLine, indentlessAllowed: indentlessAllowed)
                    if (node.anchor != nil && properties.anchor != nil) || (node.tag != nil && properties.tag != nil) {
                        throw error("a node with two anchors or two tags", "keep one `&name` and one tag per node", at: nodeMark)
                    }
                } else {
                    node = Node(.scalar("", .plain), mark: properties.mark!)
                }
                return finish(node, properties)
            }
            if implicitKeyAhead() {
                guard context == .newLine || context == .afterDash else {
                    throw nestedMappingError()
                }
                index = contentStart
                return try parseBlockMapping(column: column)
            }
            if atSequenceEntry() {
                throw error("a block sequence cannot start on the line of its anchor or tag", "move the `- ` items to the next lines, indented")
            }
            let node = try parseInlineBlockContent(parent: parent, context: context)
            return finish(node, properties)
        }
        if atSequenceEntry() {
            guard context == .newLine || context == .afterDash else {
                throw error(
                    "a block sequence cannot start on the same line as its key", "start the `- ` items on the next line, indented under the key")
            }
            return try parseBlockSequence(column: column, indentless: false)
        }
        if implicitKeyAhead() {
            guard context == .newLine || context == .afterDash else {
                throw nestedMappingError()
            }
            return try parseBlockMapping(column: column)
        }
        return try parseInlineBlockContent(parent: parent, context: context)
    }

    func nestedMappingError() -> ReadError {
        error(
            "mapping values are not allowed here",
            "a nested mapping starts on its own line, indented under its key; or quote the value if it contains ': '")
    }

    mutating func finish(_ node: Node, _ properties: (anchor: String?, tag: String?, mark: YAML.Mark?)) -> Node {
        var result = node
        if let mark = properties.mark { result.mark = mark }
        if let tag = properties.tag { result.tag = tag }
        if let anchor = properties.anchor { result.anchor = anchor }
        register(anchor: properties.anchor, for: result)
        return result
    }

    func atSequenceEntry() -> Bool {
        peek() == UInt8(ascii: "-") && Self.isSpaceOrEnd(peek(1))
    }

    /// A scalar, flow collection, block scalar or alias that is not a mapping key.
    mutating func parseInlineBlockContent(parent: Int, context: BlockContext) throws(ReadError) -> Node {
        let byte = peek()
        switch byte {
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return try parseBlockScalar(parent: parent)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let node = try parseFlowNode()
            try expectLineEnd(after: "a flow collection")
            return node
        case UInt8(ascii: "*"):
            let node = try parseAlias()
            try expectLineEnd(after: "an alias")
            return node
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let node = try parseQuoted(flow: false)
            try expectLineEnd(after: "a quoted string")
            return node
        case UInt8(ascii: "?"):
            if Self.isSpaceOrEnd(peek(1)) {
                throw error("explicit mapping keys (`? `) are not supported", "write the key as `key: value`")
            }
            fallthrough
        default:
            let node = try parsePlain(parent: parent, flow: false, singleLine: false)
            if peek() == UInt8(ascii: ":") {
                throw nestedMappingError()
            }
            return node
        }
    }

    mutating func expectLineEnd(after what: String) throws(ReadError) {
        if skipBlanksToLineEnd() { return }
        if peek() == UInt8(ascii: ":") {
            throw error("\(what) used as a mapping key is not supported", "use a plain or quoted string as the key")
        }
        throw error("unexpected text after \(what)", "a value ends at the end of its line: remove the text, or move it to its own line")
    }

    /// True when the current line holds an implicit key (`key:` followed by a space or the line end).
    func implicitKeyAhead() -> Bool {
        var position = index
        let first = position < count ? buffer[position] : 0
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            position += 1
            while position < count {
                let byte = buffer[position]
                if byte == 10 || byte == 13 { return false }
                if first == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                    position += 2
                    continue
                }
                if byte == first {
                    if first == UInt8(ascii: "'") && position + 1 < count && buffer[position + 1] == first {
                        position += 2
                        continue
                    }
                    break
                }
                position += 1
            }
            guard position < count else { return false }
            position += 1
            while position < count && Self.isBlank(buffer[position]) { position += 1 }
            return position < count && buffer[position] == UInt8(ascii: ":") && Self.isSpaceOrEnd(position + 1 < count ? buffer[position + 1] : 0)
        }
        switch first {
        case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "&"),
            UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return false
        default: break
        }
        while position < count {
            let byte = buffer[position]
            if byte == 10 || byte == 13 { return false }
            if byte == UInt8(ascii: ":") && Self.isSpaceOrEnd(position + 1 < count ? buffer[position + 1] : 0) { return true }
            if byte == UInt8(ascii: "#") && position > index && Self.isBlank(buffer[position - 1]) { return false }
            position += 1
        }
        return false
    }

    /// A block mapping whose keys start at `column`.
    mutating func parseBlockMapping(column: Int) throws(ReadError) -> Node {
        let start = mark()
        var pairs: [YAML.Pair] = []
        var seen = SeenKeys()
        while true {
            let properties = try parseProperties(flow: false)
            if Self.isBreakOrEnd(peek()) || peek() == UInt8(ascii: "#") {
                throw error("an anchor or tag on a line of its own inside a mapping", "put it before the value, after `key: `")
            }
            var key: Node
            switch peek() {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                key = try parseQuoted(flow: false)
            case UInt8(ascii: "*"):
                throw error("an alias used as a mapping key is not supported", "write the key out")
            case UInt8(ascii: "?") where Self.isSpaceOrEnd(peek(1)):
                throw error("explicit mapping keys (`? `) are not supported", "write the key as `key: value`")
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                throw error("a flow collection used as a mapping key is not supported", "use a plain or quoted string as the key")
            case UInt8(ascii: "-") where Self.isSpaceOrEnd(peek(1)):
                throw error(
                    "a sequence item where a mapping key was expected",
                    "indent the `- ` items under their key, or align this line with the keys above")
            default:
                key = try parsePlain(parent: column, flow: false, singleLine: true)
            }
            key = finish(key, properties)
            while Self.isBlank(peek()) { index += 1 }
            guard peek() == UInt8(ascii: ":") else {
                throw error(
                    "expected `:` after the mapping key '\(key.scalar ?? "")'",
                    "a mapping entry is `key: value`; a line at this indentation must be another key", at: key.mark)
            }
            index += 1
            try checkDuplicate(key, in: &seen)
            let value: Node
            if skipBlanksToLineEnd() {
                let afterColon = mark()
                try skipToContent()
                let here = byteColumn
                if !atEnd && !atDocumentMarker() && here > column {
                    value = try parseBlockNode(parent: column, context: .newLine, indentlessAllowed: true)
                } else if !atEnd && !atDocumentMarker() && here == column && atSequenceEntry() {
                    value = try parseBlockSequence(column: column, indentless: true)
                } else {
                    value = Node(.scalar("", .plain), mark: afterColon)
                }
            } else {
                value = try parseBlockNode(parent: column, context: .afterKey, indentlessAllowed: true)
            }
            pairs.append(YAML.Pair(key: key, value: value))
            try skipToContent()
            if atEnd || atDocumentMarker() { break }
            let here = byteColumn
            if here < column { break }
            if here > column {
                throw error(
                    "unexpected indentation",
                    "align this line with the keys of its mapping (column \(column + 1)), or put it under a key that ends with `:`")
            }
        }
        return Node(.mapping(pairs), mark: start)
    }

    /// Records `key`, or throws when the mapping already holds it (naming both lines).
    mutating func checkDuplicate(_ key: Node, in seen: inout SeenKeys) throws(ReadError) {
        let identity = keyIdentity(key)
        if identity.kind == 0 && identity.text == "<<" && key.tag == nil { sawMergeKey = true }
        if let first = seen.insert(identity, key.mark) {
            if keepsDuplicateKeys {
                duplicates.append(YAML.DuplicateKey(key: key.scalar ?? "", first: first, second: key.mark))
                return
            }
            throw error(
                "duplicate key '\(key.scalar ?? "")' (first at line \(first.line))",
                "remove one of the two: a YAML mapping holds each key once, and Compose would silently keep only the last",
                at: key.mark, related: first)
        }
    }

    func keyIdentity(_ key: Node) -> KeyIdentity {
        guard case .scalar(let text, let style) = key.content else { return KeyIdentity(kind: 9, text: "\(key.mark)") }
        if style == .plain && key.tag == nil, let first = text.utf8.first,
            (first >= 97 && first <= 122 || first >= 65 && first <= 90) && !"nNtTfF".utf8.contains(first)
        {
            return KeyIdentity(kind: 0, text: text)
        }
        if (style != .plain && key.tag == nil) || key.tag == CoreSchema.strTag { return KeyIdentity(kind: 0, text: text) }
        switch CoreSchema.resolve(text, style: style, tag: key.tag) {
        case .string: return KeyIdentity(kind: 0, text: text)
        case .null: return KeyIdentity(kind: 1, text: "")
        case .bool(let value): return KeyIdentity(kind: 2, text: value ? "true" : "false")
        case .int(let value, let digits): return KeyIdentity(kind: 3, text: value.map(String.init) ?? digits)
        case .float(let value): return KeyIdentity(kind: 4, text: "\(value)")
        }
    }

    /// A block sequence whose `- ` indicators are at `column`. An indentless sequence (a mapping
    /// value at the mapping's own indentation) ends at the first line that is not an item.
    mutating func parseBlockSequence(column: Int, indentless: Bool) throws(ReadError) -> Node {
        let start = mark()
        var items: [Node] = []
        while true {
            let dash = mark()
            index += 1
            let item: Node
            if skipBlanksToLineEnd() {
                try skipToContent()
                if !atEnd && !atDocumentMarker() && byteColumn > column {
                    item = try parseBlockNode(parent: column, context: .newLine)
                } else {
                    item = Node(.scalar("", .plain), mark: dash)
                }
            } else {
                item = try parseBlockNode(parent: column, context: .afterDash)
            }
            items.append(item)
            try skipToContent()
            if atEnd || atDocumentMarker() { break }
            let here = byteColumn
            if here < column { break }
            if here > column {
                throw error(
                    "unexpected indentation", "align this line with the `- ` items of its sequence (column \(column + 1)), or indent it under an item"
                )
            }
            if !atSequenceEntry() {
                if indentless { break }
                throw error(
                    "expected a `- ` item at this indentation",
                    "a block sequence holds only `- ` items: indent this line further, or align it with the enclosing keys")
            }
        }
        return Node(.sequence(items), mark: start)
    }
}
