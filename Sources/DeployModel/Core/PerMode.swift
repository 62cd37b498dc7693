/// One value for each mode: `deployments[.test]`, `budgets.map(\.summary)`. Iterates test first.
public struct PerMode<Value> {
    public var test: Value
    public var production: Value

    public init(test: Value, production: Value) {
        self.test = test
        self.production = production
    }

    /// The value `make` gives for each mode, test first.
    public init(_ make: (Mode) throws -> Value) rethrows {
        test = try make(.test)
        production = try make(.production)
    }

    /// The value of `mode`.
    public subscript(mode: Mode) -> Value {
        get { mode == .test ? test : production }
        set { if mode == .test { test = newValue } else { production = newValue } }
    }

    /// `transform` applied to each mode's value.
    public func map<Other>(_ transform: (Value) throws -> Other) rethrows -> PerMode<Other> {
        PerMode<Other>(test: try transform(test), production: try transform(production))
    }

    /// Both values, test first.
    public var values: [Value] { [test, production] }
}

extension PerMode: Sequence {
    public func makeIterator() -> IndexingIterator<[Value]> { values.makeIterator() }
    public var underestimatedCount: Int { 2 }
}

extension PerMode: Sendable where Value: Sendable {}
extension PerMode: Equatable where Value: Equatable {}
extension PerMode: Hashable where Value: Hashable {}
