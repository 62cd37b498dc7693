import DeployRead
import Foundation
import TestSupport
import Testing

/// Every file in `Fixtures/malformed` is refused with an error at the right line and column that
/// says what to do (never a trap, never a silent guess), and PyYAML (strict about duplicate keys) refuses it too.
@Suite("Malformed YAML")
struct MalformedInputTests {
    /// File name -> (line, column, part of the message).
    static let expected: [String: (Int, Int, String)] = [
        "bad-escape.yml": (3, 20, "unknown escape `\\q`"),
        "bad-indentation.yml": (4, 12, "mapping values are not allowed here"),
        "block-scalar-header.yml": (3, 15, "after a block scalar indicator"),
        "control-character.yml": (3, 13, "control character U+01"),
        "dedented-key.yml": (6, 4, "unexpected indentation"),
        "duplicate-key.yml": (7, 5, "duplicate key 'deploy' (first at line 4)"),
        "flow-missing-comma.yml": (3, 25, "expected `,` or `}`"),
        "invalid-utf8.yml": (3, 15, "invalid UTF-8"),
        "mapping-in-sequence.yml": (5, 7, "expected a `- ` item"),
        "mapping-on-key-line.yml": (2, 8, "mapping values are not allowed here"),
        "merge-of-scalar.yml": (4, 5, "merge key (`<<`) needs a mapping"),
        "sequence-in-mapping.yml": (4, 3, "a sequence item where a mapping key was expected"),
        "sequence-on-key-line.yml": (3, 12, "block sequence cannot start on the same line as its key"),
        "tab-indentation.yml": (3, 1, "tab character in indentation"),
        "text-after-quote.yml": (3, 15, "unexpected text after a quoted string"),
        "two-documents.yml": (4, 1, "a second YAML document"),
        "undefined-alias.yml": (3, 9, "alias `*defaults` refers to no anchor"),
        "unterminated-double-quote.yml": (3, 12, "unterminated double-quoted string"),
        "unterminated-flow.yml": (3, 12, "unterminated flow sequence"),
        "unterminated-single-quote.yml": (3, 14, "unterminated single-quoted string"),
    ]

    static var files: [URL] { Fixtures.files(under: "malformed") }

    @Test func everyMalformedFileHasAnExpectation() {
        #expect(Set(Self.files.map(\.lastPathComponent)) == Set(Self.expected.keys))
    }

    @Test(arguments: MalformedInputTests.files)
    func refusedAtItsLocation(file: URL) throws {
        let (line, column, fragment) = try #require(Self.expected[file.lastPathComponent])
        let bytes = Array(try Data(contentsOf: file))
        do {
            _ = try YAML.readResolvingMerges(bytes)
            Issue.record("\(file.lastPathComponent) was read without an error")
        } catch {
            #expect(error.mark == YAML.Mark(line: line, column: column), "\(file.lastPathComponent): \(error)")
            #expect(error.message.contains(fragment), "\(file.lastPathComponent): \(error.message)")
            #expect(!error.help.isEmpty)
        }
    }

    @Test(.enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func pyYAMLRefusesThemToo() throws {
        guard let python = Requirement.python() else { return }
        let files = Self.files
        let reference = try PyYAMLReference.run(python, ["files"] + files.map(\.path))
        for (file, result) in zip(files, reference) {
            #expect(result["error"] != nil || result["mergeError"] != nil, "PyYAML read \(file.lastPathComponent)")
        }
    }

    /// Truncating a valid file anywhere, or flipping a byte, gives a document or a located error: never a trap.
    @Test func truncatedAndCorruptedInputNeverTraps() throws {
        let source = Array(try Data(contentsOf: Fixtures.url("reader/collections.yml")))
        var generator = SeededGenerator(seed: 11)
        var errors = 0
        for length in stride(from: 0, through: source.count, by: 3) {
            do { _ = try YAML.readResolvingMerges(Array(source[..<length])) } catch {
                errors += 1
                #expect(error.mark.line >= 1)
            }
        }
        let specials: [UInt8] = Array("\t\"'[]{}:-#&*!|>\n ,?".utf8)
        for _ in 0..<2000 {
            var corrupted = source
            corrupted[Int.random(in: 0..<corrupted.count, using: &generator)] = specials.randomElement(using: &generator)!
            do { _ = try YAML.readResolvingMerges(corrupted) } catch {
                errors += 1
                #expect(error.mark.line >= 1 && error.mark.column >= 1)
            }
        }
        #expect(errors > 100, "corruption should be refused often")
    }
}
