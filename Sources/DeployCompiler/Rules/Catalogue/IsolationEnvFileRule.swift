import DeployModel

/// `isolation.env-file`: test and production read no common env file.
public struct IsolationEnvFileRule: Rule {
    public static let id = "isolation.env-file"
    public var summary: String { "test and production services read no common env file" }
    public var documentation: String {
        """
        An `env_file` read by both modes is shared configuration, like a shared bind mount: a test \
        token written into it reaches production, or a production secret is handed to the test data \
        generators. An `EnvFile` path (compared normalised, so `./config/app.env` and \
        `config/app.env` are one) used by a service in test and by a service in production is an \
        error, reported once at the test declaration. Fix: one file per mode, \
        `InTest { EnvFile(\"config/app.test.env\") }` and `InProduction { EnvFile(\"config/app.production.env\") }`, \
        or values in the DSL (`Env(_:test:production:)`), which the other isolation rules can check. \
        Complexity: O(f) for f env file declarations, with a hash map.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var production: [String: String] = [:]
        for service in context.production.services {
            for envFile in service.envFiles {
                let key = IsolationPaths.key(IsolationPaths.components(envFile.value))
                if production[key] == nil { production[key] = service.name }
            }
        }
        var reported: Set<String> = []
        for service in context.test.services {
            for envFile in service.envFiles {
                let components = IsolationPaths.components(envFile.value)
                let key = IsolationPaths.key(components)
                guard let other = production[key], reported.insert(key).inserted else { continue }
                let owners = other == service.name ? "service '\(other)'" : "test service '\(service.name)' and production service '\(other)'"
                diagnostics.error(
                    Self.id, "env file '\(IsolationPaths.display(components))' is read by both test and production (\(owners))",
                    at: envFile.location,
                    help: "give each mode its own file: InTest { EnvFile(\"….test.env\") } and InProduction { EnvFile(\"….production.env\") }",
                    service: service.name)
            }
        }
    }
}
