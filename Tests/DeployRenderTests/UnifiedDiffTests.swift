import DeployRender
import Foundation
import TestSupport
import Testing

@Suite("Unified diff")
struct UnifiedDiffTests {
    @Test("equal texts give an empty diff")
    func equal() {
        #expect(UnifiedDiff.make(old: "", new: "", oldName: "a", newName: "b") == "")
        #expect(UnifiedDiff.make(old: "x\ny\n", new: "x\ny\n", oldName: "a", newName: "b") == "")
        // Canonically equivalent but different bytes is a change.
        #expect(UnifiedDiff.make(old: "é\n", new: "e\u{301}\n", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -1 +1 @@\n-é\n+e\u{301}\n")
    }

    @Test("one changed line")
    func oneLine() {
        #expect(
            UnifiedDiff.make(old: "a\nb\nc\n", new: "a\nB\nc\n", oldName: "old", newName: "new") == """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                -b
                +B
                 c

                """)
    }

    @Test("insertion into and deletion of a whole file")
    func wholeFile() {
        #expect(UnifiedDiff.make(old: "", new: "x\ny\n", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n")
        #expect(UnifiedDiff.make(old: "x\n", new: "", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n")
    }

    @Test("missing newline at the end of file")
    func noNewline() {
        #expect(
            UnifiedDiff.make(old: "a\nb", new: "a\nb\n", oldName: "a", newName: "b") == """
                --- a
                +++ b
                @@ -1,2 +1,2 @@
                 a
                -b
                \\ No newline at end of file
                +b

                """)
        #expect(
            UnifiedDiff.make(old: "a\n", new: "a\nc", oldName: "a", newName: "b") == """
                --- a
                +++ b
                @@ -1 +1,2 @@
                 a
                +c
                \\ No newline at end of file

                """)
    }

    @Test("context, separate hunks and merged hunks")
    func hunks() {
        let old = (1...20).map { "line \($0)\n" }.joined()
        var lines = (1...20).map { "line \($0)\n" }
        lines[1] = "changed 2\n"
        lines[17] = "changed 18\n"
        #expect(
            UnifiedDiff.make(old: old, new: lines.joined(), oldName: "a", newName: "b") == """
                --- a
                +++ b
                @@ -1,5 +1,5 @@
                 line 1
                -line 2
                +changed 2
                 line 3
                 line 4
                 line 5
                @@ -15,6 +15,6 @@
                 line 15
                 line 16
                 line 17
                -line 18
                +changed 18
                 line 19
                 line 20

                """)
        // Changes 6 lines apart (gap of 5 unchanged lines <= 2 * 3) share one hunk.
        var near = (1...12).map { "line \($0)\n" }
        near[2] = "x\n"
        near[8] = "y\n"
        #expect(
            UnifiedDiff.make(old: (1...12).map { "line \($0)\n" }.joined(), new: near.joined(), oldName: "a", newName: "b", context: 1) == """
                --- a
                +++ b
                @@ -2,3 +2,3 @@
                 line 2
                -line 3
                +x
                 line 4
                @@ -8,3 +8,3 @@
                 line 8
                -line 9
                +y
                 line 10

                """)
        #expect(
            UnifiedDiff.make(old: "a\nb\nc\n", new: "a\nx\nc\n", oldName: "a", newName: "b", context: 0)
                == "--- a\n+++ b\n@@ -2 +2 @@\n-b\n+x\n")
    }

    @Test(
        "matches diff -u on changes with a single best alignment",
        .enabled(if: Requirement.toolAvailableOrCI("diff"), "needs diff")
    )
    func sameAsDiff() throws {
        guard let diff = Requirement.tool("diff") else { return }
        let old = (1...40).map { "line \($0)\n" }.joined()
        var lines = (1...40).map { "line \($0)\n" }
        lines.remove(at: 30)
        lines.insert(contentsOf: ["new a\n", "new b\n"], at: 20)
        lines[5] = "changed\n"
        lines.removeSubrange(10..<13)
        let new = lines.joined()
        try withTemporaryFolder { folder in
            try Data(old.utf8).write(to: folder.appendingPathComponent("old"))
            try Data(new.utf8).write(to: folder.appendingPathComponent("new"))
            let result = try Run.process(diff, ["-u", "--label", "a/file", "--label", "b/file", "old", "new"], currentDirectory: folder)
            #expect(result.status == 1)
            #expect(UnifiedDiff.make(old: old, new: new, oldName: "a/file", newName: "b/file") == result.stdout)
        }
    }

    @Test(
        "patch turns old into new, with as few changed lines as diff --minimal, on 300 random edits",
        .enabled(if: Requirement.toolAvailableOrCI("patch") && Requirement.toolAvailableOrCI("diff"), "needs patch and diff")
    )
    func randomEditsApply() throws {
        guard let patch = Requirement.tool("patch"), let diff = Requirement.tool("diff") else { return }
        var generator = SeededGenerator(seed: 0xD1FF)
        let vocabulary = ["a\n", "b\n", "c\n", "}\n", "\n", "  key: value\n", "é中😀\n", "x\r\n", "-\n", "+\n", " \n", "\\\n"]
        try withTemporaryFolder { folder in
            for round in 0..<300 {
                // Every other round uses three line kinds only, where many alignments compete.
                let kinds = round % 2 == 0 ? vocabulary : ["a\n", "b\n", "c\n"]
                let oldLines = (0..<Int.random(in: 0..<60, using: &generator)).map { _ in kinds.randomElement(using: &generator)! }
                var newLines = oldLines
                for _ in 0..<Int.random(in: 0..<12, using: &generator) {
                    let position = Int.random(in: 0...newLines.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: newLines.insert(kinds.randomElement(using: &generator)!, at: position)
                    case 1 where position < newLines.count: newLines.remove(at: position)
                    default: if position < newLines.count { newLines[position] = "changed \(round)\n" }
                    }
                }
                var old = oldLines.joined()
                var new = newLines.joined()
                if Bool.random(using: &generator), old.hasSuffix("\n") { old.removeLast() }
                if Bool.random(using: &generator), new.hasSuffix("\n") { new.removeLast() }
                let context = Int.random(in: 0...3, using: &generator)

                let unified = UnifiedDiff.make(old: old, new: new, oldName: "a/file", newName: "b/file", context: context)
                #expect(unified.isEmpty == (Array(old.utf8) == Array(new.utf8)))
                guard !unified.isEmpty else { continue }

                try Data(old.utf8).write(to: folder.appendingPathComponent("old"))
                try Data(new.utf8).write(to: folder.appendingPathComponent("new"))
                try Data(unified.utf8).write(to: folder.appendingPathComponent("change.patch"))
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("patched"))
                let applied = try Run.process(patch, ["--quiet", "--force", "-o", "patched", "old", "change.patch"], currentDirectory: folder)
                let patched = try? Data(contentsOf: folder.appendingPathComponent("patched"))
                #expect(
                    applied.status == 0 && patched == Data(new.utf8),
                    "round \(round): patch \(applied.stdout)\(applied.stderr)\nold \(escaped(old))\nnew \(escaped(new))\n\(unified)")

                let reference = try Run.process(diff, ["--minimal", "-U", "\(context)", "old", "new"], currentDirectory: folder)
                #expect(changeCounts(unified) == changeCounts(reference.stdout), "round \(round): not a shortest edit script\n\(unified)")
            }
        }
    }

    /// Size, not speed: timings are measured in the benchmark, never asserted here.
    @Test("two 2,000-line files with many changes give a diff of the right size")
    func performance() {
        var generator = SeededGenerator(seed: 2_000)
        let old = (0..<2_000).map { _ in "line \(Int.random(in: 0..<500, using: &generator))\n" }.joined()
        let new = (0..<2_000).map { _ in "line \(Int.random(in: 0..<500, using: &generator))\n" }.joined()
        let disjoint = (0..<2_000).map { "other \($0)\n" }.joined()
        let unified = UnifiedDiff.make(old: old, new: new, oldName: "a", newName: "b")
        let unrelated = UnifiedDiff.make(old: old, new: disjoint, oldName: "a", newName: "b")
        #expect(changeCounts(unrelated) == (2_000, 2_000))
        let counts = changeCounts(unified)
        #expect(counts.0 == counts.1 && counts.0 > 0 && counts.0 < 2_000)
    }
}

/// The number of removed and added lines of a unified diff.
private func changeCounts(_ unified: String) -> (Int, Int) {
    var removed = 0
    var added = 0
    // Split bytes, not characters: "\r\n" is one Character.
    for line in unified.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        if line.starts(with: "-".utf8) && !line.starts(with: "--- ".utf8) { removed += 1 }
        if line.starts(with: "+".utf8) && !line.starts(with: "+++ ".utf8) { added += 1 }
    }
    return (removed, added)
}

/// Runs `body` with a fresh temporary folder, removed afterwards.
func withTemporaryFolder(_ body: (URL) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-render-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try body(folder)
}
