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

    @Test(
        "parts read the same, and values compare and hash the same, whichever way the parts were given",
        arguments: [
            ([], []),
            ([.literal("")], []),
            ([.literal("a")], [.literal("a")]),
            ([.literal("a"), .literal(""), .literal("b")], [.literal("ab")]),
            ([.literal("x"), .variable(name: "V", default: "d")], [.literal("x"), .variable(name: "V", default: "d")]),
            ([.secret(name: "S", message: "m"), .literal("a"), .literal("b")], [.secret(name: "S", message: "m"), .literal("ab")]),
        ] as [([ResolvedValue.Part], [ResolvedValue.Part])])
    func parts(given: [ResolvedValue.Part], merged: [ResolvedValue.Part]) {
        let value = ResolvedValue(parts: given)
        #expect(Array(value.parts) == merged)
        #expect(value.parts.count == merged.count)
        #expect(value.parts.indices == merged.indices)
        // The same parts given already merged make an equal value with an equal hash.
        let again = ResolvedValue(parts: merged)
        #expect(value == again)
        #expect(value.hashValue == again.hashValue)
        // A literal made with `.literal` is the value its one part makes.
        if merged.count <= 1, merged.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            let text = value.literalText ?? "-"
            #expect(ResolvedValue.literal(text) == value)
            #expect(ResolvedValue.literal(text).hashValue == value.hashValue)
        }
    }

    @Test("values with different parts differ")
    func different() {
        #expect(ResolvedValue.literal("a") != ResolvedValue.literal("b"))
        #expect(ResolvedValue.literal("a") != ResolvedValue(parts: []))
        #expect(ResolvedValue.literal("a") != ResolvedValue(parts: [.variable(name: "a", default: nil)]))
    }
}
