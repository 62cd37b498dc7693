import Foundation
import TestSupport
import Testing

@testable import DeployRender

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180 test vectors")
    func vectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(
            SHA256.hex(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("text is hashed as UTF-8")
    func utf8() {
        #expect(SHA256.hex("é中😀") == SHA256.hex([0xC3, 0xA9, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80]))
        #expect(SHA256.hex("é") != SHA256.hex("e\u{301}"))
    }

    @Test(
        "agrees with sha256sum on random bytes around the block boundaries",
        .enabled(if: Requirement.toolAvailableOrCI("sha256sum"), "needs sha256sum")
    )
    func againstSha256sum() throws {
        guard let tool = Requirement.tool("sha256sum") else { return }
        var generator = SeededGenerator(seed: 0x5A_256)
        let lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1_000, 4_097] + (0..<8).map { _ in Int.random(in: 0..<20_000, using: &generator) }
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let result = try Run.process(tool, [], stdin: Data(bytes))
            try #require(result.status == 0)
            let expected = String(result.stdout.prefix(64))
            #expect(SHA256.hex(bytes) == expected, "length \(length)")
        }
    }

    @Test("a digest of two texts in a row is the digest of the two joined, wherever the block boundaries fall")
    func twoParts() {
        var generator = SeededGenerator(seed: 0x5A_257)
        let text = String((0..<300).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator))) })
        for split in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 200, 300] {
            let first = String(text.prefix(split))
            let second = String(text.dropFirst(split))
            #expect(SHA256.hex(first, followedBy: second) == SHA256.hex(text), "split at \(split)")
            #expect(SHA256.hex(second, followedBy: first) == SHA256.hex(second + first), "split at \(split), swapped")
        }
        #expect(SHA256.hex("", followedBy: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("ab", followedBy: "c") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(
        "the SHA extensions' block function and the portable one give the same digests, at every length across four blocks and split anywhere",
        .enabled(if: SHA256.fastest == .extensions, "this processor has no SHA extensions: the portable function is the only one")
    )
    func blockFunctionsAgree() {
        var generator = SeededGenerator(seed: 0x5A_258)
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in 0...bytes.count {
            let portable = Self.hex(bytes[..<length], splitAt: 0, .portable)
            for split in Set([0, 1, 63, 64, 65, length / 2, length]) where split <= length {
                #expect(Self.hex(bytes[..<length], splitAt: split, .extensions) == portable, "length \(length), split at \(split)")
            }
        }
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for function in SHA256.BlockFunction.allCases {
            #expect(
                Self.hex(million[...], splitAt: 999_937, function) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                "\(function)")
        }
    }

    /// The digest of `bytes` as two parts split at `split`, by `function`.
    private static func hex(_ bytes: ArraySlice<UInt8>, splitAt split: Int, _ function: SHA256.BlockFunction) -> String {
        let digest = Array(bytes).withUnsafeBytes { all in
            SHA256.digest([UnsafeRawBufferPointer(rebasing: all[..<split]), UnsafeRawBufferPointer(rebasing: all[split...])], using: function)
        }
        return digest.map { $0 < 0x10 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
