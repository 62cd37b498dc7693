/// Names collected one at a time (the user of each `${…}` use), read back sorted and each once: for
/// thousands of names, one sort costs less than hashing every name into a set.
struct DistinctNames: Sendable {
    private var names: [String] = []

    var isEmpty: Bool { names.isEmpty }

    mutating func insert(_ name: String) {
        // A user's uses of one variable come one after another: its repeats stop here.
        if names.last != name { names.append(name) }
    }

    /// The names, sorted, each once: `Set(names).sorted()`. Of two spellings Swift deems equal (canonically
    /// equivalent Unicode, which the name rules refuse) the one the sort meets first is kept.
    var sorted: [String] {
        var result: [String] = []
        result.reserveCapacity(names.count)
        for name in names.sorted() where result.last != name { result.append(name) }
        return result
    }
}
