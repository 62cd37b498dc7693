/// Random strings biased toward the shapes that break YAML and dotenv writers.
public struct RandomStrings: Sendable {
    public var generator: SeededGenerator
    /// More pieces to draw from beside `pieces` (none by default, so a seed gives the same strings).
    public var extraPieces: [String] = []

    public init(seed: UInt64, extraPieces: [String] = []) {
        generator = SeededGenerator(seed: seed)
        self.extraPieces = extraPieces
    }

    public static let keywords = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "=", "nan", "inf", ".inf", ".nan",
        "-.inf", "+.inf", "none", "nil",
    ]

    public static let numbers = [
        "0", "7", "-1", "+1", "007", "0755", "0x1F", "0o17", "0b101", "1_000", "1e3", "1E-3", "1.5e+3", ".5", "5.",
        "3.14", "-0.0", "8086:8086", "1:20:30", "190:20:30.15", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5", "1.2.3", "0x", "1_", "+.5",
    ]

    public static let pieces = [
        ":", ": ", " :", "#", " #", "# ", "-", "- ", "?", "? ", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">",
        "'", "\"", "%", "@", "`", "\\", "$", "${", "}", "$HOME", "${X}", "=", "/", ".", "...", "---", "<<",
    ]

    public static let specials: [String] = [
        " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}", "\u{1F}",
        "\u{7F}", "\u{85}", "\u{A0}", "\u{AD}", "\u{2028}", "\u{2029}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{FFFE}",
        "\u{FFFF}", "\u{E000}", "\u{10FFFF}", "\u{301}", "é", "e\u{301}", "ß", "中", "文", "😀", "👨‍👩‍👧", "\u{3000}", "İ",
        "K", "Ω",
    ]

    public static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

    public mutating func int(_ upper: Int) -> Int {
        Int.random(in: 0..<upper, using: &generator)
    }

    public mutating func pick<T>(_ values: [T]) -> T {
        values[int(values.count)]
    }

    /// `text` with each ASCII letter's case flipped at random.
    public mutating func randomCase(_ text: String) -> String {
        String(
            text.map { character in
                int(2) == 0 ? Character(character.uppercased()) : Character(character.lowercased())
            })
    }

    public mutating func word() -> String {
        String((0..<(1 + int(6))).map { _ in pick(Self.letters) })
    }

    public mutating func atom() -> String {
        switch int(10) {
        case 0: randomCase(pick(Self.keywords))
        case 1, 2: pick(Self.numbers)
        case 3, 4: extraPieces.isEmpty || int(2) == 0 ? pick(Self.pieces) : pick(extraPieces)
        case 5, 6: pick(Self.specials)
        case 7: String(int(100_000))
        default: word()
        }
    }

    /// One random string: empty, a single dangerous atom, or a few atoms, maybe padded with spaces.
    public mutating func next() -> String {
        switch int(20) {
        case 0: return ""
        case 1, 2, 3: return atom()
        case 4: return pick([" ", "\t", "\n"]) + atom()
        case 5: return atom() + pick([" ", "\t", "\n", ":"])
        case 6: return int(5) == 0 ? String(repeating: "x", count: 980 + int(60)) : atom() + atom()
        default:
            var text = ""
            for _ in 0..<(1 + int(5)) { text += atom() }
            return text
        }
    }
}
