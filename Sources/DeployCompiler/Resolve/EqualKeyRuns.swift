/// An element that `EqualKeyRuns` groups, by its `runKey`.
protocol EqualKeyRunsElement {
    /// The key whose equal values form a run.
    var runKey: String { get }
}

/// The runs of equal keys among a collection's positions, in key order: one small sort makes a few keyed
/// entries distinct, with no set or dictionary. A run is given by the key's first and last position.
enum EqualKeyRuns {
    /// The first and last position of each distinct key of `elements`, sorted by key.
    static func of<Elements: RandomAccessCollection>(_ elements: Elements) -> [(first: Int, last: Int)]
    where Elements.Element: EqualKeyRunsElement, Elements.Index == Int {
        var runs: [(first: Int, last: Int)] = []
        forEach(in: elements) { first, last in runs.append((first, last)) }
        return runs
    }

    /// Calls `body` with the first and last position of each distinct key of `elements`, in key order.
    /// Generic rather than given a key closure, and inlined, so that each caller's comparison reads its
    /// keys in place (an environment is sorted for every service in every mode).
    @inline(__always)
    static func forEach<Elements: RandomAccessCollection>(in elements: Elements, _ body: (_ first: Int, _ last: Int) -> Void)
    where Elements.Element: EqualKeyRunsElement, Elements.Index == Int {
        // Positions sorted by key, then by position: a run of one key starts at its first position and ends at its last.
        let order = elements.indices.sorted { first, second in
            let (a, b) = (elements[first].runKey, elements[second].runKey)
            return a < b || (a == b && first < second)
        }
        var start = 0
        for index in order.indices where index == order.count - 1 || elements[order[index + 1]].runKey != elements[order[index]].runKey {
            body(order[start], order[index])
            start = index + 1
        }
    }
}

extension ResolvedEnvironmentVariable: EqualKeyRunsElement {
    var runKey: String { key }
}

extension ResolvedDependency: EqualKeyRunsElement {
    var runKey: String { service }
}

extension LabelEntry: EqualKeyRunsElement {
    var runKey: String { key }
}
