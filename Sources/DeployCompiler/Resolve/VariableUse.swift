/// One `${NAME…}` reference of a mode's generated files, and who uses it.
public struct VariableUse: Sendable, Hashable {
    public var name: String
    /// `${NAME:?…}`: compose stops without it.
    public var isRequired: Bool
    /// The default of `${NAME:-default}`; nil for `${NAME}` and for a required one.
    public var fallback: String?
    /// A service's name, `volume KEY`, `network KEY`, or nil for an env file entry.
    public var user: String?
}

extension ResolvedDeployment {
    /// Every `${…}` reference this mode's compose file and env file make, in file order: the
    /// services' environment, build arguments and container names, then volume and network names,
    /// then the env file.
    public var variableUses: [VariableUse] {
        var uses: [VariableUse] = []
        func note(_ value: ResolvedValue, user: String?) {
            for part in value.parts {
                switch part {
                case .literal: continue
                case .secret(let name, _): uses.append(VariableUse(name: name, isRequired: true, fallback: nil, user: user))
                case .variable(let name, let fallback): uses.append(VariableUse(name: name, isRequired: false, fallback: fallback, user: user))
                }
            }
        }
        // Literal values (most) hold no use: skipped without copying them into `note`.
        for service in services {
            for variable in service.environment where variable.value.hasReferences { note(variable.value, user: service.name) }
            for argument in service.build?.value.arguments ?? [] where argument.value.hasReferences { note(argument.value, user: service.name) }
            if service.containerName.value.hasReferences { note(service.containerName.value, user: service.name) }
        }
        for volume in volumes where volume.nameValue.hasReferences { note(volume.nameValue, user: "volume \(volume.key)") }
        for network in networks where network.nameValue.hasReferences { note(network.nameValue, user: "network \(network.key)") }
        for entry in envFile where entry.value.hasReferences { note(entry.value, user: nil) }
        return uses
    }
}
