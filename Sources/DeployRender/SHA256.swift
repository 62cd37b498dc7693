import CSHA256

/// SHA-256 (FIPS 180-4) digests as lowercase hex.
public enum SHA256 {
    /// The digest of `bytes`, 64 lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digest: [UInt8] =
            bytes.withContiguousStorageIfAvailable { Self.digest([UnsafeRawBufferPointer($0)]) }
            ?? Array(bytes).withUnsafeBytes { Self.digest([$0]) }
        return hexText(digest)
    }

    /// The digest of the UTF-8 encoding of `text`, 64 lowercase hex digits.
    public static func hex(_ text: String) -> String {
        hex(text.utf8)
    }

    /// The digest of the UTF-8 encoding of `first` followed by `second`, without joining them (a
    /// generated file's header and its body of several megabytes).
    public static func hex(_ first: String, followedBy second: String) -> String {
        var first = first
        var second = second
        return hexText(
            first.withUTF8 { first in second.withUTF8 { second in digest([UnsafeRawBufferPointer(first), UnsafeRawBufferPointer(second)]) } })
    }

    private static func hexText(_ digest: [UInt8]) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 0x10 ? "0" + text : text
        }.joined()
    }

    /// How whole 64-byte blocks are compressed.
    enum BlockFunction: Sendable, CaseIterable {
        /// In Swift, on any processor.
        case portable
        /// On the processor's SHA extensions (x86-64 SHA-NI): about seven times as fast (docs/PERFORMANCE.md).
        case extensions
    }

    /// The block function this processor runs fastest.
    static let fastest: BlockFunction = csha256_has_extensions() == 1 ? .extensions : .portable

    /// The 32-byte digest of the concatenation of `parts`: whole blocks are read in place, only a block
    /// that spans two parts and the padded tail are copied.
    static func digest(_ parts: [UnsafeRawBufferPointer], using function: BlockFunction = fastest) -> [UInt8] {
        var state = initialState
        var schedule = [UInt32](repeating: 0, count: 64)
        var carry: [UInt8] = []  // the start of a block that the next part completes (fewer than 64 bytes)
        carry.reserveCapacity(128)
        let length = parts.reduce(0) { $0 + $1.count }
        state.withUnsafeMutableBufferPointer { state in
            schedule.withUnsafeMutableBufferPointer { schedule in
                roundConstants.withUnsafeBufferPointer { constants in
                    /// Compresses `blocks`, whose length is a multiple of 64.
                    func compressBlocks(_ blocks: UnsafeRawBufferPointer) {
                        guard let start = blocks.baseAddress, blocks.count >= 64 else { return }
                        switch function {
                        case .extensions:
                            csha256_compress_blocks(
                                state.baseAddress!, start.assumingMemoryBound(to: UInt8.self), blocks.count / 64, constants.baseAddress!)
                        case .portable:
                            var offset = 0
                            while offset < blocks.count {
                                compress(
                                    UnsafeRawBufferPointer(rebasing: blocks[offset..<offset + 64]), state: state, schedule: schedule,
                                    constants: constants)
                                offset += 64
                            }
                        }
                    }
                    func compressCarry() {
                        carry.withUnsafeBytes { compressBlocks($0) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    for part in parts {
                        var start = 0
                        if !carry.isEmpty {
                            start = min(64 - carry.count, part.count)
                            carry.append(contentsOf: part[0..<start])
                            guard carry.count == 64 else { continue }
                            compressCarry()
                        }
                        let blockBytes = (part.count - start) / 64 * 64
                        compressBlocks(UnsafeRawBufferPointer(rebasing: part[start..<start + blockBytes]))
                        carry.append(contentsOf: part[(start + blockBytes)...])
                    }
                    // Padding: 0x80, zeros up to 56 bytes modulo 64, then the length in bits (big-endian).
                    let bitLength = UInt64(length) &* 8
                    carry.append(0x80)
                    while carry.count % 64 != 56 { carry.append(0) }
                    for shift in stride(from: 56, through: 0, by: -8) {
                        carry.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
                    }
                    compressCarry()
                }
            }
        }

        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in state {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    /// One round of the compression function over the 64-byte `block`.
    @inline(__always)
    private static func compress(
        _ block: UnsafeRawBufferPointer, state: UnsafeMutableBufferPointer<UInt32>,
        schedule: UnsafeMutableBufferPointer<UInt32>, constants: UnsafeBufferPointer<UInt32>
    ) {
        for t in 0..<16 {
            schedule[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
        }
        for t in 16..<64 {
            let s0 = rotr(schedule[t - 15], 7) ^ rotr(schedule[t - 15], 18) ^ (schedule[t - 15] &>> 3)
            let s1 = rotr(schedule[t - 2], 17) ^ rotr(schedule[t - 2], 19) ^ (schedule[t - 2] &>> 10)
            schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
        }
        var a = state[0]
        var b = state[1]
        var c = state[2]
        var d = state[3]
        var e = state[4]
        var f = state[5]
        var g = state[6]
        var h = state[7]
        // Eight rounds per pass, each with the working variables in their rotated roles: no moves between rounds.
        var t = 0
        while t < 64 {
            round(a, b, c, &d, e, f, g, &h, constants[t] &+ schedule[t])
            round(h, a, b, &c, d, e, f, &g, constants[t + 1] &+ schedule[t + 1])
            round(g, h, a, &b, c, d, e, &f, constants[t + 2] &+ schedule[t + 2])
            round(f, g, h, &a, b, c, d, &e, constants[t + 3] &+ schedule[t + 3])
            round(e, f, g, &h, a, b, c, &d, constants[t + 4] &+ schedule[t + 4])
            round(d, e, f, &g, h, a, b, &c, constants[t + 5] &+ schedule[t + 5])
            round(c, d, e, &f, g, h, a, &b, constants[t + 6] &+ schedule[t + 6])
            round(b, c, d, &e, f, g, h, &a, constants[t + 7] &+ schedule[t + 7])
            t += 8
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }

    /// One round (FIPS 180-4, 6.2.2 step 3) with the variables named as they stand in it: `d` and `h`
    /// receive the new `e` and `a`; the caller rotates the names instead of the values.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ constantPlusWord: UInt32
    ) {
        let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choose = g ^ (e & (f ^ g))
        let t1 = h &+ sigma1 &+ choose &+ constantPlusWord
        let sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) | (c & (a | b))
        d = d &+ t1
        h = t1 &+ sigma0 &+ majority
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        // Masking shifts: n is 1...31, so no over-shift check is needed and the pair becomes one rotate.
        (x &>> n) | (x &<< (32 &- n))
    }

    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
