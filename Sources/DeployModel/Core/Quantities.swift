/// An amount of memory, in whole mebibytes (compose parsers all accept `512M`, `2G`).
///
/// Amounts are held within `±representable` (a larger one is kept at that bound), so sums and
/// percentages never overflow; rule `numbers.range` refuses anything above `maximum`.
public struct Memory: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var mebibytes: Int
    /// The spelling of an amount that is not a finite number (`.gib(.nan)`), else nil.
    public var rejectedInput: String?

    /// The largest amount a limit or reservation may have: 1 PiB.
    public static let maximum = Memory(mebibytes: 1 << 30)
    /// The bound every amount is held within (in MiB): far above `maximum`, far below overflow.
    public static let representable = 1 << 40

    public init(mebibytes: Int) { self.mebibytes = Swift.min(Swift.max(mebibytes, -Self.representable), Self.representable) }

    /// `.mib(1536)`.
    public static func mib(_ value: Int) -> Memory { Memory(mebibytes: value) }
    /// `.gib(2)`, `.gib(1.5)`: rounded to the nearest whole MiB (`.gib(0.1)` is 102 MiB).
    /// An amount that is not a finite number keeps its spelling in `rejectedInput` and counts as zero.
    public static func gib(_ value: Double) -> Memory {
        guard value.isFinite else {
            var rejected = Memory(mebibytes: 0)
            rejected.rejectedInput = "\(value)"
            return rejected
        }
        let bound = Double(representable)
        return Memory(mebibytes: OneDecimal.roundedInt(Swift.min(Swift.max(value * 1024, -bound), bound)))
    }

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
///
/// Counts are held within `±representable` thousandths, so sums never overflow; a count that
/// is not a finite number (`.cpus(.nan)`) keeps its spelling in `rejectedInput` and counts as
/// zero. Rule `numbers.range` refuses both that and anything above `maximum`.
public struct CPUs: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var millicores: Int
    /// The spelling of a count that is not a finite number (`nan`, `inf`), else nil.
    public var rejectedInput: String?

    /// The largest count a limit or reservation may have.
    public static let maximum = CPUs(millicores: 1_000_000 * 1000)
    /// The bound every count is held within (in thousandths).
    public static let representable = 1 << 40

    public init(millicores: Int) { self.millicores = Swift.min(Swift.max(millicores, -Self.representable), Self.representable) }

    public static func cpus(_ value: Double) -> CPUs {
        guard value.isFinite else {
            var rejected = CPUs(millicores: 0)
            rejected.rejectedInput = "\(value)"
            return rejected
        }
        let bound = Double(representable)
        return CPUs(millicores: OneDecimal.roundedInt(Swift.min(Swift.max(value * 1000, -bound), bound)))
    }

    public static func + (lhs: CPUs, rhs: CPUs) -> CPUs { CPUs(millicores: lhs.millicores + rhs.millicores) }
    public static func < (lhs: CPUs, rhs: CPUs) -> Bool { lhs.millicores < rhs.millicores }
    public static let zero = CPUs(millicores: 0)

    /// The compose spelling: `0.5`, `2.0`, `0.25`; a negative count (which no rule lets through) `-0.5`.
    public var composeValue: String {
        // The fraction's digits from its remainder, without padding a string; the sign, if any, before them.
        let magnitude = millicores.magnitude
        let fraction = magnitude % 1000
        let digits: String
        if fraction % 100 == 0 {
            digits = String(fraction / 100)
        } else if fraction % 10 == 0 {
            digits = (fraction < 100 ? "0" : "") + String(fraction / 10)
        } else {
            digits = (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + String(fraction)
        }
        let text = String(magnitude / 1000) + "." + digits
        return millicores < 0 ? "-" + text : text
    }

    public var description: String { rejectedInput ?? composeValue }
}

extension CPUs: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(floatLiteral value: Double) { self = .cpus(value) }
    public init(integerLiteral value: Int) {
        self.init(millicores: Swift.min(Swift.max(value, -Self.representable), Self.representable) * 1000)
    }
}

/// A duration in whole seconds, written the compose way (`30s`, `1m30s`).
///
/// Durations are held within `±representable` seconds, so arithmetic on them never overflows;
/// rule `numbers.range` refuses a negative one and anything above `maximum`.
public struct Seconds: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var value: Int

    /// The longest duration: 100 years (Compose's durations end near 292 years).
    public static let maximum = Seconds(100 * 365 * 86_400)
    /// The bound every duration is held within.
    public static let representable = 1 << 40

    public init(_ value: Int) { self.value = Swift.min(Swift.max(value, -Self.representable), Self.representable) }
    public init(integerLiteral value: Int) { self.init(value) }

    public static func seconds(_ value: Int) -> Seconds { Seconds(value) }
    public static func minutes(_ value: Int) -> Seconds { Seconds(Swift.min(Swift.max(value, -representable), representable) * 60) }

    public static func < (lhs: Seconds, rhs: Seconds) -> Bool { lhs.value < rhs.value }

    public var composeValue: String {
        let hours = value / 3600
        let minutes = (value % 3600) / 60
        let seconds = value % 60
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
    /// Not-a-number is 0; values beyond `Int`'s range are its bounds.
    public static func roundedInt(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        let rounded = value + (value >= 0 ? 0.5 : -0.5)
        if rounded >= 9.2e18 { return Int.max }
        if rounded <= -9.2e18 { return Int.min }
        return Int(rounded)
    }

    public static func format(_ value: Double) -> String {
        let tenths = roundedInt(value * 10)
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
