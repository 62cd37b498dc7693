import DeployModel

/// `health.probe-port`: an HTTP health check probes a port of its own service.
public struct HealthProbePortRule: Rule {
    public static let id = "health.probe-port"
    public var summary: String { "an HTTP health check probes one of its own service's container ports" }
    public var documentation: String {
        """
        A health check runs inside the service's own container, so `http://localhost:PORT` must be a \
        port that service listens on. In a real stack translated by hand, a service's health check \
        probed another service's port: it never became healthy, or worse, a copy of a check that \
        happened to answer made a broken service look healthy. Every `http`, `https`, `ws` or `wss` \
        URL in a health check whose host is `localhost`, `127.0.0.1`, `[::1]` or `0.0.0.0` must use \
        one of the service's container ports (its `Port`s' container side and its `Expose` ports); \
        no port means the scheme's default (80 or 443). Fix: probe the container port \
        (`Healthcheck.http(port:)` takes the container port, not the host port), or declare the \
        port with `Expose(…)`. Complexity: O(s·a) for s services and a health check arguments.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // Services repeat their probe (`http://localhost:8000/health`): each text is scanned once.
        var memo = URLScanner.Memo()
        for deployment in context.deployments {
            for service in deployment.services {
                guard let check = service.healthcheck, !check.value.disabled else { continue }
                for argument in check.value.test {
                    for url in memo.urls(in: argument) where URLScanner.defaultPorts[url.scheme] != nil {
                        guard Self.loopbackHosts.contains(url.host.lowercased()), let port = url.port,
                            !service.listens(on: port)
                        else { continue }
                        diagnostics.add(
                            Self.id, deployment.mode,
                            "service '\(service.name)' health check probes port \(port), but the service listens on \(service.listeningPortsText)",
                            at: check.location,
                            help:
                                "probe a container port of '\(service.name)' (Healthcheck.http(port:) takes the container port), or Expose(\(port))",
                            service: service.name)
                    }
                }
            }
        }
    }
}
