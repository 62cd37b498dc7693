extension Array {
    /// The elements of `parts` in order, in one array allocated at its final size: a builder block joins
    /// many small parts, and `flatMap` would grow its result by doubling, copying it each time.
    init(concatenating parts: [[Element]]) {
        self.init()
        reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { append(contentsOf: part) }
    }
}
