/// A deployment mode. The two modes are complete, isolated deployments that never run together on an 8 GB NUC.
public enum Mode: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case test
    case production

    /// The value of `DEPLOYMENT_MODE` in this mode.
    public var deploymentModeValue: String { rawValue }

    /// The other mode.
    public var other: Mode { self == .test ? .production : .test }

    public static func < (lhs: Mode, rhs: Mode) -> Bool { lhs.order < rhs.order }
    private var order: Int { self == .test ? 0 : 1 }

    public var description: String { rawValue }
}

/// A set of modes, written `[.test]`, `[.production]` or `.both`.
public struct Modes: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let test = Modes(rawValue: 1)
    public static let production = Modes(rawValue: 2)
    public static let both: Modes = [.test, .production]

    public init(_ mode: Mode) { self = mode == .test ? .test : .production }

    public func contains(_ mode: Mode) -> Bool { contains(Modes(mode)) }

    /// The modes in order (test first).
    public var modes: [Mode] { Mode.allCases.filter { contains($0) } }

    public var description: String {
        modes.isEmpty ? "no mode" : modes.map(\.rawValue).joined(separator: " and ")
    }
}
