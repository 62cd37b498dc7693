/// Values that have changed meaning on their way to Compose somewhere: every `$` form, combining
/// marks fused with `$`, YAML 1.1 specials and indicators, control, bidi and line-separator
/// characters, a 1 MB string, and the empty string.
enum HostileValues {
    static let all: [String] = dollar + yaml + characters + [megabyte]

    static let dollar = [
        "$", "$$", "a$", "$a", "${", "${X}", "${X:-d}", "${X:?m}", "$(id)", "$X", "$$X", "$${X}", "$1", "${X:-${Y}}",
        "admin:$apr1$abc$xyz/", "exec app --token $INFLUXDB_TOKEN", "$\u{FE0F}", "a$\u{200D}b", "$\u{301}", "}$", "$$$", "\\$", "$\\",
        "a}b", "{", "}", "${X}}", "$\u{200F}",
    ]

    static let yaml = [
        "", "yes", "No", "on", "OFF", "y", "n", "~", "null", "true", "<<", "=", "0755", "0x1F", "1e3", ".inf", "-.inf",
        ".nan", "1:20:30", "2024-01-01", "- x", "? x", ": x", "x:", "# x", "x # y", "x: y", "[a]", "{a: b}", "&a", "*a",
        "!a", "!!str x", "|", "> x", "'q'", "\"q\"", "%x", "@x", "`x`", "x\\y", "\\n", "---", "...", "a,b",
    ]

    static let characters = [
        " lead", "trail ", " ", "\t", "a\tb", "a\nb", "a\r\nb", "a\rb", "\u{0}", "a\u{7}b", "\u{1B}[31m", "\u{7F}", "\u{85}",
        "\u{2028}", "\u{2029}", "ok\u{2028}x-injected: true", "ok\nx-injected: true", "\u{FEFF}x", "\u{FFFE}", "\u{202E}gnp.exe",
        "\u{200B}", "\u{2066}x\u{2069}", "\u{10FFFF}", "\u{FFFF}", String(Unicode.Scalar(0xFDD0)!), "\u{200F}x", "a\u{0}b", "\u{1F}", "\\", "x\\",
        "'", "\"", "a'b\"c", "#", " #x", "x #", "\u{2028}x", "😀", "👨‍👩‍👧", "中文", "e\u{301}", "\u{301}", "İ", "\u{A0}",
    ]

    /// The values for `field`: names get `long` instead of `megabyte`.
    static func values(for field: StringField) -> [String] {
        field.isName ? dollar + yaml + characters + [long] : all
    }

    /// 8 KB, with `$` throughout.
    static let long = String(repeating: "ab$cd=ef/", count: 910)

    /// About 1 MB, with `$` throughout.
    static let megabyte = String(repeating: "ab$cd=ef/", count: 116_509)
}
