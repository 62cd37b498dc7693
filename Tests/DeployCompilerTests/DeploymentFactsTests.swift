import DeployCompiler
import DeployModel
import DeployRender
import Testing

/// The `x-homeiq:` facts each compose file states for the deploy scripts (issue 10, part 2).
@Suite("x-homeiq facts")
struct DeploymentFactsTests {
    static let stack = Stack("demo") {
        Network("demo-network")
        Defaults {
            OnNetwork("demo-network")
            Env("DEPLOYMENT_MODE", .deploymentMode)
        }
        HomeAssistant(
            test: HomeAssistantEndpoint(
                url: "http://ha-test:8123", webSocketURL: "ws://ha-test:8123/api/websocket",
                token: .variable("HA_TEST_TOKEN", default: "")),
            production: HomeAssistantEndpoint(url: .secret("HA_URL"), webSocketURL: .secret("HA_WS_URL"), token: .secret("HA_TOKEN")))
        CoreService("api") {
            Env("HA_TOKEN", .homeAssistantToken)
            // Text that looks like a reference: written `$${NOT_A_SECRET:?…}`, never demanded.
            Env("NOTE", "${NOT_A_SECRET:?literal text}")
            Env("TZ", .variable("TZ", default: "UTC"))
        }
        AIService("assistant") {
            FeatureFlag("ENABLE_ASSISTANT")
            Env("OPENAI_API_KEY", .variable("OPENAI_API_KEY", default: ""))
        }
        ExternalAPIService("weather") {
            FeatureFlag("ENABLE_WEATHER")
            Env("WEATHER_API_KEY", .secret("WEATHER_API_KEY"))
        }
        TestFixture("ha-test") {}
    }

    /// The `x-homeiq:` block of the compose file of `mode`, as emitted.
    static func facts(_ mode: Mode) -> String {
        let both = ModeResolver().resolveAll(stack)
        let yaml = YAMLEmitter.emit(ComposeEmitter(paths: PathMapping(outputDirectory: "generated")).document(both[mode], other: both[mode.other]))
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0 == "x-homeiq:" } ?? lines.endIndex
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix(" ") } ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }

    @Test("test: the services it runs, the production services it must not, flags by their services, optional secrets with a hint")
    func testFacts() {
        let facts = Self.facts(.test)
        #expect(
            facts.contains(
                """
                  project: demo-test
                  files:
                    compose: generated/docker-compose.test.yml
                    env: generated/env.test
                    secrets: infrastructure/secrets.test.env
                    data: data/test
                  labels:
                    mode: com.homeiq.mode
                    role: com.homeiq.role
                  networks:
                    - demo-network-test
                """))
        #expect(
            facts.contains(
                """
                  every-mode-roles:
                    - ai
                  services:
                    api: core
                    assistant: ai
                    ha-test: test-fixture
                  forbidden-services:
                    weather: external-api
                  feature-flags:
                    ENABLE_ASSISTANT:
                      - assistant
                    ENABLE_WEATHER:
                      - weather
                  secrets:
                    optional:
                      HA_TEST_TOKEN:
                        - api
                      OPENAI_API_KEY:
                        - assistant
                    hints:
                      HA_TEST_TOKEN: run scripts/setup_ha_test.sh once the test Home Assistant is up
                  interpolated:
                    - HA_TEST_TOKEN
                    - OPENAI_API_KEY
                    - TZ
                """), "\(facts)")
        #expect(!facts.contains("NOT_A_SECRET"))
        #expect(!facts.contains("required:"))
    }

    @Test("production: required secrets with the services that use them; an escaped $${…} is not one")
    func productionFacts() {
        let facts = Self.facts(.production)
        #expect(
            facts.contains(
                """
                  services:
                    api: core
                    assistant: ai
                    weather: external-api
                  forbidden-services:
                    ha-test: test-fixture
                """), "\(facts)")
        #expect(
            facts.contains(
                """
                  secrets:
                    required:
                      HA_TOKEN:
                        - api
                      WEATHER_API_KEY:
                        - weather
                    optional:
                      OPENAI_API_KEY:
                        - assistant
                  interpolated:
                """), "\(facts)")
        #expect(!facts.contains("NOT_A_SECRET"))
        #expect(!facts.contains("hints:"))
    }

    @Test("roles and secret-name patterns come from the model, in its order")
    func rolesAndPatterns() {
        let facts = Self.facts(.production)
        for role in Role.allCases {
            let modes = role.defaultModes.modes.map { "      - \($0.rawValue)" }.joined(separator: "\n")
            #expect(facts.contains("    \(role.rawValue):\n\(modes)\n"), "\(role)")
        }
        #expect(facts.contains("  secret-names:\n    words:\n      - TOKEN\n"))
        #expect(facts.contains("      - API_KEY\n"))
    }
}
