import DeployModel

/// `graph.service-url`: a service URL names a service of the same mode.
public struct GraphServiceURLRule: Rule {
    public static let id = "graph.service-url"
    public var summary: String { "a service URL (.url(of:port:), .influxURL, …) names a service of the same mode" }
    public var documentation: String {
        """
        Values such as `.url(of: "data-api", port: 8006)` and the derived `.influxURL` and test \
        Home Assistant URL name another container by its service name. When that service does not \
        run in the mode, the name does not resolve on the mode's network and the caller fails at \
        run time, long after the deployment looked healthy; when it runs only in the other mode, \
        the value would even point across the isolation boundary if the names ever met. The rule \
        checks every service environment value written to the compose file and every env file entry. \
        Fix: name a service of the mode, or give each mode its own value with \
        `.mode(test:production:)` / `Env(_:test:production:)`. \
        Complexity: O(s + e) for s services and e environment values (a value that services repeat judged once), with a hash set per mode.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            let help = "name a service of the \(mode) deployment, or use .mode(test:production:) to give each mode its own value"
            // An environment value that services repeat is judged once (`EnvironmentValues`); the services are visited only when one has a finding.
            let values = context.environmentValues[mode]
            let judged = values.judge { value -> [(reference: String, absence: String)]? in
                let absent = Self.distinct(value.serviceReferences).compactMap { reference in
                    context.absence(of: reference, in: mode).map { (reference, $0) }
                }
                return absent.isEmpty ? nil : absent
            }
            values.forEachJudged(judged, in: deployment) { service, variable, absent in
                for (reference, absence) in absent {
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' sets \(variable.key) to a URL of '\(reference)', \(absence)",
                        at: variable.location, help: help, service: service.name)
                }
            }
            for entry in deployment.envFile {
                for reference in Self.distinct(entry.value.serviceReferences) {
                    guard let absence = context.absence(of: reference, in: mode) else { continue }
                    diagnostics.add(
                        Self.id, mode, "env file entry \(entry.key) is a URL of '\(reference)', \(absence)",
                        at: entry.location, help: help)
                }
            }
        }
    }

    /// The distinct names of `references`, sorted (most values name no service, and a URL one).
    private static func distinct(_ references: [String]) -> [String] {
        references.count < 2 ? references : Set(references).sorted()
    }
}
