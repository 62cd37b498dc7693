import DeployModel

/// `references.undeclared`: services attach only to networks and mount only named volumes the stack declares in that mode.
public struct ReferencesUndeclaredRule: Rule {
    public static let id = "references.undeclared"
    public var summary: String { "services use only networks and named volumes the stack declares in that mode, and every service is on a network" }
    public var documentation: String {
        """
        Compose rejects a service that joins an undefined network or mounts an undefined named \
        volume. Worse is the silent case: a service that names no network lands on compose's \
        `default` network, outside the per-mode `homeiq-network` / `homeiq-network-test` isolation \
        (the hand-written HomeIQ file had test containers on the production network). The rule \
        checks, per mode, every `OnNetwork` and every `Mount(volume:)` against the `Network` and \
        `Volume` declarations of that mode (saying so when the declaration exists only in the other \
        mode), and that every service is on at least one network. \
        Fix: declare the network or volume (outside `TestOnly`/`ProductionOnly` when both modes use \
        it), correct the key, or add `OnNetwork(…)` to the service or to `Defaults`. \
        Complexity: O(s + n + v + m) with hash sets of each mode's network and volume keys.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let networks = [
            context.test.mode: Set(context.test.networks.map(\.key)),
            context.production.mode: Set(context.production.networks.map(\.key)),
        ]
        let volumes = [
            context.test.mode: Set(context.test.volumes.map(\.key)),
            context.production.mode: Set(context.production.volumes.map(\.key)),
        ]
        for deployment in context.deployments {
            let mode = deployment.mode
            func absence(_ key: String, in declared: [Mode: Set<String>]) -> String {
                declared[mode.other]?.contains(key) == true ? "which is declared only in \(mode.other)" : "which the stack does not declare"
            }
            for service in deployment.services {
                // A network_mode (host, none, service:…) puts it in another namespace, not on compose's default network.
                if service.networks.isEmpty && service.options.networkMode == nil {
                    diagnostics.add(
                        Self.id, mode,
                        "service '\(service.name)' is on no network: compose would put it on its default network, outside the mode's isolation",
                        at: service.location, help: "add OnNetwork(\"…\") to the service or to Defaults", service: service.name)
                }
                for network in service.networks where networks[mode]?.contains(network.value) != true {
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' attaches to network '\(network.value)', \(absence(network.value, in: networks))",
                        at: network.location, help: "declare Network(\"\(network.value)\") for this mode, or correct the key", service: service.name)
                }
                for mount in service.mounts {
                    guard case .volume(let key) = mount.source, volumes[mode]?.contains(key) != true else { continue }
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' mounts volume '\(key)', \(absence(key, in: volumes))",
                        at: mount.location, help: "declare Volume(\"\(key)\") for this mode, or correct the key", service: service.name)
                }
            }
        }
    }
}
