import DeployCompiler
import DeployModel
import Testing

/// Optional secrets (issue 9 part 2): `.optionalSecret("NAME")` is `${NAME:-}` in every generated file,
/// accepted in production, listed as optional (never required) in the facts the deploy script reads and in
/// docs/ENVIRONMENT.md.
@Suite("Optional secrets")
struct OptionalSecretTests {
    static let stack = Stack("demo") {
        Network("demo-network")
        Defaults {
            OnNetwork("demo-network")
            Env("DEPLOYMENT_MODE", .deploymentMode)
            Limits(memory: .mib(256), cpus: 0.5)
            Reservations(memory: .mib(128), cpus: 0.1)
        }
        CoreService("miner") {
            Image("example/miner:1.0.0")
            Healthcheck(["CMD", "true"])
            Env("GITHUB_TOKEN", .optionalSecret("GITHUB_TOKEN"))
            Env("WEATHER_API_KEY", test: .optionalSecret("WEATHER_API_KEY"), production: .secret("WEATHER_API_KEY"))
        }
    }

    static func file(_ compilation: Compilation, _ suffix: String) -> String {
        compilation.files.first { $0.path.hasSuffix(suffix) }?.contents ?? ""
    }

    @Test("production accepts it; the compose file writes ${NAME:-}; the facts list it as optional, never as required")
    func emitted() {
        let compilation = Compiler().compile(Self.stack)
        #expect(!compilation.hasErrors, "\(compilation.diagnostics.map(\.description))")
        let production = Self.file(compilation, "docker-compose.prod.yml")
        #expect(production.contains("GITHUB_TOKEN: ${GITHUB_TOKEN:-}"))
        #expect(production.contains("WEATHER_API_KEY: ${WEATHER_API_KEY:?"))
        // The facts block: optional holds GITHUB_TOKEN with its user, required does not.
        let facts = production.components(separatedBy: "\nservices:")[0]
        let secrets = facts.components(separatedBy: "  secrets:\n").last ?? ""
        let required = secrets.components(separatedBy: "    optional:")[0]
        #expect(required.contains("WEATHER_API_KEY:") && !required.contains("GITHUB_TOKEN"), "\(secrets)")
        #expect(secrets.contains("    optional:\n      GITHUB_TOKEN:\n        - miner\n"), "\(secrets)")
        let test = Self.file(compilation, "docker-compose.test.yml")
        #expect(test.contains("WEATHER_API_KEY: ${WEATHER_API_KEY:-}"))
    }

    @Test("docs/ENVIRONMENT.md lists an optional secret as such, per mode")
    func documented() {
        let environment = Self.file(Compiler().compile(Self.stack), "ENVIRONMENT.md")
        #expect(environment.contains("| `GITHUB_TOKEN` | optional secret, empty when unset | optional secret, empty when unset | miner | miner |"))
        #expect(environment.contains("| `WEATHER_API_KEY` | optional secret, empty when unset | required secret | miner | miner |"))
    }

    @Test("a literal default is still refused: an optional secret has none")
    func literalDefaultRefused() {
        let stack = Stack("demo") {
            CoreService("miner") { Env("GITHUB_TOKEN", .variable("GITHUB_TOKEN", default: "ghp-fallback")) }
        }
        let ids = Set(Compiler().compile(stack).errors.map(\.ruleID))
        #expect(ids.contains("secrets.production-literal") && ids.contains("secrets.reference-default"), "\(ids)")
    }
}
