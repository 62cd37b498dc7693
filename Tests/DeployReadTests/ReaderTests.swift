import DeployRead
import TestSupport
import Testing

/// What DeployRead reads, value by value, with positions.
@Suite("DeployRead")
struct ReaderTests {
    func read(_ text: String) throws -> YAML.Node {
        try #require(try YAML.read(text))
    }

    func scalar(_ text: String, _ key: String = "v") throws -> String? {
        try read(text)[key]?.scalar
    }

    @Test func positionsAreLineAndColumnOfEachNode() throws {
        let node = try read("services:\n  api:\n    image: \"x\"\n    ports: [ \"80:80\" ]\n")
        let api = try #require(node["services"]?["api"])
        #expect(api.mark == YAML.Mark(line: 3, column: 5))
        #expect(api["image"]?.mark == YAML.Mark(line: 3, column: 12))
        #expect(api["ports"]?.items?.first?.mark == YAML.Mark(line: 4, column: 14))
        let keys = api.pairs?.map(\.key.mark)
        #expect(keys == [YAML.Mark(line: 3, column: 5), YAML.Mark(line: 4, column: 5)])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let node = try read("ключ: значение\n")
        #expect(node.pairs?.first?.value.mark == YAML.Mark(line: 1, column: 7))
    }

    @Test func plainScalarsFoldAcrossLines() throws {
        #expect(try scalar("v: a\n  b\n\n  c\n") == "a b\nc")
        #expect(try scalar("v: a # comment\n") == "a")
        #expect(try scalar("v: a#b\n") == "a#b")
        #expect(try scalar("v: http://x:8080/a\n") == "http://x:8080/a")
    }

    @Test func quotedScalarsAndEveryEscape() throws {
        #expect(try scalar("v: 'it''s'\n") == "it's")
        #expect(try scalar("v: 'a\n  b\n\n  c'\n") == "a b\nc")
        #expect(
            try scalar(#"v: "\0\a\b\t\n\v\f\r\e\ \"\/\\\N\_\L\P\x41\u00e9\U0001F600""#)
                == "\u{0}\u{7}\u{8}\t\n\u{B}\u{C}\r\u{1B} \"/\\\u{85}\u{A0}\u{2028}\u{2029}Aé😀")
        #expect(try scalar("v: \"a \\\n   b\"\n") == "a b")
        #expect(try scalar("v: \"a\\\n   b\"\n") == "ab")
    }

    @Test func blockScalarsWithChompingAndIndentation() throws {
        #expect(try scalar("v: |\n  a\n   b\n\nw: 1\n") == "a\n b\n")
        #expect(try scalar("v: |-\n  a\n\n") == "a")
        #expect(try scalar("v: |+\n  a\n\n\nw: 1\n") == "a\n\n\n")
        #expect(try scalar("v: >\n  a\n  b\n\n  c\n   d\n") == "a b\nc\n d\n")
        #expect(try scalar("v: |2\n    x\n") == "  x\n")
        #expect(try scalar("v: >-2\n   x\n   y\n") == " x\n y")
        #expect(try scalar("v: |\nw: 1\n") == "")
    }

    @Test func flowCollections() throws {
        let node = try read("v: {a: [1, 2, {b: c}], d: , e}\n")
        let v = try #require(node["v"])
        #expect(v["a"]?.items?.count == 3)
        #expect(v["d"]?.isNull == true)
        #expect(v["e"]?.isNull == true)
        #expect(try read("v: [a: 1]\n")["v"]?.items?.first?["a"]?.scalar == "1")
        #expect(try read("v: {\"a\":1}\n")["v"]?["a"]?.scalar == "1")
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
            x-a: &a {image: a, restart: always}
            x-b: &b {image: b, user: root}
            s1:
              <<: *a
              image: mine
            s2:
              <<: [*a, *b]
            """
        let node = try #require(try YAML.readResolvingMerges(Array(text.utf8)))
        #expect(node["s1"]?.pairs?.map { "\($0.key.scalar!)=\($0.value.scalar!)" } == ["image=mine", "restart=always"])
        #expect(node["s2"]?["image"]?.scalar == "a", "earlier merge sources win")
        #expect(node["s2"]?["user"]?.scalar == "root")
        #expect(node["s2"]?["image"]?.mark == YAML.Mark(line: 1, column: 17), "a merged value keeps the position where it was written")
    }

    @Test func composeTagsAreKept() throws {
        let node = try read("ports: !reset []\nvolumes: !override\n  - a:/b\nenv: !reset\n")
        #expect(node["ports"]?.tag == "!reset")
        #expect(node["volumes"]?.tag == "!override")
        #expect(node["volumes"]?.items?.count == 1)
        #expect(node["env"]?.tag == "!reset")
        #expect(node["env"]?.scalar == "")
    }

    @Test func documentMarkers() throws {
        #expect(try read("---\na: 1\n...\n")["a"]?.scalar == "1")
        #expect(try YAML.read("# only a comment\n") == nil)
        #expect(throws: YAML.ReadError.self) { try YAML.read("a: 1\n---\nb: 2\n") }
        #expect(throws: YAML.ReadError.self) { try YAML.read("a: 1\n...\nb: 2\n") }
    }

    @Test func duplicateKeysNameBothLines() throws {
        do {
            _ = try YAML.read("a:\n  deploy: 1\n  deploy: 2\n")
            Issue.record("duplicate keys were accepted")
        } catch {
            #expect(error.mark == YAML.Mark(line: 3, column: 3))
            #expect(error.related == YAML.Mark(line: 2, column: 3))
        }
        #expect(throws: YAML.ReadError.self) { try YAML.read("{a: 1, 'a': 2}") }
        #expect(try read("a: 1\n'1': 2\n1: 3\n").pairs?.count == 3, "`'1'` (a string) and `1` (an integer) are different keys")
    }

    @Test func aliasBombsAreRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(throws: YAML.ReadError.self) { try YAML.read(text) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: YAML.ReadError.self) { try YAML.read(text) }
    }
}

/// The YAML 1.2 core schema, and each documented difference from YAML 1.1 (PyYAML).
@Suite("Core schema")
struct CoreSchemaTests {
    func kind(_ text: String) -> String { CoreSchema.resolvePlain(text).kind }

    @Test func coreSchema() {
        for text in ["", "~", "null", "Null", "NULL"] { #expect(kind(text) == "null", "\(text)") }
        for text in ["true", "True", "TRUE", "false", "False", "FALSE"] { #expect(kind(text) == "bool", "\(text)") }
        for text in ["0", "-1", "+2", "0o17", "0x1F", "017", "09"] { #expect(kind(text) == "int", "\(text)") }
        for text in ["1.5", ".5", "-.5", "1e3", "1.0e5", "-1E-3", ".inf", "-.Inf", "+.INF", ".nan", "3."] {
            #expect(kind(text) == "float", "\(text)")
        }
        for text in [
            "yes", "no", "on", "off", "y", "n", "0b101", "1_000", "1:30", "2001-12-14", "=", "0x", "0o8", "1e", ".", "-", "tRue", "1.2.3", "8080:80",
        ] {
            #expect(kind(text) == "str", "\(text)")
        }
        #expect(CoreSchema.resolvePlain("0o17") == .int(15, text: "0o17"))
        #expect(CoreSchema.resolvePlain("017") == .int(17, text: "017"))
        #expect(CoreSchema.resolve("true", style: .doubleQuoted, tag: nil) == .string("true"))
        #expect(CoreSchema.resolve("1", style: .plain, tag: "tag:yaml.org,2002:str") == .string("1"))
    }

    /// Each documented difference, checked against PyYAML itself, so the documentation stays true.
    @Test(.enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func yaml11DifferencesAreWhatPyYAMLDoes() throws {
        guard let python = Requirement.python() else { return }
        // value -> (PyYAML's 1.1 type, the core schema's type)
        let differences: [String: (String, String)] = [
            "yes": ("bool", "str"), "No": ("bool", "str"), "on": ("bool", "str"), "OFF": ("bool", "str"),
            "0o17": ("str", "int"), "017": ("int", "int"), "09": ("str", "int"), "0b101": ("int", "str"), "1_000": ("int", "str"),
            "1:30": ("int", "str"), "1e3": ("str", "float"), "1.0e5": ("str", "float"), "-.5": ("str", "float"),
            "2001-12-14": ("timestamp", "str"), "=": ("value", "str"),
        ]
        let values = differences.keys.sorted()
        let script = "import sys, yaml\nfor v in sys.argv[1:]: print(yaml.compose(v, Loader=yaml.SafeLoader).tag.rsplit(':', 1)[-1])"
        let result = try python.run(script, arguments: values)
        let pyKinds: [String] = result.stdout.split(separator: "\n").map { String($0) }
        try #require(pyKinds.count == values.count, "\(result.stderr)")
        for (value, pyKind) in zip(values, pyKinds) {
            let (expectedPy, expectedCore) = differences[value]!
            #expect(pyKind == expectedPy, "PyYAML reads `\(value)` as \(pyKind)")
            #expect(kind(value) == expectedCore, "DeployRead reads `\(value)` as \(kind(value))")
        }
        #expect(CoreSchema.resolvePlain("017") == .int(17, text: "017"), "1.1 reads 017 as octal 15")
    }

    @Test func onlyLineFeedAndCarriageReturnBreakLines() throws {
        let node = try #require(try YAML.read("v: a\u{2028}b\u{85}c\n"))
        #expect(node["v"]?.scalar == "a\u{2028}b\u{85}c", "YAML 1.1 would break the line at U+2028 and U+0085")
    }
}
