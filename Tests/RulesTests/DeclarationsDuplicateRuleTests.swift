import DeployCompiler
import DeployModel
import Testing

@Suite("Rule declarations.duplicate", .exactFindings)
struct DeclarationsDuplicateRuleTests {
    @Test("a second single-valued declaration in the body is an error there, with a note at the first")
    func duplicateInBody() {
        let stack = validStack(service: {
            Healthcheck.http(port: 8006, path: "/ready")  // @firstCheck
            Limits(memory: .mib(256), cpus: 0.5)  // @firstLimits
            Limits(memory: .mib(128), cpus: 0.5)  // @secondLimits
        })
        let found = ruleDiagnostics(DeclarationsDuplicateRule.id, in: expectRejected(stack))
        // validStack's api already declares Healthcheck.http(port: 8006) before `service` elements.
        #expect(found.count == 4, "\(found.map(\.description))")
        let limits = expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "secondLimits", in: found)
        #expect(
            limits?.message
                == "test and production: service 'api' declares Limits a second time in the same scope (first at DeclarationsDuplicateRuleTests.swift:\(line(marked: "firstLimits"))); the last one would silently win"
        )
        expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "firstLimits", in: found, severity: .note)
        expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "firstCheck", in: found)
        #expect(found.filter { $0.severity == .note }.count == 2)
    }

    @Test("InTest/InProduction overrides and Defaults overrides are not duplicates; two in one mode's blocks are")
    func scopes() {
        let stack = validStack {
            Defaults {
                Restart(.always)  // @defaultsFirst
                Restart(.no)  // @defaultsSecond
            }
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(256), cpus: 0.5)
                InTest { Limits(memory: .mib(128), cpus: 0.25) }
                InProduction { Image("example/worker:1.0.1") }  // @productionFirst
                InProduction { Image("example/worker:1.0.2") }  // @productionSecond
            }
        }
        let found = ruleDiagnostics(DeclarationsDuplicateRule.id, in: expectRejected(stack))
        #expect(found.count == 4, "\(found.map(\.description))")
        #expect(
            expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "productionSecond", in: found)?.message.hasPrefix(
                "production: service 'worker' declares Image") == true)
        expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "productionFirst", in: found, severity: .note)
        #expect(
            expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "defaultsSecond", in: found)?.message.hasPrefix(
                "test and production: Defaults declares Restart") == true)
        expectDiagnostic(DeclarationsDuplicateRule.id, atMarker: "defaultsFirst", in: found, severity: .note)
    }

    @Test("the valid stack has none")
    func valid() {
        expectNoDiagnostic(DeclarationsDuplicateRule.id, in: diagnostics(of: validStack()))
    }
}
