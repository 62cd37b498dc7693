import DeployRender
import Testing

@Suite("YAML emitter layout")
struct YAMLEmitterLayoutTests {
    @Test("the compose layout from the specification")
    func composeLayout() {
        let root = YAMLNode.mapping([
            .init(
                "services",
                .mapping([
                    .init(
                        "influxdb",
                        .mapping([
                            .init("image", .string("influxdb:2.7.10")),
                            .init("ports", .sequence([.string("8086:8086")])),
                            .init("environment", .mapping([.init("DEPLOYMENT_MODE", .string("test"))])),
                            .init(
                                "healthcheck",
                                .mapping([
                                    .init("test", .sequence([.string("CMD"), .string("influx")]))
                                ])),
                            .init("depends_on", .mapping([])),
                            .init("command", .sequence([])),
                        ]))
                ])),
            .init(
                "x-list",
                .sequence([
                    .mapping([.init("name", .string("a")), .init("other", .string("b"))]),
                    .sequence([.string("nested")]),
                ])),
        ])
        let expected = """
            services:
              influxdb:
                image: influxdb:2.7.10
                ports:
                  - "8086:8086"
                environment:
                  DEPLOYMENT_MODE: test
                healthcheck:
                  test:
                    - CMD
                    - influx
                depends_on: {}
                command: []
            x-list:
              - name: a
                other: b
              -
                - nested

            """
        #expect(YAMLEmitter.emit(root) == expected)
    }

    @Test("root scalars and empty collections end with one newline")
    func roots() {
        #expect(YAMLEmitter.emit(.string("hello")) == "hello\n")
        #expect(YAMLEmitter.emit(.string("yes")) == "\"yes\"\n")
        #expect(YAMLEmitter.emit(.literal("3")) == "3\n")
        #expect(YAMLEmitter.emit(.mapping([])) == "{}\n")
        #expect(YAMLEmitter.emit(.sequence([])) == "[]\n")
        #expect(YAMLEmitter.emit(.sequence([.string("a")])) == "- a\n")
    }

    @Test("literals are verbatim, bool and int helpers")
    func literals() {
        let root = YAMLNode.mapping([
            .init("replicas", .int(3)),
            .init("negative", .int(-42)),
            .init("enabled", .bool(true)),
            .init("disabled", .bool(false)),
            .init("ratio", .literal("0.5")),
            .init("text", .string("3")),
        ])
        #expect(
            YAMLEmitter.emit(root) == """
                replicas: 3
                negative: -42
                enabled: true
                disabled: false
                ratio: 0.5
                text: "3"

                """)
        #expect(YAMLNode.bool(true) == .literal("true"))
        #expect(YAMLNode.int(8086) == .literal("8086"))
    }

    @Test("mappings in sequences in mappings, nested blocks under the first key of an item")
    func deepNesting() {
        let root = YAMLNode.sequence([
            .mapping([
                .init("a", .mapping([.init("b", .sequence([.string("c"), .mapping([.init("d", .string("e"))])]))])),
                .init("f", .sequence([.sequence([]), .mapping([]), .sequence([.sequence([.string("g")])])])),
            ]),
            .string("h"),
        ])
        #expect(
            YAMLEmitter.emit(root) == """
                - a:
                    b:
                      - c
                      - d: e
                  f:
                    - []
                    - {}
                    -
                      -
                        - g
                - h

                """)
    }

    @Test("quoted keys")
    func quotedKeys() {
        let root = YAMLNode.mapping([
            .init("on", .string("off")),
            .init("", .string("")),
            .init("8080:80", .string("x")),
            .init("<<", .string("merge")),
            .init("a: b", .string("#c")),
        ])
        #expect(
            YAMLEmitter.emit(root) == """
                "on": "off"
                "": ""
                "8080:80": x
                "<<": merge
                "a: b": "#c"

                """)
    }

    @Test("a key longer than 1000 characters uses the explicit form")
    func longKey() {
        let key = String(repeating: "k", count: 1001)
        let root = YAMLNode.sequence([
            .mapping([
                .init(key, .string("v")),
                .init("next", .mapping([.init(key, .sequence([.string("x")]))])),
            ])
        ])
        #expect(
            YAMLEmitter.emit(root) == """
                - ? \(key)
                  : v
                  next:
                    ? \(key)
                    :
                      - x

                """)
        let short = String(repeating: "k", count: 1000)
        #expect(YAMLEmitter.emit(.mapping([.init(short, .string("v"))])) == "\(short): v\n")
    }

    @Test("the explicit form counts the written key's characters, quotes and escapes included, not its bytes")
    func longKeyCountsCharacters() {
        // 700 characters in 1,400 bytes: implicit.
        let accented = String(repeating: "é", count: 700)
        #expect(YAMLEmitter.emit(.mapping([.init(accented, .string("v"))])) == "\(accented): v\n")
        // 1,001 characters in 2,002 bytes: explicit.
        let longAccented = String(repeating: "é", count: 1001)
        #expect(YAMLEmitter.emit(.mapping([.init(longAccented, .string("v"))])) == "? \(longAccented)\n: v\n")
        // 999 characters that need quotes: 1,001 written.
        let quoted = "-" + String(repeating: "k", count: 998)
        #expect(YAMLEmitter.emit(.mapping([.init(quoted, .string("v"))])) == "? \"\(quoted)\"\n: v\n")
        // 998 characters and a tab, escaped as `\t`: 1,001 written, one character more than it reads.
        let escaped = String(repeating: "k", count: 997) + "\t"
        #expect(YAMLEmitter.emit(.mapping([.init(escaped, .string("v"))])) == "? \"\(String(repeating: "k", count: 997))\\t\"\n: v\n")
    }
}

@Suite("YAML scalar quoting")
struct YAMLScalarQuotingTests {
    /// True when `text` is written in double quotes.
    private func isQuoted(_ text: String) -> Bool {
        let written = Array(YAMLEmitter.scalar(text).unicodeScalars)
        return written.count >= 2 && written.first == "\"" && written.last == "\""
    }

    @Test(
        "plain when safe",
        arguments: [
            "influxdb:2.7.10", "test", "CMD", "http://influxdb:8086", "a:b", "a#b", "x-list", "C:\\path", "it's",
            "12 monkeys", "30s", "512M", "1h30m", ".env", "_", "a b", "é", "中文", "😀", "a-", "key?", "a,b", "a[b]", "a:\u{301} b",
            "value with \"quotes\"", "sqlite+aiosqlite:///data/app.db",
        ])
    func plain(_ text: String) {
        #expect(YAMLEmitter.scalar(text) == text)
    }

    @Test(
        "empty, null and boolean spellings in any case",
        arguments: [
            "", "~", "null", "Null", "NULL", "nUlL", "y", "Y", "n", "N", "yes", "Yes", "YES", "yEs", "no", "No", "NO",
            "on", "On", "ON", "oN", "off", "Off", "OFF", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
            "<<", "=",
        ])
    func keywords(_ text: String) {
        #expect(isQuoted(text))
    }

    @Test(
        "numbers of YAML 1.1 and 1.2, sexagesimal and timestamps",
        arguments: [
            "0", "3", "-1", "+1", "007", "0755", "0x1F", "0X1f", "0o17", "0b1010", "1_000", "1e3", "1E+3", "1.5e-3",
            ".5", "5.", "1.0", "-2.5", "+.5", ".inf", ".Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN", "8086:8086",
            "1:20:30", "190:20:30.15", "-1:30", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5", "2002-12-14", "1.2.3", "+", ".", "0.", "1__2",
        ])
    func numeric(_ text: String) {
        #expect(isQuoted(text))
    }

    @Test(
        "indicators at the start",
        arguments: [
            "-", "-a", "- a", "?", "?a", ":", ":a", ",a", "[a]", "]", "{a}", "}", "#a", "&a", "*a", "!a", "|", ">",
            "'a'", "\"a\"", "%a", "@a", "`a`", "---", "...", "...a",
        ])
    func indicators(_ text: String) {
        #expect(isQuoted(text))
    }

    @Test(
        "spaces, comments, colons and line breaks",
        arguments: [
            " a", "a ", " ", "a: b", "a #b", "a:", "key:", "a\nb", "\n", "a\tb", "\t", "a\rb", "a\u{0}b", "\u{7}",
            "\u{1B}[0m", "\u{7F}", "a\u{85}b", "a\u{2028}b", "a\u{2029}b", "\u{FEFF}a", "a\u{A0}", "\u{3000}a",
            "a\u{200B}b", "\u{301}a", "a :\u{20}\u{301}b", "\u{E000}", "\u{FFFE}",
        ])
    func whitespaceAndControls(_ text: String) {
        #expect(isQuoted(text))
    }

    @Test("double-quoted escapes")
    func escapes() {
        #expect(YAMLEmitter.scalar("a\\b\"c") == #"a\b"c"#)  // plain: no quoting needed
        #expect(YAMLEmitter.scalar(" a\\b\"c") == #"" a\\b\"c""#)
        #expect(YAMLEmitter.scalar("a\nb\tc\rd\u{0}e") == #""a\nb\tc\rd\0e""#)
        #expect(YAMLEmitter.scalar("\u{1B}\u{7F}\u{85}") == #""\x1B\x7F\x85""#)
        #expect(YAMLEmitter.scalar("\u{2028}\u{FEFF}\u{FFFF}") == #""\u2028\uFEFF\uFFFF""#)
        #expect(YAMLEmitter.scalar("\u{E0001}x") == #""\U000E0001x""#)
        #expect(YAMLEmitter.scalar(" é中😀") == "\" é中😀\"")
    }
}

@Suite("Byte search")
struct ByteSearchTests {
    @Test("containsUTF8 finds a byte in small, large and non-ASCII text, and nothing where it is absent")
    func containsUTF8() {
        #expect("a$b".containsUTF8(UInt8(ascii: "$")))
        #expect(!"abc".containsUTF8(UInt8(ascii: "$")))
        #expect("$\u{FE0F}".containsUTF8(UInt8(ascii: "$")), "a $ fused with a variation selector is still its byte")
        #expect(!"".containsUTF8(0))
        #expect("nul\0".containsUTF8(0))
        let large = String(repeating: "x", count: 100_000)
        #expect(!large.containsUTF8(UInt8(ascii: ":")))
        #expect((large + ":").containsUTF8(UInt8(ascii: ":")))
        #expect("é".containsUTF8(0xA9) && !"é".containsUTF8(UInt8(ascii: "e")))
    }
}
