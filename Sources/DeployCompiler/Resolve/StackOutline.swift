import DeployModel

/// The stack's declarations sorted by kind, with the modes each applies to: the first step of resolution.
struct StackOutline: Sendable {
    struct ScopedService: Sendable {
        var definition: ServiceDefinition
        /// Modes of the enclosing `TestOnly`/`ProductionOnly` blocks (`.both` at top level).
        var scope: Modes
        var scopeLocation: SourceLocation?

        /// The modes the service runs in, and where that was decided.
        var modes: Located<Modes> {
            var modes = definition.role.defaultModes
            var location = definition.location
            for element in definition.elements {
                if case .runsIn(let explicit) = element.declaration {
                    modes = explicit
                    location = element.location
                }
            }
            if scope != .both {
                modes = modes.intersection(scope)
                location = scopeLocation ?? location
            }
            return Located(modes, at: location)
        }
    }

    struct Scoped<T: Sendable & Hashable>: Sendable {
        var value: T
        var scope: Modes
        var location: SourceLocation
    }

    var services: [ScopedService] = []
    var networks: [Scoped<NetworkSpec>] = []
    var volumes: [Scoped<VolumeSpec>] = []
    var defaults: [Scoped<[ServiceElement]>] = []
    var influxDB: [Scoped<InfluxDBSetup>] = []
    var sqlite: [Scoped<SQLiteSetup>] = []
    var homeAssistant: [Scoped<HomeAssistantSetup>] = []
    var hardware: [Scoped<HardwareProfile>] = []
    var waivers: [Scoped<Waiver>] = []
    var envFileEntries: [Scoped<EnvFileEntrySpec>] = []
    var testPortOffsets: [Scoped<Int>] = []
    var clusters: [Scoped<ClusterSpec>] = []
    var egressGuards: [Scoped<EgressGuardSpec>] = []
    /// Builder blocks holding more services than type-check quickly: their service names, at the first one.
    var largeBuilderBlocks: [Located<[String]>] = []

    /// An extra env-file entry as declared: key and unresolved value.
    struct EnvFileEntrySpec: Sendable, Hashable {
        var key: String
        var value: Value
    }

    init(_ stack: Stack) {
        collect(stack.elements, scope: .both, scopeLocation: nil)
    }

    private mutating func collect(_ elements: [StackElement], scope: Modes, scopeLocation: SourceLocation?) {
        for element in elements {
            let location = element.location
            switch element.declaration {
            case .service(let definition):
                services.append(ScopedService(definition: definition, scope: scope, scopeLocation: scopeLocation))
            case .network(let spec): networks.append(Scoped(value: spec, scope: scope, location: location))
            case .volume(let spec): volumes.append(Scoped(value: spec, scope: scope, location: location))
            case .defaults(let elements): defaults.append(Scoped(value: elements, scope: scope, location: location))
            case .influxDB(let setup): influxDB.append(Scoped(value: setup, scope: scope, location: location))
            case .sqlite(let setup): sqlite.append(Scoped(value: setup, scope: scope, location: location))
            case .homeAssistant(let setup): homeAssistant.append(Scoped(value: setup, scope: scope, location: location))
            case .hardware(let profile): hardware.append(Scoped(value: profile, scope: scope, location: location))
            case .waiver(let waiver): waivers.append(Scoped(value: waiver, scope: scope, location: location))
            case .envFileEntry(let key, let value):
                envFileEntries.append(Scoped(value: EnvFileEntrySpec(key: key, value: value), scope: scope, location: location))
            case .testPortOffset(let offset): testPortOffsets.append(Scoped(value: offset, scope: scope, location: location))
            case .cluster(let spec): clusters.append(Scoped(value: spec, scope: scope, location: location))
            case .egressGuard(let spec):
                egressGuards.append(Scoped(value: spec, scope: scope, location: location))
                services.append(ScopedService(definition: spec.guardDefinition, scope: scope, scopeLocation: scopeLocation))
            case .largeBuilderBlock(let names): largeBuilderBlocks.append(Located(names, at: location))
            case .scoped(let modes, let inner):
                collect(inner, scope: scope.intersection(modes), scopeLocation: location)
            }
        }
    }
}

extension EgressGuardSpec {
    /// The guard service as resolved: its body, then what the compiler adds (the host's network,
    /// `NET_ADMIN`, the bridge to close), all at the `EgressGuard` line.
    var guardDefinition: ServiceDefinition {
        let at = service.location
        var definition = service
        definition.elements += [
            ServiceElement(.option(.networkMode("host")), at: at),
            ServiceElement(.option(.capabilityAdded("NET_ADMIN")), at: at),
            ServiceElement(.environment(key: Self.bridgeVariable, value: .literal(bridge)), at: at),
        ]
        return definition
    }
}

extension Array {
    /// The last element whose scope includes `mode`.
    func last<T>(in mode: Mode) -> StackOutline.Scoped<T>? where Element == StackOutline.Scoped<T> {
        last { $0.scope.contains(mode) }
    }
    /// The elements whose scope includes `mode`.
    func all<T>(in mode: Mode) -> [StackOutline.Scoped<T>] where Element == StackOutline.Scoped<T> {
        filter { $0.scope.contains(mode) }
    }
}
