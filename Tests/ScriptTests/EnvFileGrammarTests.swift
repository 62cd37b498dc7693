import DeployRender
import Foundation
import TestSupport
import Testing

/// One env-file grammar, tested from both sides: every value homeiq-gen's `DotenvWriter` spells
/// reads back exactly through the deploy scripts' reader (`scripts/lib/envfile.sh`), and what the
/// reader cannot take (line breaks, NUL) the writer refuses first (issue 9, part 6).
@Suite("env-file grammar: DotenvWriter and scripts/lib/envfile.sh")
struct EnvFileGrammarTests {
    static let handPicked = [
        "", " ", "a b", " lead", "trail ", "#", "a #b", "a#b", "'", "\"", "it's", "say \"hi\"", "\\", "a\\nb", "\\n", "\\r",
        "\\\\n", "\\\"", "\\'", "\t", "x\ty", "$", "$HOME", "$$", "a$b", "$${X:?msg}", "{}", "é", "中文", "😀", "e\u{301}",
        "\u{1B}[0m", "=", "a=b", "KEY=VALUE", "export A", "--", "'quoted'", "\"quoted\"", "a'b\"c", "}", "\u{FEFF}x",
        "\u{85}", "\u{2028}", "\u{A0}", "\u{3000}", "sqlite+aiosqlite:///data/homeiq.db", "http://influxdb:8086", "p@ss:w0rd,%+=",
        // Refused by the writer: the reader takes one entry a line, and no variable holds NUL.
        "a\nb", "\n", "\r\n", "a\rb", "\u{0}",
    ]

    static let pieces = [
        "a", "Z", "0", "_", " ", "\t", "#", " #", "'", "\"", "\\", "\\n", "$", "${", "}", "=", ":", "é", "中", "😀", "\u{1B}",
        "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{A0}", "\n", "\r", "\u{0}", "export ",
    ]

    /// `count` random strings of 0 to 8 pieces.
    static func randomValues(_ count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
        }
    }

    /// The records the scripts' reader gives for `text`: (kind, key, value bytes).
    private func read(_ text: String, locale: String, in sandbox: ScriptSandbox) throws -> [(String, String, [UInt8])] {
        try sandbox.write(text, to: "grammar.env")
        let script = ". \"$1/scripts/lib/common.sh\" && . \"$1/scripts/lib/envfile.sh\" && envfile_records \"$1/grammar.env\""
        let bash = try #require(Requirement.locate("bash"))
        let result = try Run.process(
            bash, ["-c", script, "bash", sandbox.root.path],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": locale])
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map { record in
            let fields = record.split(separator: "\u{1F}", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            return (fields[0], fields.count > 2 ? fields[2] : "", Array((fields.count > 3 ? fields[3] : "").utf8))
        }
    }

    @Test(
        "every value the writer spells reads back exactly through envfile.sh; line breaks and NUL are refused by both",
        arguments: ["C", "C.UTF-8"])
    func bothSides(locale: String) throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let candidates = Self.handPicked + Self.randomValues(2_000, seed: 0xE7F1_1E00)
        var written: [String] = []
        var refused = 0
        for value in candidates {
            if DotenvWriter.encode(literal: value) != nil {
                written.append(value)
            } else {
                refused += 1
                let unreadable = value.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{0}" }
                let unportable = value.contains("$")
                #expect(unreadable || unportable, "the writer refused \(value.debugDescription), which needs neither")
            }
        }
        #expect(written.count > 1_000 && refused > 100, "\(written.count) written, \(refused) refused")

        // All values in one file, written as homeiq-gen writes an env file: read back in order, exactly.
        let file =
            try written.enumerated().map { try DotenvWriter.line(key: "V\($0.offset)", value: .literal($0.element)) }
            .joined(separator: "\n") + "\n"
        let records = try read(file, locale: locale, in: sandbox)
        try #require(records.count == written.count, "\(records.count) records for \(written.count) lines")
        var mismatches: [String] = []
        for (index, record) in records.enumerated() where record.0 != "entry" || record.1 != "V\(index)" || record.2 != Array(written[index].utf8) {
            mismatches.append(
                "\(written[index].debugDescription) written as \(try DotenvWriter.line(key: "V", value: .literal(written[index])).debugDescription) read back as \(record.0) \(record.1)=\(String(decoding: record.2, as: UTF8.self).debugDescription)"
            )
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test("the spellings other writers use for line breaks, and escapes the reader does not know, are refused with the reason")
    func refusals() throws {
        let sandbox = try ScriptSandbox()
        defer { sandbox.remove() }
        let records = try read("A=\"a\\nb\"\nB=\"a\\rb\"\nC=\"C:\\path\"\nD=\"x\\\\ny\"\nE='a\\nb'\r\n", locale: "C", in: sandbox)
        #expect(records.map(\.0) == ["invalid", "invalid", "invalid", "entry", "entry"])
        #expect(String(decoding: records[0].2, as: UTF8.self).hasPrefix("line breaks in values are not supported"))
        #expect(String(decoding: records[1].2, as: UTF8.self).hasPrefix("line breaks in values are not supported"))
        #expect(String(decoding: records[2].2, as: UTF8.self).hasPrefix("the escape \\p inside double quotes is read differently"))
        // `\\n` is a backslash and an n (left to right), not a backslash and a line break.
        #expect(records[3].2 == Array("x\\ny".utf8))
        // Single quotes are literal; a CRLF line ending is not part of the value.
        #expect(records[4].2 == Array("a\\nb".utf8))
    }
}
