/// Anything that can stand in a service body: `Image`, `Port`, `Env`, `Limits`, `InTest { … }`, ….
public protocol ServiceComponent: Sendable {
    /// The declarations this component contributes.
    var serviceElements: [ServiceElement] { get }

    /// The declarations this component contributes where a service body uses it at `site`: its
    /// `serviceElements`, unless it is a group that records the places it is used.
    func serviceElements(usedAt site: SourceLocation) -> [ServiceElement]
}

extension ServiceComponent {
    public func serviceElements(usedAt site: SourceLocation) -> [ServiceElement] { serviceElements }
}

/// Builds a service body. One `buildExpression` for every component keeps type checking cheap.
@resultBuilder
public enum ServiceBuilder {
    /// The component's declarations; a `ServiceGroup`'s remember where it was used (the default
    /// arguments capture the expression's own line).
    public static func buildExpression(
        _ component: some ServiceComponent, file: String = #filePath, line: Int = #line,
        column: Int = #column
    ) -> [ServiceElement] {
        component.serviceElements(usedAt: SourceLocation(file: file, line: line, column: column))
    }
    public static func buildExpression(_ elements: [ServiceElement]) -> [ServiceElement] { elements }
    public static func buildBlock(_ parts: [ServiceElement]...) -> [ServiceElement] { Array(concatenating: parts) }
    public static func buildOptional(_ part: [ServiceElement]?) -> [ServiceElement] { part ?? [] }
    public static func buildEither(first part: [ServiceElement]) -> [ServiceElement] { part }
    public static func buildEither(second part: [ServiceElement]) -> [ServiceElement] { part }
    public static func buildArray(_ parts: [[ServiceElement]]) -> [ServiceElement] { Array(concatenating: parts) }
    public static func buildLimitedAvailability(_ part: [ServiceElement]) -> [ServiceElement] { part }
}

/// A reusable group of service declarations: `static let python = ServiceGroup { … }`.
public struct ServiceGroup: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(@ServiceBuilder _ content: () -> [ServiceElement]) { serviceElements = content() }

    /// Its declarations, each recording that the group was used at `site`.
    public func serviceElements(usedAt site: SourceLocation) -> [ServiceElement] {
        // The elements that came through no other group (most) share one array: one allocation per use, not one each.
        let onlyHere = [site]
        func mark(_ elements: [ServiceElement]) -> [ServiceElement] {
            elements.map { element in
                var element = element
                if element.groupUses.isEmpty { element.groupUses = onlyHere } else { element.groupUses.append(site) }
                if case .scoped(let mode, let inner) = element.declaration { element.declaration = .scoped(mode, mark(inner)) }
                return element
            }
        }
        return mark(serviceElements)
    }
}
