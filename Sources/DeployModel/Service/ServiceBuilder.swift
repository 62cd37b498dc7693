/// Anything that can stand in a service body: `Image`, `Port`, `Env`, `Limits`, `InTest { … }`, ….
public protocol ServiceComponent: Sendable {
    /// The declarations this component contributes.
    var serviceElements: [ServiceElement] { get }
}

/// Builds a service body. One `buildExpression` for every component keeps type checking cheap.
@resultBuilder
public enum ServiceBuilder {
    public static func buildExpression(_ component: some ServiceComponent) -> [ServiceElement] {
        component.serviceElements
    }
    public static func buildExpression(_ elements: [ServiceElement]) -> [ServiceElement] { elements }
    public static func buildBlock(_ parts: [ServiceElement]...) -> [ServiceElement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [ServiceElement]?) -> [ServiceElement] { part ?? [] }
    public static func buildEither(first part: [ServiceElement]) -> [ServiceElement] { part }
    public static func buildEither(second part: [ServiceElement]) -> [ServiceElement] { part }
    public static func buildArray(_ parts: [[ServiceElement]]) -> [ServiceElement] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [ServiceElement]) -> [ServiceElement] { part }
}

/// A reusable group of service declarations: `static let python = ServiceGroup { … }`.
public struct ServiceGroup: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(@ServiceBuilder _ content: () -> [ServiceElement]) { serviceElements = content() }
}
