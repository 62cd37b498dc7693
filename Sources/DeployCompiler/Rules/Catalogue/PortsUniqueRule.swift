import DeployModel

/// `ports.unique`: no host port is published twice within a mode.
public struct PortsUniqueRule: Rule {
    public static let id = "ports.unique"
    public var summary: String { "no host port (with protocol and address) is published twice within a mode" }
    public var documentation: String {
        """
        Two containers cannot bind the same host port: the second fails with "port is already \
        allocated" and the deployment comes up half started. The hand-written HomeIQ file had such \
        host-port clashes between services. Within each mode, a binding is the host port, the \
        protocol (tcp/udp) and the host address; a binding on all addresses (no address, `0.0.0.0` \
        or `::`) clashes with any binding of the same port and protocol. The second declaration is \
        reported, naming the service that published the port first. Test and production never run \
        together on `nuc-8gb`; that the modes never share a port is proved separately by the \
        isolation rules. Fix: pick a free host port (the container port can stay). \
        Complexity: O(p) for p published ports, with hash maps per mode.
        """
    }
    public var isWaivable: Bool { false }

    private struct PortKey: Hashable {
        var port: Int
        var networkProtocol: PortSpec.NetworkProtocol
    }

    private struct AddressKey: Hashable {
        var port: PortKey
        var address: String
    }

    private struct Binding: Hashable {
        var service: String
        var location: SourceLocation
    }

    /// The declaration that publishes a port a second time, and the one that published it first.
    private struct Clash: Hashable {
        var second: Binding
        var first: Binding
    }

    /// Host addresses that mean "every interface".
    static let wildcardAddresses: Set<String> = ["", "0.0.0.0", "::", "[::]"]

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // A clash is a pair of declarations; the same pair usually clashes in both modes (on different
        // numbers, by the test port offset) and is then reported once, with both numbers.
        var order: [Clash] = []
        var ports: [Clash: [Mode: String]] = [:]
        for deployment in context.deployments {
            var onAllAddresses: [PortKey: Binding] = [:]
            var onSomeAddress: [PortKey: Binding] = [:]
            var onAddress: [AddressKey: Binding] = [:]
            for service in deployment.services {
                // A host port outside 1-65535 is ports.range's error; held at a bound, it would clash with any other there.
                for port in service.ports where PortsRangeRule.valid.contains(port.host) {
                    let key = PortKey(port: port.host, networkProtocol: port.networkProtocol)
                    let address = port.hostIP ?? ""
                    let isWildcard = Self.wildcardAddresses.contains(address)
                    let addressKey = AddressKey(port: key, address: address)
                    let first = isWildcard ? (onAllAddresses[key] ?? onSomeAddress[key]) : (onAllAddresses[key] ?? onAddress[addressKey])
                    let binding = Binding(service: service.name, location: port.location)
                    guard let first else {
                        if isWildcard {
                            onAllAddresses[key] = binding
                        } else {
                            onAddress[addressKey] = binding
                            if onSomeAddress[key] == nil { onSomeAddress[key] = binding }
                        }
                        continue
                    }
                    let clash = Clash(second: binding, first: first)
                    if ports[clash] == nil { order.append(clash) }
                    ports[clash, default: [:]][deployment.mode] = (isWildcard ? "" : "\(address):") + "\(port.host)/\(port.networkProtocol.rawValue)"
                }
            }
        }
        for clash in order {
            let byMode = ports[clash]!
            let modes = Modes(byMode.keys.map { Modes($0) })
            let distinct = Set(byMode.values)
            let shown =
                distinct.count == 1
                ? distinct.first!
                : modes.modes.map { "\(byMode[$0]!) in \($0)" }.joined(separator: ", ")
            let owner = clash.first.service == clash.second.service ? "by '\(clash.second.service)' itself" : "by '\(clash.first.service)'"
            diagnostics.add(
                Self.id, modes: modes,
                "service '\(clash.second.service)' publishes host port \(shown), already published \(owner) (\(clash.first.location.shortDescription))",
                at: clash.second.location, help: "choose a free host port; the container port may stay the same", service: clash.second.service)
        }
    }
}
