import DeployModel
import Dispatch

extension Array where Element: Sendable {
    /// `map(transform)` with the elements spread over the CPU cores; the results keep the order of
    /// the elements, so for independent work (rules, modes, output files) the result is `map`'s.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        if count < 2 { return map(transform) }
        let slots = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, transform(self[index]))
        }
        return slots.values()
    }
}

extension PerMode where Value: Sendable {
    /// `map(transform)` with the two modes on two cores.
    func concurrentMap<Other: Sendable>(_ transform: @Sendable (Value) -> Other) -> PerMode<Other> {
        let both = [test, production].concurrentMap(transform)
        return PerMode<Other>(test: both[0], production: both[1])
    }
}

extension Mode {
    /// `make` for each mode, the two modes on two cores.
    static func concurrentMap<Value: Sendable>(_ make: @Sendable (Mode) -> Value) -> PerMode<Value> {
        PerMode(test: .test, production: .production).concurrentMap(make)
    }
}

/// One slot per index, each written by exactly one iteration of `concurrentPerform` and read after
/// all of them have finished (a Swift array would be one exclusive access for all the threads).
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ index: Int, _ value: Value) { base[index] = value }

    func values() -> [Value] { (0..<count).map { base[$0]! } }
}
