/// How many services one result-builder block may hold before type-checking it gets slow.
///
/// Swift type-checks a builder body as a whole, in time that grows about quadratically with its
/// statements (docs/PERFORMANCE.md, section (e)): 35 realistic services in one getter took 2,029 ms,
/// five per getter 59 ms, so about eight is where one block passes the 100 ms budget per expression.
public enum BuilderBlock {
    /// The most services one block should hold.
    public static let serviceLimit = 8

    /// The measured figures the warning quotes.
    public static let measurement = "35 services in one getter type-check in about 2 s, five per getter in 59 ms"

    /// Joins the statements of one block; a block with more than `serviceLimit` service statements
    /// gets a `largeBuilderBlock` element at its first service. A service statement is a statement
    /// that contributes exactly one service (a `StackGroup` of one service counts too).
    public static func assemble(_ statements: [[StackElement]]) -> [StackElement] {
        let elements = Array(concatenating: statements)
        let services = statements.compactMap { statement -> StackElement? in
            guard statement.count == 1, case .service = statement[0].declaration else { return nil }
            return statement[0]
        }
        guard services.count > serviceLimit else { return elements }
        let names = services.compactMap { element -> String? in
            if case .service(let definition) = element.declaration { return definition.name }
            return nil
        }
        return elements + [StackElement(.largeBuilderBlock(services: names), at: services[0].location)]
    }
}
