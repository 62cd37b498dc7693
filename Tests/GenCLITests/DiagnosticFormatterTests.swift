import DeployCompiler
import GenCLI
import Testing

@Suite("DiagnosticFormatter")
struct DiagnosticFormatterTests {
    @Test("a diagnostic prints its help and then one note line per note, relative to the root")
    func notesPrinted() {
        var diagnostic = Diagnostic(
            severity: .error, ruleID: "secrets.named-field", message: "service 'a': label api_token is <literal>",
            location: .init(file: "/repo/Deployments/Groups.swift", line: 4, column: 9), help: "use a secret", service: "a",
            modes: .production)
        diagnostic.notes = [DiagnosticNote("in service 'a'", at: .init(file: "/repo/Deployments/Core.swift", line: 12, column: 13))]
        let text = DiagnosticFormatter(root: "/repo", color: false).format(diagnostic)
        #expect(
            text == """
                Deployments/Groups.swift:4:9: error: [secrets.named-field] production: service 'a': label api_token is <literal>
                    help: use a secret
                    note: in service 'a' at Deployments/Core.swift:12:13
                """)
    }
}
