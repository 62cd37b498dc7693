/// A service as written: name, role, declarations and where it was declared.
public struct ServiceDefinition: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var elements: [ServiceElement]
    public var location: SourceLocation

    public init(name: String, role: Role, elements: [ServiceElement], location: SourceLocation) {
        self.name = name
        self.role = role
        self.elements = elements
        self.location = location
    }
}

/// A service whose role is part of its type, so that mode-only blocks can refuse it at compile time.
/// Write it with the role aliases: `CoreService`, `AIService`, `ExternalAPIService`, `DataGenerator`, `TestFixture`.
public struct Service<Kind: RoleKind>: StackComponent {
    public let definition: ServiceDefinition

    public init(
        _ name: String, file: String = #filePath, line: Int = #line, column: Int = #column,
        @ServiceBuilder _ content: () -> [ServiceElement]
    ) {
        definition = ServiceDefinition(
            name: name, role: Kind.role, elements: content(),
            location: SourceLocation(file: file, line: line, column: column))
    }

    public var stackElements: [StackElement] { [StackElement(.service(definition), at: definition.location)] }
}

/// Storage, ingestion, APIs and dashboard: runs in both modes.
public typealias CoreService = Service<CoreRole>
/// An AI service: runs, enabled, in both modes.
public typealias AIService = Service<AIRole>
/// Calls an outside API: production only.
public typealias ExternalAPIService = Service<ExternalAPIRole>
/// Generates synthetic or mock data: test only.
public typealias DataGenerator = Service<DataGenerationRole>
/// Test-only infrastructure: test only.
public typealias TestFixture = Service<TestFixtureRole>

/// Waives a rule, with the reason, for the enclosing service or for the whole stack.
public struct Waive: ServiceComponent, StackComponent, ModeNeutralStackComponent {
    public let waiver: Waiver

    public init(_ rule: String, because reason: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        waiver = Waiver(rule: rule, reason: reason, location: SourceLocation(file: file, line: line, column: column))
    }

    public var serviceElements: [ServiceElement] { [ServiceElement(.waiver(waiver), at: waiver.location)] }
    public var stackElements: [StackElement] { [StackElement(.waiver(waiver), at: waiver.location)] }
}
