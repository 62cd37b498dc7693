import TestSupport
import Testing

@testable import DeployCompiler

@Suite("TextSignatures")
struct TextSignaturesTests {
    /// Texts of every length to 40 bytes and every printable first byte.
    private static let texts: [String] = (1...40).flatMap { length in
        (0x21...0x7E).map { first in String(UnicodeScalar(UInt8(first))) + String(repeating: "x", count: length - 1) }
    }

    @Test("a text of the set is always 'maybe', by its text and by its length and first byte")
    func noFalseNegatives() {
        var generator = SeededGenerator(seed: 0x516)
        for _ in 0..<50 {
            let members = (0..<Int.random(in: 1...40, using: &generator)).map { _ in Self.texts.randomElement(using: &generator)! }
            let signatures = TextSignatures(members)
            for member in members {
                #expect(signatures.mayContain(member), "\(member)")
                #expect(signatures.mayContain(Substring(member)), "\(member) as a substring")
                #expect(signatures.mayContain(utf8Count: member.utf8.count, first: member.utf8.first!), "\(member) by length and first byte")
            }
        }
    }

    @Test("an empty set rejects every text; a set of one text rejects all but a few of the others")
    func rejects() {
        let empty = TextSignatures()
        #expect(Self.texts.allSatisfy { !empty.mayContain($0) })
        #expect(!empty.mayContain(""))
        let one = TextSignatures(["home_assistant_events_test"])
        let maybes = Self.texts.filter(one.mayContain).count
        // One bit of 256 set: about 1 text in 256 shares it.
        #expect(maybes * 100 <= Self.texts.count, "\(maybes) of \(Self.texts.count) texts pass a one-text filter")
    }
}
