/// The signatures of a set of texts: one of 256 bits per text, chosen by its UTF-8 length and first byte.
/// A text whose bit is not set is none of the texts, decided without hashing or comparing it; a set bit
/// only says "maybe", to be settled by an exact lookup.
struct TextSignatures: Sendable {
    private var bits: SIMD4<UInt64> = .zero

    init() {}

    init(_ texts: some Sequence<String>) {
        for text in texts { insert(text) }
    }

    mutating func insert(_ text: some StringProtocol) {
        let (word, bit) = Self.position(text)
        bits[word] |= bit
    }

    /// False when `text` is surely none of the texts.
    func mayContain(_ text: some StringProtocol) -> Bool {
        let (word, bit) = Self.position(text)
        return bits[word] & bit != 0
    }

    /// False when the text of `count` UTF-8 bytes starting with `first` is surely none of the texts.
    func mayContain(utf8Count count: Int, first: UInt8) -> Bool {
        let (word, bit) = Self.position(count, first)
        return bits[word] & bit != 0
    }

    private static func position(_ text: some StringProtocol) -> (word: Int, bit: UInt64) {
        let bytes = text.utf8
        return position(bytes.count, bytes.first ?? 0)
    }

    /// The text's bit: length and first byte mixed, so that texts of one length with nearby first bytes spread.
    private static func position(_ count: Int, _ first: UInt8) -> (word: Int, bit: UInt64) {
        let index = (count &* 97 &+ Int(first) &* 13) & 255
        return (index >> 6, 1 << UInt64(index & 63))
    }
}
