/// Writes `YAMLNode` trees as canonical block-style YAML.
///
/// Layout: two-space indentation; a sequence or mapping under a key starts on the next line,
/// indented two spaces more than the key; a mapping item of a sequence starts on the `- ` line
/// with its further keys aligned under the first; a sequence item of a sequence is a lone `-`
/// followed by the nested block; empty collections are `{}` and `[]`. Keys longer than 1000
/// characters (after quoting) use the explicit `? key` / `: value` form, since readers limit
/// implicit keys to 1024 characters.
public enum YAMLEmitter {
    /// The document for `root` in block style, two-space indentation, ending with exactly one "\n".
    public static func emit(_ root: YAMLNode) -> String {
        emit(tree: root)
    }

    /// The document for any `YAMLTree`, written as it is (no `YAMLNode` copy of it is made).
    @inlinable
    public static func emit<Tree: YAMLTree>(tree root: Tree) -> String {
        var out = Output()
        switch root.shape {
        case .mapping(let entries) where !entries.isEmpty:
            writeMapping(entries, indent: 0, firstIsInline: false, into: &out)
        case .sequence(let items) where !items.isEmpty:
            writeSequence(items, indent: 0, into: &out)
        default:
            out += (inlineForm(root) ?? "") + "\n"
        }
        return out.text
    }

    /// A string scalar as it appears in the output: plain when that is safe, otherwise quoted.
    public static func scalar(_ value: String) -> String {
        YAMLScalarStyle.render(value)
    }

    /// Longest rendered key written as an implicit `key: value`.
    @usableFromInline static let maximumImplicitKeyLength = 1000

    // MARK: - Layout

    /// The one-line form of a scalar or an empty collection; nil for a non-empty collection.
    @inlinable
    static func inlineForm<Tree: YAMLTree>(_ node: Tree) -> String? {
        switch node.shape {
        case .string(let text): return YAMLScalarStyle.render(text)
        case .literal(let text): return text
        case .sequence(let items): return items.isEmpty ? "[]" : nil
        case .mapping(let entries): return entries.isEmpty ? "{}" : nil
        }
    }

    /// Writes `entries` at `indent`; when `firstIsInline`, the first key continues the current line (after `- `).
    @inlinable
    static func writeMapping<Entry: YAMLTreeEntry>(_ entries: [Entry], indent: Int, firstIsInline: Bool, into out: inout Output)
    where Entry.Value: YAMLTree {
        for index in entries.indices {
            if index > 0 || !firstIsInline { out.appendSpaces(indent) }
            writeKey(entries[index].key, indent: indent, into: &out)
            writeValue(entries[index].value, indent: indent, into: &out)
        }
    }

    /// Writes `key` as a string scalar and the `:` after it: `key:`, or `? key` and a `:` line under it
    /// when the written key is longer than `maximumImplicitKeyLength` characters.
    @inlinable
    static func writeKey(_ key: String, indent: Int, into out: inout Output) {
        let start = out.bytes.count
        YAMLScalarStyle.write(key, into: &out.bytes)
        // The byte count (O(1)) bounds the character count: count characters (non-continuation bytes) only for long keys.
        if out.bytes.count - start > maximumImplicitKeyLength
            && out.bytes[start...].lazy.filter({ $0 & 0xC0 != 0x80 }).count > maximumImplicitKeyLength
        {
            let written = Array(out.bytes[start...])
            out.bytes.removeSubrange(start...)
            out += "? "
            out.bytes.append(contentsOf: written)
            out.append(UInt8(ascii: "\n"))
            out.appendSpaces(indent)
        }
        out.append(UInt8(ascii: ":"))
    }

    /// Writes `separator` and the one-line form of a scalar or an empty collection (as `inlineForm` gives
    /// it, a string scalar straight into the buffer); false, writing nothing, for a non-empty collection.
    @inlinable
    static func writeInline<Tree: YAMLTree>(_ node: Tree, after separator: UInt8, into out: inout Output) -> Bool {
        switch node.shape {
        case .string(let text):
            out.append(separator)
            YAMLScalarStyle.write(text, into: &out.bytes)
        case .literal(let text):
            out.append(separator)
            out += text
        case .sequence(let items):
            guard items.isEmpty else { return false }
            out.append(separator)
            out += "[]"
        case .mapping(let entries):
            guard entries.isEmpty else { return false }
            out.append(separator)
            out += "{}"
        }
        return true
    }

    /// Writes the rest of a `key:` line and the nested block under it.
    @inlinable
    static func writeValue<Tree: YAMLTree>(_ value: Tree, indent: Int, into out: inout Output) {
        if writeInline(value, after: UInt8(ascii: " "), into: &out) {
            out.append(UInt8(ascii: "\n"))
            return
        }
        out.append(UInt8(ascii: "\n"))
        switch value.shape {
        case .mapping(let entries): writeMapping(entries, indent: indent + 2, firstIsInline: false, into: &out)
        case .sequence(let items): writeSequence(items, indent: indent + 2, into: &out)
        case .string, .literal: break
        }
    }

    @inlinable
    static func writeSequence<Tree: YAMLTree>(_ items: [Tree], indent: Int, into out: inout Output) {
        for item in items {
            out.appendSpaces(indent)
            out.append(UInt8(ascii: "-"))
            if writeInline(item, after: UInt8(ascii: " "), into: &out) {
                out.append(UInt8(ascii: "\n"))
                continue
            }
            switch item.shape {
            case .mapping(let entries):
                out.append(UInt8(ascii: " "))
                writeMapping(entries, indent: indent + 2, firstIsInline: true, into: &out)
            case .sequence(let inner):
                out.append(UInt8(ascii: "\n"))
                writeSequence(inner, indent: indent + 2, into: &out)
            case .string, .literal: break
            }
        }
    }

    /// The document being written: UTF-8 bytes, turned into a `String` once at the end
    /// (appending to a growing `String` costs a uniqueness and capacity check per piece).
    @usableFromInline
    struct Output {
        @usableFromInline var bytes: [UInt8] = []

        @inlinable
        init() { bytes.reserveCapacity(1 << 16) }

        @inlinable
        static func += (output: inout Output, text: String) {
            // `withUTF8` hands over contiguous bytes also for small (inline) strings, which
            // `append(contentsOf: text.utf8)` would copy byte by byte.
            var text = text
            text.withUTF8 { output.bytes.append(contentsOf: $0) }
        }

        /// `count` spaces of indentation.
        @inlinable
        mutating func appendSpaces(_ count: Int) {
            for _ in 0..<count { bytes.append(UInt8(ascii: " ")) }
        }

        /// One byte (an indicator or a line break): no string to take apart.
        @inlinable
        mutating func append(_ byte: UInt8) { bytes.append(byte) }

        @inlinable
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }
}
