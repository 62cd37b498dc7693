import DeployModel

/// `swarm.ports`: on a cluster, published ports are unique across the swarm: the routing mesh ignores host addresses.
public struct SwarmPortsRule: Rule {
    public static let id = "swarm.ports"
    public var summary: String { "on a cluster, no published port has a host address, and none is published twice per mode" }
    public var documentation: String {
        """
        Swarm publishes a port through its routing mesh on every address of every node of the \
        swarm. A host address (`Port(8086, hostIP: "127.0.0.1")`) that keeps a port off the LAN with \
        compose is not honoured there: the port would silently become reachable from the whole \
        network. And two services that compose keeps apart by binding different addresses take the \
        same port of the one mesh. So on a cluster no port may carry a host address, and within a \
        mode (and across both modes, whose stacks share the mesh) a port and protocol are published \
        once; clashes that `ports.unique` and `isolation.port` already report (both on every address) \
        are not repeated. Fix: drop the host address and put the service behind a reverse proxy, or \
        keep it unpublished on the overlay network; pick another port for a clash. \
        Complexity: O(p) for p published ports, with hash maps.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    private struct Key: Hashable {
        var port: Int
        var networkProtocol: PortSpec.NetworkProtocol
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var firstInMode: [Mode: [Key: (service: String, port: ResolvedPort)]] = [:]
        for (deployment, _) in context.clusterDeployments {
            var first: [Key: (service: String, port: ResolvedPort)] = [:]
            for service in deployment.services {
                for port in service.ports {
                    if let address = port.declaredHostIP {
                        diagnostics.add(
                            Self.id, deployment.mode,
                            "service '\(service.name)' binds port \(port.host) to host address \(address), which the routing mesh does not honour: Swarm publishes it on every address of every node",
                            at: port.location, help: "drop hostIP (and keep the service unpublished or behind a proxy if it must stay off the LAN)",
                            service: service.name)
                    }
                    let key = Key(port: port.host, networkProtocol: port.networkProtocol)
                    if let earlier = first[key] {
                        // Both on every address: ports.unique reports it already.
                        if port.declaredHostIP != nil || earlier.port.declaredHostIP != nil {
                            diagnostics.add(
                                Self.id, deployment.mode,
                                "service '\(service.name)' publishes port \(port.host)/\(port.networkProtocol.rawValue) on the routing mesh, already published by '\(earlier.service)' (\(earlier.port.location.shortDescription)); host addresses do not separate them in a swarm",
                                at: port.location, help: "choose another host port", service: service.name)
                        }
                    } else {
                        first[key] = (service.name, port)
                    }
                }
            }
            firstInMode[deployment.mode] = first
        }
        // Both stacks share one routing mesh: a port of test and production clashes whatever the addresses.
        guard let test = firstInMode[.test], let production = firstInMode[.production] else { return }
        for key in test.keys.sorted(by: { ($0.port, $0.networkProtocol.rawValue) < ($1.port, $1.networkProtocol.rawValue) }) {
            guard let other = production[key], let mine = test[key], mine.port.declaredHostIP != nil || other.port.declaredHostIP != nil else {
                continue
            }
            diagnostics.error(
                Self.id,
                "port \(key.port)/\(key.networkProtocol.rawValue) is published by test '\(mine.service)' and production '\(other.service)' (\(other.port.location.shortDescription)) on the one routing mesh of the swarm",
                at: mine.port.location, help: "give test its own port", service: mine.service)
        }
    }
}
