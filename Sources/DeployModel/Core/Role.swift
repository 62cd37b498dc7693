/// What a service is for. The role decides which modes a service runs in.
public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Storage, ingestion, APIs, dashboard: both modes.
    case core
    /// AI services: both modes, always enabled.
    case ai
    /// Calls an outside API (weather, carbon, pricing, ...): production only.
    case externalAPI = "external-api"
    /// Synthetic or mock data generation: test only, never production.
    case dataGeneration = "data-generation"
    /// Test-only infrastructure (test Home Assistant, seeding): test only, never production.
    case testFixture = "test-fixture"

    /// The modes a service of this role runs in unless it says otherwise.
    public var defaultModes: Modes {
        switch self {
        case .core, .ai: .both
        case .externalAPI: .production
        case .dataGeneration, .testFixture: .test
        }
    }

    /// Whether every service of this role runs in every mode (AI: the same AI in test and production).
    public var runsInEveryMode: Bool { self == .ai }

    public var description: String { rawValue }
}

/// A role known at compile time, so that builders can refuse a service in a block where its role may not run.
public protocol RoleKind: Sendable {
    static var role: Role { get }
}
/// A role that may run in production.
public protocol ProductionRole: RoleKind {}
/// A role that may run in test.
public protocol TestRole: RoleKind {}

/// Role marker: `core`.
public enum CoreRole: ProductionRole, TestRole { public static var role: Role { .core } }
/// Role marker: `ai`.
public enum AIRole: ProductionRole, TestRole { public static var role: Role { .ai } }
/// Role marker: `external-api`.
public enum ExternalAPIRole: ProductionRole { public static var role: Role { .externalAPI } }
/// Role marker: `data-generation`.
public enum DataGenerationRole: TestRole { public static var role: Role { .dataGeneration } }
/// Role marker: `test-fixture`.
public enum TestFixtureRole: TestRole { public static var role: Role { .testFixture } }
