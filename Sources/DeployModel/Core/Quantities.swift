/// An amount of memory, in whole mebibytes (compose parsers all accept `512M`, `2G`).
public struct Memory: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var mebibytes: Int

    public init(mebibytes: Int) { self.mebibytes = mebibytes }

    /// `.mib(1536)`.
    public static func mib(_ value: Int) -> Memory { Memory(mebibytes: value) }
    /// `.gib(2)`, `.gib(1.5)`: rounded to the nearest whole MiB (`.gib(0.1)` is 102 MiB).
    public static func gib(_ value: Double) -> Memory { Memory(mebibytes: OneDecimal.roundedInt(value * 1024)) }

    public static func + (lhs: Memory, rhs: Memory) -> Memory { Memory(mebibytes: lhs.mebibytes + rhs.mebibytes) }
    public static func - (lhs: Memory, rhs: Memory) -> Memory { Memory(mebibytes: lhs.mebibytes - rhs.mebibytes) }
    public static func < (lhs: Memory, rhs: Memory) -> Bool { lhs.mebibytes < rhs.mebibytes }
    public static let zero = Memory(mebibytes: 0)

    /// The compose spelling: `2G` when a whole number of GiB, else `1536M`.
    public var composeValue: String {
        mebibytes % 1024 == 0 && mebibytes != 0 ? "\(mebibytes / 1024)G" : "\(mebibytes)M"
    }

    /// A human figure in GiB with one decimal, e.g. `4.9 GiB`.
    public var gibText: String { "\(OneDecimal.format(Double(mebibytes) / 1024)) GiB" }

    public var description: String { composeValue }
}

/// A number of CPUs, kept in thousandths so that sums are exact (`.cpus(0.5)` is 500).
public struct CPUs: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var millicores: Int

    public init(millicores: Int) { self.millicores = millicores }

    public static func cpus(_ value: Double) -> CPUs { CPUs(millicores: OneDecimal.roundedInt(value * 1000)) }

    public static func + (lhs: CPUs, rhs: CPUs) -> CPUs { CPUs(millicores: lhs.millicores + rhs.millicores) }
    public static func < (lhs: CPUs, rhs: CPUs) -> Bool { lhs.millicores < rhs.millicores }
    public static let zero = CPUs(millicores: 0)

    /// The compose spelling: `0.5`, `2.0`, `0.25`.
    public var composeValue: String {
        let whole = millicores / 1000
        var fraction = String(millicores % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    public var description: String { composeValue }
}

extension CPUs: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(floatLiteral value: Double) { self = .cpus(value) }
    public init(integerLiteral value: Int) { self.millicores = value * 1000 }
}

/// A duration in whole seconds, written the compose way (`30s`, `1m30s`).
public struct Seconds: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var value: Int

    public init(_ value: Int) { self.value = value }
    public init(integerLiteral value: Int) { self.value = value }

    public static func seconds(_ value: Int) -> Seconds { Seconds(value) }
    public static func minutes(_ value: Int) -> Seconds { Seconds(value * 60) }

    public static func < (lhs: Seconds, rhs: Seconds) -> Bool { lhs.value < rhs.value }

    public var composeValue: String {
        let hours = value / 3600, minutes = (value % 3600) / 60, seconds = value % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if seconds > 0 || text.isEmpty { text += "\(seconds)s" }
        return text
    }

    public var description: String { composeValue }
}

/// Formats a number with exactly one decimal, without Foundation's locale.
public enum OneDecimal {
    /// The nearest integer, halves away from zero (no libm needed).
    public static func roundedInt(_ value: Double) -> Int { Int(value + (value >= 0 ? 0.5 : -0.5)) }

    public static func format(_ value: Double) -> String {
        let tenths = roundedInt(value * 10)
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
