import DeployModel

/// `secrets.url-credentials`: no production URL carries a literal password.
public struct SecretsURLCredentialsRule: Rule {
    public static let id = "secrets.url-credentials"
    public var summary: String { "no production field holds a literal password inside a URL (scheme://user:password@host)" }
    public var documentation: String {
        """
        A connection string carries its password in the clear: `DATABASE_URL=postgres://user:hunter2@db/x` \
        passes every key-based check (the key does not look secret) and ships the password in the \
        generated file, in `docker inspect` and in the repository. In production, no field (environment \
        values, the env file, build arguments, labels, commands, health checks, options) may hold a URL \
        whose user information has a literal password. A password that is a reference passes: a \
        `.secret` or `.variable` part of the value, or `$NAME` text for the container's own shell; so do \
        an empty password and placeholders (`<password>`, `***`). Test values are test credentials and are \
        not checked here. It cannot be waived. Fix: build the URL around a secret, \
        `.joined([\"postgres://user:\", .secret(\"DB_PASSWORD\"), \"@db/x\"])`, or make the whole URL one \
        secret, `Env(\"DATABASE_URL\", .secret(\"DATABASE_URL\"))`. Complexity: O(t) for t characters of the production fields.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // A field that services repeat is scanned once (`EmittedFields`); the fields are visited only when one has a finding.
        let fields = context.emittedFields.production
        let passwords = fields.judge { SecretScan.urlPasswords(in: $0).isEmpty ? nil : true }
        fields.forEachJudged(passwords) { field, _ in
            diagnostics.add(
                Self.id, .production, "\(field.owner): \(field.title) holds a literal password inside a URL (scheme://user:<password>@host)",
                at: field.location,
                help:
                    "build the URL around a secret, .joined([\"scheme://user:\", .secret(\"NAME\"), \"@host/…\"]), or make the whole URL one .secret(\"NAME\")",
                service: field.service)
        }
    }
}
