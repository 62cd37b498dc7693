import DeployModel
import Testing

@testable import DeployCompiler

/// Resolution gives a variable that consecutive services declare identically (a default, or a declaration a
/// helper or loop writes for each service) one shared object; these tests hold it to sharing only what is the
/// same in every respect, so that no service reads another's value.
@Suite("Resolution: a variable services declare alike is one object, and each service keeps its own values")
struct SharedVariablesTests {
    private let stack = Stack("s") {
        Defaults {
            Env("DEFAULTED", "d")
        }
        for name in ["a", "b", "c"] {
            CoreService(name) {
                Env("SHARED", "1")
                Env("OWN", .literal(name))
                Env("MODE", test: "t", production: "p")
            }
        }
        CoreService("z") {
            Env("SHARED", "1")
        }
    }

    private func variable(_ key: String, of service: String, in deployment: ResolvedDeployment) throws -> ResolvedEnvironmentVariable {
        try #require(deployment.service(named: service)?.environment[key], "\(service).\(key)")
    }

    @Test("a default, and a declaration from the same place with the same value, are one object in consecutive services")
    func identicalDeclarationsShared() throws {
        for deployment in ModeResolver().resolveAll(stack) {
            let defaulted = try ["a", "b", "c", "z"].map { try variable("DEFAULTED", of: $0, in: deployment) }
            #expect(defaulted.allSatisfy { $0.isSameDeclaration(as: defaulted[0]) })
            let shared = try ["a", "b", "c"].map { try variable("SHARED", of: $0, in: deployment) }
            #expect(shared.allSatisfy { $0.isSameDeclaration(as: shared[0]) })
            let perMode = try ["a", "b", "c"].map { try variable("MODE", of: $0, in: deployment) }
            #expect(perMode.allSatisfy { $0.isSameDeclaration(as: perMode[0]) })
            #expect(perMode[0].value == .literal(deployment.mode == .test ? "t" : "p"))
        }
    }

    @Test("a value of a service's own, or the same value declared at another place, is not shared")
    func differentDeclarationsKeptApart() throws {
        for deployment in ModeResolver().resolveAll(stack) {
            let own = try ["a", "b", "c"].map { try variable("OWN", of: $0, in: deployment) }
            #expect(own.map(\.value) == [.literal("a"), .literal("b"), .literal("c")])
            #expect(!own[1].isSameDeclaration(as: own[0]) && !own[2].isSameDeclaration(as: own[1]))
            // z writes SHARED=1 on a line of its own: equal in key and value, but not the same declaration.
            let z = try variable("SHARED", of: "z", in: deployment)
            let c = try variable("SHARED", of: "c", in: deployment)
            #expect(z.key == c.key && z.value == c.value && z.location != c.location)
            #expect(!z.isSameDeclaration(as: c))
        }
    }
}
