import DeployCompiler
import DeployModel
import Testing

@Suite("Rule stack.settings: derived values name a setting the stack declares", .exactFindings)
struct StackSettingsRuleTests {
    @Test("Home Assistant values without HomeAssistant(…) are errors at their Env, each once for both modes")
    func missingHomeAssistant() {
        let stack = validStack(service: {
            Env("HA_URL", .homeAssistantURL)  // @ha-url
            Env("HA_WS_URL", .homeAssistantWebSocketURL)  // @ha-websocket
        })
        let found = expectRejected(stack)
        expectFindings(
            [
                ExpectedFinding(ruleID: StackSettingsRule.id, marker: "ha-url"),
                ExpectedFinding(ruleID: StackSettingsRule.id, marker: "ha-websocket"),
            ], in: found)
        #expect(found.first?.message == "service 'api' uses a HomeAssistant setting, but the stack declares no HomeAssistant(…)")
        #expect(found.allSatisfy { $0.service == "api" && $0.help == "declare HomeAssistant(…) at stack level" })
    }

    @Test("a missing token setting: the error at its Env")
    func missingToken() {
        let stack = validStack(service: {
            Env("HA_TOKEN", .homeAssistantToken)  // @ha-token
        })
        // Known: the missing value resolves to an empty one, which secrets.production-literal then reports again
        // ("HA_TOKEN is , not a bare secret reference").
        expectFindings(
            [
                ExpectedFinding(ruleID: StackSettingsRule.id, marker: "ha-token"),
                ExpectedFinding(ruleID: "secrets.production-literal", marker: "ha-token", modes: .production),
            ], in: expectRejected(stack))
    }

    @Test("the valid stack's derived values all have their settings")
    func declaredSettingsPass() {
        let stack = validStack(service: {
            Env("DATABASE_URL", .databaseURL)
            Mount.database()
        })
        expectNoDiagnostic(StackSettingsRule.id, in: diagnostics(of: stack))
    }
}
