/// Rows of text cells laid out in aligned columns (two spaces apart, no trailing spaces).
struct TextTable: Sendable {
    var rows: [[String]]
    var indent = ""

    init(_ rows: [[String]], indent: String = "") {
        self.rows = rows
        self.indent = indent
    }

    var text: String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
