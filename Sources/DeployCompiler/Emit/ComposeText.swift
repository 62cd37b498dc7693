import DeployRender

/// Text exactly as it goes into a compose file, where Compose interpolates `$`.
///
/// The only ways to make one are `literal(_:)`, which doubles every `$` so Compose reads the
/// text back exactly, and `value(_:)`, which writes a resolved value's references as
/// `${NAME:?message}` / `${NAME:-default}` and escapes its literal parts the same way. The
/// compose emitter writes every string through `ComposeNode`, whose scalars hold a
/// `ComposeText`, so no string reaches a compose file unescaped.
public struct ComposeText: Sendable, Hashable {
    /// The text as written into the file.
    public let raw: String

    private init(raw: String) { self.raw = raw }

    /// Exactly `text`: every `$` doubled. Works on UTF-8 bytes, so a `$` that forms one
    /// `Character` with a following combining mark (`"$\u{FE0F}"`) is escaped too.
    public static func literal(_ text: String) -> ComposeText {
        ComposeText(raw: escaped(text))
    }

    /// A resolved value: literal parts escaped, secrets as `${NAME:?message}`, variables as
    /// `${NAME:-default}` or `${NAME}` (message and default escaped like literals, since
    /// Compose interpolates inside them too).
    public static func value(_ value: ResolvedValue) -> ComposeText {
        // Most values are one literal: escaped as it is, without building a new string.
        if value.parts.count == 1, case .literal(let text) = value.parts[0] { return literal(text) }
        var raw = ""
        for part in value.parts {
            switch part {
            case .literal(let text): raw += escaped(text)
            case .secret(let name, let message): raw += "${\(name):?\(escaped(message))}"
            case .variable(let name, let fallback): raw += fallback.map { "${\(name):-\(escaped($0))}" } ?? "${\(name)}"
            }
        }
        return ComposeText(raw: raw)
    }

    /// `text` with every `$` byte doubled.
    static func escaped(_ text: String) -> String {
        let dollar = UInt8(ascii: "$")
        guard text.containsUTF8(dollar) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == dollar { bytes.append(dollar) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
