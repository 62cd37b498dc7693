/// Anything that can stand at stack level: services, networks, volumes, settings, `TestOnly { … }`.
public protocol StackComponent: Sendable {
    /// The declarations this component contributes.
    var stackElements: [StackElement] { get }
}

/// A stack-level component that belongs to no role, and so may stand in a mode-only block.
public protocol ModeNeutralStackComponent: StackComponent {}

/// Builds a stack body.
@resultBuilder
public enum StackBuilder {
    public static func buildExpression(_ component: some StackComponent) -> [StackElement] { component.stackElements }
    public static func buildExpression(_ elements: [StackElement]) -> [StackElement] { elements }
    public static func buildBlock(_ parts: [StackElement]...) -> [StackElement] { BuilderBlock.assemble(parts) }
    public static func buildOptional(_ part: [StackElement]?) -> [StackElement] { part ?? [] }
    public static func buildEither(first part: [StackElement]) -> [StackElement] { part }
    public static func buildEither(second part: [StackElement]) -> [StackElement] { part }
    public static func buildArray(_ parts: [[StackElement]]) -> [StackElement] { Array(concatenating: parts) }
    public static func buildLimitedAvailability(_ part: [StackElement]) -> [StackElement] { part }
}

/// Builds the body of `TestOnly { … }`: accepts only services whose role may run in test
/// (a `ExternalAPIService` there does not compile) and mode-neutral components.
@resultBuilder
public enum TestOnlyBuilder {
    public static func buildExpression<Kind: TestRole>(_ service: Service<Kind>) -> [StackElement] { service.stackElements }
    public static func buildExpression(_ component: some ModeNeutralStackComponent) -> [StackElement] { component.stackElements }
    public static func buildBlock(_ parts: [StackElement]...) -> [StackElement] { BuilderBlock.assemble(parts) }
    public static func buildOptional(_ part: [StackElement]?) -> [StackElement] { part ?? [] }
    public static func buildEither(first part: [StackElement]) -> [StackElement] { part }
    public static func buildEither(second part: [StackElement]) -> [StackElement] { part }
    public static func buildArray(_ parts: [[StackElement]]) -> [StackElement] { Array(concatenating: parts) }
}

/// Builds the body of `ProductionOnly { … }`: accepts only services whose role may run in production
/// (a `DataGenerator` or `TestFixture` there does not compile) and mode-neutral components.
@resultBuilder
public enum ProductionOnlyBuilder {
    public static func buildExpression<Kind: ProductionRole>(_ service: Service<Kind>) -> [StackElement] { service.stackElements }
    public static func buildExpression(_ component: some ModeNeutralStackComponent) -> [StackElement] { component.stackElements }
    public static func buildBlock(_ parts: [StackElement]...) -> [StackElement] { BuilderBlock.assemble(parts) }
    public static func buildOptional(_ part: [StackElement]?) -> [StackElement] { part ?? [] }
    public static func buildEither(first part: [StackElement]) -> [StackElement] { part }
    public static func buildEither(second part: [StackElement]) -> [StackElement] { part }
    public static func buildArray(_ parts: [[StackElement]]) -> [StackElement] { Array(concatenating: parts) }
}

/// A reusable group of stack declarations, e.g. one per file of `Deployments/`.
public struct StackGroup: StackComponent {
    public let stackElements: [StackElement]
    public init(@StackBuilder _ content: () -> [StackElement]) { stackElements = content() }
}

/// The whole deployment, written once for both modes.
public struct Stack: Sendable {
    /// The production compose project name; test appends `-test`.
    public var name: String
    public var elements: [StackElement]
    public var location: SourceLocation

    public init(
        _ name: String, file: String = #filePath, line: Int = #line, column: Int = #column,
        @StackBuilder _ content: () -> [StackElement]
    ) {
        self.name = name
        self.elements = content()
        self.location = SourceLocation(file: file, line: line, column: column)
    }

    public init(name: String, elements: [StackElement], location: SourceLocation) {
        self.name = name
        self.elements = elements
        self.location = location
    }
}
