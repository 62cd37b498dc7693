import DeployCompiler
import DeployModel
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

/// The generated files, read back by independent parsers: the PyPI compose-spec validator (a strict
/// Rust parser), the official JSON schema (jsonschema), PyYAML, and python-dotenv.
@Suite("Conformance of the generated files")
struct ConformanceTests {
    static let compilation = Compiler().compile(HomeIQ.stack)

    private func file(_ path: String) -> String? {
        Self.compilation.files.first { $0.path == path }?.contents
    }

    private func composeFiles() -> [(mode: Mode, text: String)] {
        Mode.allCases.compactMap { mode in file("generated/\(OutputNames.compose(mode))").map { (mode, $0) } }
    }

    @Test("the HomeIQ stack compiles without errors into the four deployment files")
    func compiles() {
        #expect(!Self.compilation.hasErrors, "\(Self.compilation.errors.map(\.description))")
        let paths = Set(Self.compilation.files.map(\.path))
        for name in [OutputNames.composeTest, OutputNames.composeProduction, OutputNames.envTest, OutputNames.envProduction] {
            #expect(paths.contains("generated/\(name)"))
        }
    }

    @Test(
        "both compose files pass the compose-spec validator and the official JSON schema",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func composeSpec() throws {
        guard let python = Requirement.python() else { return }
        let input = Dictionary(uniqueKeysWithValues: composeFiles().map { (OutputNames.compose($0.mode), $0.text) })
        #expect(input.count == 2)
        let problems = try ComposeSpecValidation.problems(in: input, python: python)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test(
        "PyYAML reads back exactly the services, labels, environment and limits the model holds",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func yamlReadsBackTheModel() throws {
        guard let python = Requirement.python() else { return }
        let script = """
            import json, sys, yaml
            out = {}
            for name, text in json.load(sys.stdin).items():
                document = yaml.safe_load(text)
                out[name] = {service: {"labels": body.get("labels", {}), "environment": body.get("environment", {}),
                                       "ports": body.get("ports", []),
                                       "memory": body["deploy"]["resources"]["limits"]["memory"],
                                       "cpus": body["deploy"]["resources"]["limits"]["cpus"]}
                             for service, body in document["services"].items()}
            print(json.dumps(out))
            """
        struct ServiceView: Decodable {
            var labels: [String: String]
            var environment: [String: String]
            var ports: [String]
            var memory: String
            var cpus: String
        }
        let files = composeFiles()
        let input = Dictionary(uniqueKeysWithValues: files.map { ($0.mode.rawValue, $0.text) })
        let result = try python.run(script, stdin: try JSONEncoder().encode(input))
        #expect(result.status == 0, "\(result.stderr)")
        let read = try JSONDecoder().decode([String: [String: ServiceView]].self, from: Data(result.stdout.utf8))
        for deployment in Self.compilation.deployments {
            let services = read[deployment.mode.rawValue] ?? [:]
            #expect(Set(services.keys) == Set(deployment.services.map(\.name)))
            for service in deployment.services {
                guard let view = services[service.name] else { continue }
                #expect(view.labels["com.homeiq.mode"] == deployment.mode.rawValue)
                #expect(view.labels["com.homeiq.role"] == service.role.rawValue)
                #expect(view.environment == Dictionary(uniqueKeysWithValues: service.environment.map { ($0.key, $0.value.composeText) }))
                #expect(view.ports == service.ports.map(\.composeValue))
                #expect(view.memory == service.limits?.value.memory?.composeValue)
                #expect(view.cpus == service.limits?.value.cpus?.composeValue)
                #expect(!view.memory.contains("."), "memory must be whole units: \(view.memory)")
            }
        }
    }

    @Test(
        "python-dotenv reads back exactly the env file entries",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh"))
    func dotenvReadsBackTheEnvFiles() throws {
        guard let python = Requirement.python() else { return }
        let script = """
            import io, json, sys
            from dotenv import dotenv_values
            print(json.dumps({name: dotenv_values(stream=io.StringIO(text), interpolate=False) for name, text in json.load(sys.stdin).items()}))
            """
        var input: [String: String] = [:]
        for mode in Mode.allCases { input[mode.rawValue] = file("generated/\(OutputNames.env(mode))") }
        let result = try python.run(script, stdin: try JSONEncoder().encode(input))
        #expect(result.status == 0, "\(result.stderr)")
        let read = try JSONDecoder().decode([String: [String: String?]].self, from: Data(result.stdout.utf8))
        for deployment in Self.compilation.deployments {
            let values = read[deployment.mode.rawValue] ?? [:]
            #expect(values.count == deployment.envFile.count)
            for entry in deployment.envFile {
                // A lone variable keeps its default (`${NAME:-default}`); everything else reads back as displayed.
                var expected = entry.value.displayText
                if entry.value.parts.count == 1, case .variable(let name, let fallback?) = entry.value.parts[0] {
                    expected = "${\(name):-\(fallback)}"
                }
                #expect(values[entry.key] == .some(expected), "\(deployment.mode) \(entry.key)")
            }
        }
    }

    @Test("production files hold no secret value: every secret is a reference")
    func noSecretValuesInProduction() throws {
        let compose = try #require(file("generated/\(OutputNames.composeProduction)"))
        let env = try #require(file("generated/\(OutputNames.envProduction)"))
        for secret in ["INFLUXDB_TOKEN", "HA_TOKEN", "OPENAI_API_KEY", "WEATHER_API_KEY"] {
            #expect(compose.contains("${\(secret):?"), "\(secret) is not a required reference")
            #expect(!compose.contains("${\(secret):-"), "\(secret) has a default")
        }
        #expect(env.contains("INFLUXDB_TOKEN=${INFLUXDB_TOKEN}"))
        #expect(!env.contains("homeiq-test-token"))
        #expect(!compose.contains("homeiq-test"))
    }

    @Test("output is deterministic to the byte, and matches the committed files")
    func deterministic() throws {
        let again = Compiler().compile(HomeIQ.stack)
        #expect(again.files == Self.compilation.files)
        let root = PackageRoot.url()
        for generated in Self.compilation.files {
            let onDisk = try? String(contentsOf: root.appendingPathComponent(generated.path), encoding: .utf8)
            #expect(onDisk == generated.contents, "\(generated.path) is stale: run swift run homeiq-gen")
        }
    }
}
