import DeployModel

/// `isolation.network`: test and production share no network.
public struct IsolationNetworkRule: Rule {
    public static let id = "isolation.network"
    public var summary: String { "test and production share no network" }
    public var documentation: String {
        """
        The hand-written compose file put test containers on the production network, where compose \
        service discovery let a test service resolve (and write to) production's `influxdb` and \
        `data-api`. Network names are made per mode (`homeiq-network` and `homeiq-network-test`); \
        this rule fires when an explicit `name:` makes them equal. Fix: drop the explicit name, or \
        give each mode its own with `.mode(test:production:)`. Complexity: O(n) with a hash set over \
        the n networks of both modes.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let production = Dictionary(context.production.networks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for network in context.test.networks {
            guard let shared = production[network.name] else { continue }
            let keys = shared.key == network.key ? "'\(network.key)'" : "'\(network.key)' (test) and '\(shared.key)' (production)"
            diagnostics.error(
                Self.id, "network '\(network.name)' is used by both test and production (declared as \(keys))",
                at: network.location,
                help: "remove the explicit name so each mode gets its own, or use name: .mode(test: \"…-test\", production: \"…\")")
        }
    }
}
