import DeployModel

/// `swarm.isolation`: on a cluster, the modes are separate stacks with their own overlay networks, volumes and secrets.
public struct SwarmIsolationRule: Rule {
    public static let id = "swarm.isolation"
    public var summary: String { "on a cluster, test and production are separate stacks sharing no overlay network, volume or secret" }
    public var documentation: String {
        """
        In a swarm the two modes are two stacks (`homeiq`, `homeiq-test`) deployed on the same \
        machines. Swarm scopes service names by stack, but not networks, volumes or secrets with an \
        explicit name: a test stack attached to production's overlay network could call production \
        services by name, a shared volume mixes data, and a shared secret lets a test rotation break \
        production. The stack names must differ, and the overlay networks, named volumes and Swarm \
        secrets of the stack files (secrets are named `<stack>_<NAME>_<version>`) must not be shared. \
        Fix: drop explicit `name:`s, or give each mode its own with `.mode(test:production:)`. \
        Complexity: O(r) with hash sets over the r resources of both modes.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        guard context.test.cluster != nil, context.production.cluster != nil else { return }
        let test = context.test
        let production = context.production
        if test.projectName == production.projectName {
            diagnostics.error(
                Self.id, "test and production are both the stack '\(test.projectName)': deploying one replaces the other",
                at: test.stackLocation, help: "keep the stack names derived (\(production.projectName), \(production.projectName)-test)")
        }
        let productionNetworks = Set(production.networks.map(\.name))
        for network in test.networks where productionNetworks.contains(network.name) {
            diagnostics.error(
                Self.id, "overlay network '\(network.name)' belongs to both stacks: test services could reach production ones by name",
                at: network.location, help: "drop the explicit name so each stack gets its own network")
        }
        let productionVolumes = Set(production.volumes.map(\.name))
        for volume in test.volumes where productionVolumes.contains(volume.name) {
            diagnostics.error(
                Self.id, "volume '\(volume.name)' belongs to both stacks", at: volume.location,
                help: "drop the explicit name so each stack gets its own volume")
        }
        let productionSecrets = Set(SwarmNames.secrets(production).map { SwarmNames.secretPrefix(stack: production.projectName, secret: $0.value) })
        for secret in SwarmNames.secrets(test) {
            let prefix = SwarmNames.secretPrefix(stack: test.projectName, secret: secret.value)
            guard productionSecrets.contains(prefix) else { continue }
            diagnostics.error(
                Self.id, "Swarm secret '\(prefix)…' belongs to both stacks", at: secret.location,
                help: "keep the stack names derived so secret names differ")
        }
    }
}
