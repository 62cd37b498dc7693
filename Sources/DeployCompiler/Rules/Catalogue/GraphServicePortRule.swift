import DeployModel

/// `graph.service-port`: a URL that names a service of the stack names a port that service listens on.
public struct GraphServicePortRule: Rule {
    public static let id = "graph.service-port"
    public var summary: String { "a URL naming a service of the stack (.url(of:port:), http://data-api:8006) names a port that service listens on" }
    public var documentation: String {
        """
        `graph.service-url` proves that the host of a service URL is a service of the mode; this rule \
        proves the port. A caller configured with `http://device-intelligence-service:8023` while the \
        service listens on 8019 starts, passes its own health check, and fails on every request. Every \
        URL in a service's environment values and the env file entries, whether written with \
        `.url(of:port:)`, derived (`.influxURL`, the test Home Assistant URL) or typed as literal text, \
        whose host is a service of the mode must use one of that service's container ports: the \
        container side of its `Port`s and its `Expose` ports (not the host port, which only the host \
        sees). A URL without a port means the scheme's default (80 for http and ws, 443 for https and \
        wss). Fix: use the container port, or declare the port the service really listens on with \
        `Expose(…)` or `Port(…)`. Complexity: O(s + e + t) for s services, e variables and t characters of values (once where services repeat them).
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    /// A URL's port that its service does not listen on.
    private struct Mismatch {
        var host: String
        var port: Int
        /// `port 8023`, or `port 80 (the http default)`.
        var portText: String
        /// What the service listens on (`listeningPortsText`).
        var listening: String
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            let listening = deployment.servicesByName
            var memo = URLScanner.Memo()
            /// What is wrong with each URL of `value` that names a service: the port named, how, and what the service listens on.
            func mismatches(_ value: ResolvedValue) -> [Mismatch]? {
                var found: [Mismatch] = []
                for part in value.parts {
                    guard case .literal(let text) = part else { continue }
                    for url in memo.urls(in: text) {
                        guard let target = listening[url.host], let port = url.port, !target.listens(on: port) else { continue }
                        let portText = url.portIsExplicit ? "port \(port)" : "port \(port) (the \(url.scheme) default)"
                        found.append(Mismatch(host: url.host, port: port, portText: portText, listening: target.listeningPortsText))
                    }
                }
                return found.isEmpty ? nil : found
            }
            func report(_ found: [Mismatch], describe: (String) -> String, at location: SourceLocation, service: String?) {
                for mismatch in found {
                    diagnostics.add(
                        Self.id, mode,
                        "\(describe(mismatch.host)) names \(mismatch.portText), but '\(mismatch.host)' listens on \(mismatch.listening)",
                        at: location,
                        help:
                            "use a container port of '\(mismatch.host)', or declare the port it listens on with Expose(\(mismatch.port)) or Port(…)",
                        service: service)
                }
            }
            // An environment value that services repeat is scanned once (`EnvironmentValues`); the services are visited only when one has a finding.
            let values = context.environmentValues[mode]
            values.forEachJudged(values.judge(mismatches), in: deployment) { service, variable, found in
                report(
                    found, describe: { "service '\(service.name)' sets \(variable.key) to a URL of '\($0)' that" },
                    at: variable.location, service: variable.fromDefaults ? nil : service.name)
            }
            for entry in deployment.envFile {
                guard let found = mismatches(entry.value) else { continue }
                report(found, describe: { "env file entry \(entry.key) is a URL of '\($0)' that" }, at: entry.location, service: nil)
            }
        }
    }
}
