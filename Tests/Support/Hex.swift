/// Hex transport of exact bytes between the tests and Python (no JSON or Unicode normalisation in between).
public enum Hex {
    public static func encode(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(digit(high) << 4 | digit(low)))
        }
        return bytes
    }

    private static func digit(_ ascii: UInt8) -> Int {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(ascii - UInt8(ascii: "a")) + 10
        default: Int(ascii - UInt8(ascii: "A")) + 10
        }
    }

    /// A JSON array of the hex encodings of `texts`.
    public static func jsonArray(_ texts: [String]) -> String {
        "[" + texts.map { "\"" + encode($0) + "\"" }.joined(separator: ",") + "]"
    }
}

/// `text` with every non-printable-ASCII code point escaped, for failure messages.
public func escaped(_ text: String) -> String {
    "\"" + text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() + "\""
}
