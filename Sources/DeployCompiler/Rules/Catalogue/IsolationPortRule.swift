import DeployModel

/// `isolation.port`: test and production publish no host port in common.
public struct IsolationPortRule: Rule {
    public static let id = "isolation.port"
    public var summary: String { "test and production share no host port (test HA 8124, test ingestion 8002)" }
    public var documentation: String {
        """
        A host port taken by both modes makes the second deployment fail to start on a 16 GB NUC \
        (both side by side), and on any machine lets a test client that dials `localhost:8001` talk \
        to production ingestion. The plan gives test its own ports: the test Home Assistant on 8124, \
        test ingestion on 8002, and the option-B InfluxDB on 8087. A service that runs in both modes \
        and gives one host port publishes it in production and that port plus the stack's \
        `TestPortOffset` (default 10000) in test; this rule fires when an explicit \
        `Port(test:production:container:)` gives both modes the same port, or when a test-only \
        service publishes a port a production service uses. Two bindings to different specific host \
        addresses do not clash (`0.0.0.0` and `::` mean every address). Fix: pick another test port (`Port(test: 8002, production: 8001, \
        container: 8001)`), or let the offset choose it. Complexity: O(p) with a hash map over the p \
        published ports of both modes.
        """
    }

    private struct Key: Hashable {
        var port: Int
        var networkProtocol: PortSpec.NetworkProtocol
    }

    /// Whether two host addresses can take the same port: equal, or either one all addresses (none, `0.0.0.0`, `::`).
    static func overlaps(_ lhs: String?, _ rhs: String?) -> Bool {
        func isWildcard(_ address: String?) -> Bool { address.map { ["", "0.0.0.0", "::", "[::]"].contains($0) } ?? true }
        return isWildcard(lhs) || isWildcard(rhs) || lhs == rhs
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // A host port outside 1-65535 is ports.range's error; held at a bound, it would clash with any other there.
        var production: [Key: [(port: ResolvedPort, service: String)]] = [:]
        for service in context.production.services {
            for port in service.ports where PortsRangeRule.valid.contains(port.host) {
                production[Key(port: port.host, networkProtocol: port.networkProtocol), default: []].append((port, service.name))
            }
        }
        for service in context.test.services {
            for port in service.ports where PortsRangeRule.valid.contains(port.host) {
                let candidates = production[Key(port: port.host, networkProtocol: port.networkProtocol)] ?? []
                // Bound to two different specific addresses, the same port number does not clash.
                guard let clash = candidates.first(where: { Self.overlaps($0.port.hostIP, port.hostIP) }) else { continue }
                let owners =
                    clash.service == service.name
                    ? "service '\(service.name)' publishes it in both modes"
                    : "test service '\(service.name)' and production service '\(clash.service)' both publish it"
                diagnostics.error(
                    Self.id, "host port \(port.host)/\(port.networkProtocol.rawValue) is used by test and production: \(owners)",
                    at: port.location,
                    help:
                        "give test its own host port, e.g. Port(test: \(port.host.saturatingAdd(context.test.testPortOffset)), production: \(clash.port.host), container: \(port.container)), or drop the explicit test port so the offset applies",
                    service: service.name)
            }
        }
    }
}
