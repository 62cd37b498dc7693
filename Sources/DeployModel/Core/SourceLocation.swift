/// Where a declaration was written in `Deployments/`: captured from `#filePath`, `#line` and `#column`.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file, as the compiler recorded it (absolute until made relative for display).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Captures the location of the caller.
    public static func here(file: String = #filePath, line: Int = #line, column: Int = #column) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// A location for values that were not written anywhere (derived by the compiler).
    public static let unknown = SourceLocation(file: "<derived>", line: 0, column: 0)

    /// Hashes the line, the column and the file name's length, not the file's text: locations are
    /// dictionary keys everywhere in the compiler, and two places in one line and column of different
    /// files are rare (equality still compares the file).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        hasher.combine(column)
        hasher.combine(file.utf8.count)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}
