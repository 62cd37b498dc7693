import Testing

@testable import DeployCompiler

@Suite("ResolvedValue: what it says of its parts")
struct ResolvedValueTests {
    @Test(
        "hasReferences is true exactly when a part is a secret or a variable, also after merging",
        arguments: [
            ([], false),
            ([.literal("")], false),
            ([.literal("a"), .literal("b")], false),
            ([.secret(name: "S", message: "m")], true),
            ([.variable(name: "V", default: nil)], true),
            ([.literal("x"), .variable(name: "V", default: "d")], true),
            ([.literal(""), .secret(name: "S", message: "m"), .literal("")], true),
        ] as [([ResolvedValue.Part], Bool)])
    func hasReferences(parts: [ResolvedValue.Part], expected: Bool) {
        let value = ResolvedValue(parts: parts, serviceReferences: [])
        #expect(value.hasReferences == expected)
        // Merged, a value without references is at most one literal: exactly when it has a `literalText`.
        #expect(value.hasReferences == (value.literalText == nil))
    }

    @Test("a literal has none")
    func literal() {
        #expect(!ResolvedValue.literal("http://influxdb:8086").hasReferences)
    }
}
