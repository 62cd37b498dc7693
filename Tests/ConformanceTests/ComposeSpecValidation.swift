import DeployCompiler
import Foundation
import TestSupport

/// The two compose-spec checks every generated compose or stack file must pass: the official JSON
/// schema (copied into `Schema/`) and the PyPI `compose-spec` validator.
enum ComposeSpecValidation {
    /// Which validators run.
    enum Checks {
        /// The JSON schema and the PyPI validator.
        case schemaAndValidator
        /// The PyPI validator with `update_config.failure_action: rollback` read as `pause`: the
        /// compose_spec package (0.2.1) accepts only `continue` and `pause` although the Compose
        /// specification (deploy.md) and its JSON schema list `rollback`, and Swarm implements it.
        /// The JSON schema still sees each file exactly as written.
        case schemaAndValidatorAcceptingRollback
        /// The JSON schema alone.
        case schemaOnly
    }

    /// The problems found in `files` (name → text); empty when every file passes.
    static func problems(in files: [String: String], python: ValidatorPython, checks: Checks = .schemaAndValidator) throws -> [String] {
        let schema = PackageRoot.url().appendingPathComponent("Tests/ConformanceTests/Schema/compose-spec.json").path
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            checks = sys.argv[2]
            problems = []
            for name, text in json.load(sys.stdin).items():
                try:
                    jsonschema.validate(yaml.safe_load(text), schema)
                except jsonschema.ValidationError as error:
                    problems.append(f"{name}: schema: {error.message} at {list(error.absolute_path)}")
                if checks == "schema":
                    continue
                from compose_spec import PyCompose
                validated = text
                if checks == "rollback":
                    validated = text.replace("failure_action: rollback", "failure_action: pause")
                    if validated.count("failure_action: pause") != text.count("failure_action: rollback") + text.count("failure_action: pause"):
                        problems.append(f"{name}: unexpected failure_action spelling")
                try:
                    compose = PyCompose.from_yaml(validated)
                    compose.validate()
                    compose.to_spec()
                except Exception as error:
                    problems.append(f"{name}: compose-spec: {error}")
            print(json.dumps(problems))
            """
        let mode =
            switch checks {
            case .schemaAndValidator: "all"
            case .schemaAndValidatorAcceptingRollback: "rollback"
            case .schemaOnly: "schema"
            }
        let result = try python.run(script, arguments: [schema, mode], stdin: try JSONEncoder().encode(files))
        guard result.status == 0 else { return ["the validator script failed (\(result.status)): \(result.stderr)"] }
        return try JSONDecoder().decode([String].self, from: Data(result.stdout.utf8))
    }
}
