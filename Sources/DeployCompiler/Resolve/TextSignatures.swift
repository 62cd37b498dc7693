/// The signatures of a set of texts: one of 64 bits per text, chosen by its UTF-8 length and first byte.
/// A text whose bit is not set is none of the texts, decided without hashing or comparing it; a set bit
/// only says "maybe", to be settled by an exact lookup.
struct TextSignatures: Sendable {
    private var bits: UInt64 = 0

    init() {}

    init(_ texts: some Sequence<String>) {
        for text in texts { insert(text) }
    }

    mutating func insert(_ text: some StringProtocol) { bits |= Self.bit(text) }

    /// False when `text` is surely none of the texts.
    func mayContain(_ text: some StringProtocol) -> Bool { bits & Self.bit(text) != 0 }

    /// False when the text of `count` UTF-8 bytes starting with `first` is surely none of the texts.
    func mayContain(utf8Count count: Int, first: UInt8) -> Bool { bits & Self.bit(count, first) != 0 }

    private static func bit(_ text: some StringProtocol) -> UInt64 {
        let bytes = text.utf8
        return bit(bytes.count, bytes.first ?? 0)
    }

    private static func bit(_ count: Int, _ first: UInt8) -> UInt64 {
        1 << UInt64((count &* 7 &+ Int(first)) & 63)
    }
}
