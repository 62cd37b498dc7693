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
        `Expose(…)` or `Port(…)`. Complexity: O(s + t) for s services and t characters of values.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            let listening = deployment.servicesByName
            var memo = URLScanner.Memo()
            func scan(_ value: ResolvedValue, describe: (String) -> String, at location: SourceLocation, service: String?) {
                for part in value.parts {
                    guard case .literal(let text) = part else { continue }
                    for url in memo.urls(in: text) {
                        guard let target = listening[url.host], let port = url.port, !target.listens(on: port) else { continue }
                        let portText = url.portIsExplicit ? "port \(port)" : "port \(port) (the \(url.scheme) default)"
                        diagnostics.add(
                            Self.id, mode, "\(describe(url.host)) names \(portText), but '\(url.host)' listens on \(target.listeningPortsText)",
                            at: location,
                            help: "use a container port of '\(url.host)', or declare the port it listens on with Expose(\(port)) or Port(…)",
                            service: service)
                    }
                }
            }
            for service in deployment.services {
                for variable in service.environment {
                    scan(
                        variable.value, describe: { "service '\(service.name)' sets \(variable.key) to a URL of '\($0)' that" },
                        at: variable.location, service: variable.fromDefaults ? nil : service.name)
                }
            }
            for entry in deployment.envFile {
                scan(entry.value, describe: { "env file entry \(entry.key) is a URL of '\($0)' that" }, at: entry.location, service: nil)
            }
        }
    }
}
