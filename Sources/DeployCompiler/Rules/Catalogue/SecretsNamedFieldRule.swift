import DeployModel

/// `secrets.named-field`: in production, no field gives a secret-named key a literal value.
public struct SecretsNamedFieldRule: Rule {
    public static let id = "secrets.named-field"
    public var summary: String {
        "production gives no secret-named key a literal in any field: build arguments, labels, logging and driver options, --token X in commands"
    }
    public var documentation: String {
        """
        `secrets.production-literal` guards the environment and the env file, but a secret leaks just as \
        well through every other field of a compose file: a build argument `API_TOKEN: hunter2` is kept in \
        the image history, a label `api_token=hunter2` and a `command: [app, --token, hunter2]` are shown \
        by `docker inspect` and `docker ps` to anyone on the host. In production, every key/value field \
        (build arguments, labels, logging options, sysctls, network and volume driver options, extra \
        hosts) whose key looks secret (the names of `secrets.production-literal`) must hold one \
        `${NAME:?…}` or `${NAME:-}` reference (a `${NAME}` written as text counts as a placeholder), and an argument list (`Command`, `Entrypoint`, a health \
        check's test, also inside a `sh -c` string) must not pass a literal after a secret-named flag \
        (`--token hunter2`, `--api-key=…`, `DB_PASSWORD=…`); the same pairs are found inside any \
        value, environment values included, and in comma-separated options (a CIFS volume's \
        `o: addr=nas,password=…`). A value starting with `$` is the \
        container's own variable (`--token \"$API_TOKEN\"` inside `sh -c`) and passes, as do \
        placeholders (`<password>`, `***`). Test values are test credentials and are not checked here. \
        It cannot be waived. Fix: pass the secret in the environment, `Env(\"API_TOKEN\", \
        .secret(\"API_TOKEN\"))`, and refer to it from the command through a shell \
        (`Command(\"sh\", \"-c\", \"exec app --token \\\"$API_TOKEN\\\"\")`); a build needs a BuildKit \
        secret mount (`RUN --mount=type=secret`). Complexity: O(t) for t characters of the production fields.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // A field that services repeat is scanned once (`EmittedFields`); the fields are visited only when one has a finding.
        let fields = context.emittedFields.production
        let literals = fields.judge { field -> [SecretScan.NamedLiteral]? in
            // The keys of the environment and the env file are secrets.production-literal's; pairs inside their values are ours.
            let keyIsOurs = field.kind != "environment variable" && field.kind != "env file entry"
            let literals = SecretScan.namedLiterals(in: field).filter { keyIsOurs || !$0.isFieldKey }
            return literals.isEmpty ? nil : literals
        }
        fields.forEachJudged(literals) { field, literals in
            for named in literals {
                let finding: String
                switch field.content {
                case .value where named.isFieldKey, .text where named.isFieldKey:
                    finding = "\(field.owner): \(field.kind) \(named.key) is \(named.shape), not a secret reference"
                case .value, .text: finding = "\(field.owner): \(field.title) holds a literal value for \(named.key)"
                case .arguments: finding = "\(field.owner): \(field.kind) passes a literal value after \(named.key)"
                }
                diagnostics.add(Self.id, .production, finding, at: field.location, help: Self.help(field, key: named.key), service: field.service)
            }
        }
    }

    /// What to do instead, for the kind of field.
    static func help(_ field: EmittedField, key: String) -> String {
        let name = SecretScan.normalizedFlag(key).uppercased()
        switch field.kind {
        case "build argument":
            return
                "build arguments stay in the image history: pass it at run time with Env(\"\(name)\", .secret(\"\(name)\")), or use a BuildKit secret mount (RUN --mount=type=secret)"
        case "command", "entrypoint", "health check":
            return
                "pass it in the environment, Env(\"\(name)\", .secret(\"\(name)\")), and refer to it through a shell: \"sh\", \"-c\", \"exec app \(key) \\\"$\(name)\\\"\""
        case "label":
            return "labels are public (docker inspect): keep the secret out of labels and pass it with Env(\"\(name)\", .secret(\"\(name)\"))"
        default:
            return
                "write the value as a reference: .secret(\"\(name)\") is not available in this field, so pass the secret through the environment or a secret file"
        }
    }
}
