/// Line-based unified diffs, as `diff -u` writes them.
public enum UnifiedDiff {
    /// The unified diff turning `old` into `new` (`--- oldName`, `+++ newName`, `@@ -l,n +l,n @@` hunks with
    /// `context` lines around changes, `\ No newline at end of file` where due); empty when the texts are equal.
    /// The edit script is a shortest one (Myers).
    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        if oldBytes == newBytes { return "" }
        let oldLines = lines(oldBytes)
        let newLines = lines(newBytes)

        var identifiers: [ArraySlice<UInt8>: Int] = [:]
        func identify(_ line: ArraySlice<UInt8>) -> Int {
            if let known = identifiers[line] { return known }
            let next = identifiers.count
            identifiers[line] = next
            return next
        }
        let a = oldLines.map(identify)
        let b = newLines.map(identify)
        let operations = editScript(MyersDiff.matches(a, b), oldCount: a.count, newCount: b.count)

        var out = Array("--- \(oldName)\n+++ \(newName)\n".utf8)
        for hunk in hunks(operations, context: max(0, context)) {
            var oldStart = 0
            var newStart = 0
            for operation in operations[..<hunk.lowerBound] {
                switch operation {
                case .equal:
                    oldStart += 1
                    newStart += 1
                case .delete: oldStart += 1
                case .insert: newStart += 1
                }
            }
            var oldCount = 0
            var newCount = 0
            for operation in operations[hunk] {
                switch operation {
                case .equal:
                    oldCount += 1
                    newCount += 1
                case .delete: oldCount += 1
                case .insert: newCount += 1
                }
            }
            out += Array("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n".utf8)
            for operation in operations[hunk] {
                switch operation {
                case .equal(let i, _): append(" ", oldLines[i], to: &out)
                case .delete(let i): append("-", oldLines[i], to: &out)
                case .insert(let j): append("+", newLines[j], to: &out)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private enum Operation {
        case equal(Int, Int)
        case delete(Int)
        case insert(Int)

        var isEqual: Bool {
            if case .equal = self { return true }
            return false
        }
    }

    /// The lines of `bytes`, each with its terminating newline (the last one may lack it).
    private static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    /// Deletions before insertions between consecutive matches, as `diff` writes them.
    private static func editScript(_ matches: [(Int, Int)], oldCount: Int, newCount: Int) -> [Operation] {
        var operations: [Operation] = []
        var i = 0
        var j = 0
        for (mi, mj) in matches + [(oldCount, newCount)] {
            while i < mi {
                operations.append(.delete(i))
                i += 1
            }
            while j < mj {
                operations.append(.insert(j))
                j += 1
            }
            if mi < oldCount && mj < newCount {
                operations.append(.equal(mi, mj))
                i += 1
                j += 1
            }
        }
        return operations
    }

    /// Ranges of `operations` forming hunks: changes with `context` equal lines around them, merged when at most `2 * context` equal lines apart.
    private static func hunks(_ operations: [Operation], context: Int) -> [Range<Int>] {
        let changes = operations.indices.filter { !operations[$0].isEqual }
        guard var first = changes.first else { return [] }
        var last = first
        var result: [Range<Int>] = []
        func close() {
            result.append(max(0, first - context)..<min(operations.count, last + context + 1))
        }
        for change in changes.dropFirst() {
            if change - last - 1 > 2 * context {
                close()
                first = change
            }
            last = change
        }
        close()
        return result
    }

    /// `start,count` as diff writes it: `start` alone when count is 1, the line before the hunk when count is 0.
    private static func range(_ before: Int, _ count: Int) -> String {
        switch count {
        case 0: "\(before),0"
        case 1: "\(before + 1)"
        default: "\(before + 1),\(count)"
        }
    }

    private static func append(_ prefix: Character, _ line: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out += Array(String(prefix).utf8)
        out += line
        if line.last != UInt8(ascii: "\n") {
            out += Array("\n\\ No newline at end of file\n".utf8)
        }
    }
}
