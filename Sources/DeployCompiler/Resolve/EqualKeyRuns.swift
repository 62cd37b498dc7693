/// The positions `0..<count`, sorted by key and then by position, cut into runs of equal keys (in key
/// order): one small sort makes a few keyed entries distinct, with no set or dictionary. The first
/// position of a run is the key's first occurrence, the last its last.
enum EqualKeyRuns {
    /// The runs of the positions whose keys `key(position)` gives.
    @inline(__always)
    static func of(count: Int, key: (Int) -> String) -> [ArraySlice<Int>] {
        let order = (0..<count).sorted { first, second in
            let (a, b) = (key(first), key(second))
            return a < b || (a == b && first < second)
        }
        var runs: [ArraySlice<Int>] = []
        var start = 0
        for index in order.indices where index == order.count - 1 || key(order[index + 1]) != key(order[index]) {
            runs.append(order[start...index])
            start = index + 1
        }
        return runs
    }
}
