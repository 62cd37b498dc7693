import DeployModel

/// `isolation.lan-port`: no port faces the LAN on a hardware profile where both modes may run side by side.
public struct IsolationLANPortRule: Rule {
    public static let id = "isolation.lan-port"
    public var summary: String { "a port published on a non-loopback address (LAN-facing) only where the modes never run side by side" }
    public var documentation: String {
        """
        Every published port is bound to `127.0.0.1` unless its `Port` names an address. A port bound \
        to any other address (`0.0.0.0`, `::`, the NUC's LAN address) answers on the LAN, and also on \
        the gateway of every Docker network of the machine: a container of the other mode reaches it \
        there (the engine suite showed test containers reaching production's InfluxDB that way). On \
        `nuc-8gb` the modes never run together (`deploy.sh` stops the other one), so a LAN-facing port \
        (the production dashboard, say) is reachable only from the LAN; on a profile that allows both \
        modes side by side (`nuc-16gb`) it would open a path from one mode into the other, so it is \
        refused at the `Port`. Fix: drop `hostIP:` (loopback) and reach the port from a laptop through \
        an SSH tunnel (`ssh -L 3000:127.0.0.1:3000 nuc`), or name a loopback address. \
        Complexity: O(p) for the p published ports of both modes.
        """
    }

    /// Whether `address` is a loopback address (`127.0.0.0/8`, `::1`).
    public static func isLoopback(_ address: String) -> Bool {
        let bare = address.hasPrefix("[") && address.hasSuffix("]") ? String(address.dropFirst().dropLast()) : address
        if bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let hardware = deployment.hardware.value
            guard hardware.allowsSideBySide else { continue }
            for service in deployment.services {
                for port in service.ports {
                    let address = port.hostIP ?? "0.0.0.0"
                    guard !Self.isLoopback(address) else { continue }
                    let shown = address.isEmpty ? "every address" : address
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' publishes host port \(port.host) on \(shown) (LAN-facing): on \(hardware.id) test and production may run side by side, and the other mode's containers reach this port through their network gateway",
                        at: port.location,
                        help:
                            "drop hostIP: (the port is then bound to 127.0.0.1) and reach it from the LAN through an SSH tunnel, or deploy on a profile where the modes never run together (nuc-8gb)",
                        service: service.name)
                }
            }
        }
    }
}
