import DeployModel

/// `secrets.token-shape`: no field of either mode holds a well-known credential.
public struct SecretsTokenShapeRule: Rule {
    public static let id = "secrets.token-shape"
    public var summary: String {
        "no field of either mode holds a well-known token (sk-, ghp_, github_pat_, xoxb-, AKIA, a JWT), nor test a long blob under a secret name"
    }
    public var documentation: String {
        """
        Some credentials are recognisable by their shape wherever they are pasted: OpenAI-style API keys \
        (`sk-` and 20 or more letters and digits), GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, \
        `github_pat_`), Slack tokens (`xoxa-`, `xoxb-`, `xoxp-`, `xoxr-`), AWS access key IDs (`AKIA`/`ASIA` \
        and 16 characters) and JSON Web Tokens (`eyJ….….…`, such as a Home Assistant long-lived token). \
        `Env(\"OPENAI_KEY\", \"sk-…\")` passes every key-based check, since the key does not look secret. \
        Such a token is refused in every field of both modes: a real token in the repository is leaked \
        even when only test uses it. In test, where literal test credentials are allowed, a secret-named key \
        (or `--token` argument) holding a long hex or base64 blob (32 characters or more) is refused too: \
        test credentials are short made-up words, a blob is a real key pasted in (production refuses every \
        literal there already). It cannot be waived. Fix: revoke the token (it is in the git history), \
        then pass it with `.secret(\"NAME\")`, or `.optionalSecret(\"NAME\")` when the service runs \
        without it. Complexity: O(t) for t characters of both modes' fields.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let help = "revoke it (it is in the git history), then pass it with .secret(\"NAME\") or .optionalSecret(\"NAME\")"
        for deployment in context.deployments {
            let mode = deployment.mode
            // A field that services repeat is scanned once (`EmittedFields`); the fields are visited only when one has a finding.
            let fields = context.emittedFields[mode]
            let findings = fields.judge { field -> Finding? in
                let finding = Self.finding(in: field, mode: mode)
                return finding.kinds.isEmpty && finding.blobKeys.isEmpty ? nil : finding
            }
            fields.forEachJudged(findings) { field, finding in
                if !finding.kinds.isEmpty {
                    diagnostics.add(
                        Self.id, mode, "\(field.owner): \(field.title) holds \(finding.kinds.joined(separator: " and "))", at: field.location,
                        help: help, service: field.service)
                }
                for key in finding.blobKeys {
                    diagnostics.add(
                        Self.id, mode, "\(field.owner): \(field.kind) \(key) holds a long hex/base64 blob, not a made-up test credential",
                        at: field.location, help: help, service: field.service)
                }
            }
        }
    }

    /// What a field holds: the kinds of well-known token in its texts, and (in test, when it holds none) the
    /// secret-named keys whose literal is a long blob.
    struct Finding {
        var kinds: [String] = []
        var blobKeys: [String] = []
    }

    static func finding(in field: EmittedField, mode: Mode) -> Finding {
        var finding = Finding()
        for text in field.literalTexts {
            for token in SecretScan.tokens(in: text) where !finding.kinds.contains(token.kind) { finding.kinds.append(token.kind) }
        }
        guard mode == .test, finding.kinds.isEmpty else { return finding }
        for named in SecretScan.namedLiterals(in: field) where named.secrets.contains(where: SecretScan.isBlob) {
            finding.blobKeys.append(named.key)
        }
        return finding
    }
}
