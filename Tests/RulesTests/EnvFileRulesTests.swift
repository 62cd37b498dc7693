import DeployCompiler
import DeployModel
import Testing

@Suite("Env file rules", .exactFindings)
struct EnvFileRulesTests {
    @Test("env.portable: a value with a quote and a dollar has no spelling both parsers read back")
    func quoteAndDollar() {
        let stack = validStack(extra: {
            EnvFileEntry("GREETING", "it's $5")  // @quote-dollar
        })
        let compilation = compiled(stack)
        let found = expectDiagnostic("env.portable", atMarker: "quote-dollar", in: compilation.diagnostics)
        #expect(found?.message.hasPrefix("test and production: env file entry GREETING cannot be written portably") == true)
        #expect(compilation.files.isEmpty)
        // The emitter no longer reports on its own.
        expectNoDiagnostic("env.encoding", in: compilation.diagnostics)
    }

    @Test("env.portable: a literal ${ and a value mixing text with a reference")
    func interpolationLookalikes() {
        let stack = validStack(extra: {
            EnvFileEntry("TEMPLATE", "Hello ${NAME}")  // @literal-interpolation
            EnvFileEntry("ENDPOINT", .joined(["http://", .variable("API_HOST", default: nil), ":8080"]))  // @mixed
        })
        let found = diagnostics(of: stack)
        expectDiagnostic("env.portable", atMarker: "literal-interpolation", in: found)
        let mixed = expectDiagnostic("env.portable", atMarker: "mixed", in: found)
        #expect(mixed?.message.contains("mixes text with a ${…} reference (http://${API_HOST}:8080)") == true)
    }

    @Test("env.portable: a key written twice in the env file")
    func duplicateKey() {
        let stack = validStack(extra: {
            EnvFileEntry("LOG_FORMAT", "json")
            EnvFileEntry("LOG_FORMAT", "text")  // @second-entry
        })
        let found = expectDiagnostic("env.portable", atMarker: "second-entry", in: diagnostics(of: stack))
        #expect(found?.message.hasPrefix("test and production: env file key LOG_FORMAT is written twice (first at EnvFileRulesTests.swift:") == true)
    }

    @Test("env.portable: an env file value with a line break: the deploy scripts read one entry a line")
    func lineBreakInEnvFileValue() {
        let stack = validStack(extra: {
            EnvFileEntry("MOTD", "line one\nline two")  // @line-break
            EnvFileEntry("FOOTER", "a\r\nb")  // @crlf
        })
        let found = diagnostics(of: stack).filter { $0.ruleID == "env.portable" }
        let first = expectDiagnostic("env.portable", atMarker: "line-break", in: found)
        expectDiagnostic("env.portable", atMarker: "crlf", in: found)
        #expect(found.count == 2)
        #expect(first?.message.contains("a line break or NUL, which the deploy scripts cannot read") == true)
    }

    @Test("env.portable: an entry that repeats a derived key")
    func repeatsDerivedKey() {
        let stack = validStack(extra: {
            EnvFileEntry("INFLUXDB_BUCKET", test: "events_test", production: "events")  // @derived-again
        })
        expectDiagnostic("env.portable", atMarker: "derived-again", in: diagnostics(of: stack))
    }

    @Test("env.portable: a compose reference whose message would end the interpolation early")
    func braceInSecretMessage() {
        let stack = validStack(service: {
            Env("REPORT_TOKEN", .secret("REPORT_TOKEN", message: "set it from {vault}"))  // @brace-message
        })
        let found = expectDiagnostic("env.portable", atMarker: "brace-message", in: diagnostics(of: stack))
        #expect(found?.message.contains("the message or default of ${REPORT_TOKEN} contains '{'") == true)
    }

    @Test("env.portable: a reference to an invalid variable name")
    func invalidReferenceName() {
        let stack = validStack(service: {
            Env("CACHE_DIR", .variable("cache-dir", default: "/tmp"))  // @bad-reference
        })
        let found = expectDiagnostic("env.portable", atMarker: "bad-reference", in: diagnostics(of: stack))
        #expect(found?.message.contains("'cache-dir' is not a valid variable name") == true)
    }

    @Test("env.portable: tricky but portable values pass and are written quoted")
    func portableValues() {
        let stack = validStack(
            extra: {
                EnvFileEntry("QUOTED", "it's fine")
                EnvFileEntry("PRICE", "costs $5")
                EnvFileEntry("EMPTY", "")
            },
            service: {
                Env("BANNER", "50% off: $$ & \"quotes\"\nline two")
            })
        let compilation = compiled(stack)
        expectNoDiagnostic("env.portable", in: compilation.diagnostics)
        let envTest = compilation.files.first { $0.path == "generated/env.test" }?.contents ?? ""
        #expect(envTest.contains("\nQUOTED=\"it's fine\"\n"))
        #expect(envTest.contains("\nPRICE='costs $5'\n"))
        #expect(envTest.contains("\nEMPTY=''\n"))
    }
}
