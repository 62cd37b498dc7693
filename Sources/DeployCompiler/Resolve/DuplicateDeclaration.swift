import DeployModel

/// A single-valued declaration (`Image`, `Limits`, `Healthcheck`, …) written twice in one scope of
/// a service or `Defaults` block, where the second would silently replace the first.
///
/// The scopes are the body itself and, per mode, its `InTest { }` or `InProduction { }` blocks
/// (all blocks of one mode are one scope): a block overriding the body is not a duplicate.
public struct DuplicateDeclaration: Sendable, Hashable {
    /// The component, e.g. `Limits`.
    public var kind: String
    public var first: SourceLocation
    public var second: SourceLocation
    /// The service, or nil for a `Defaults` block.
    public var service: String?

    /// The duplicates among `elements` in the scopes that apply in `mode`.
    static func find(in elements: [ServiceElement], mode: Mode, service: String?) -> [DuplicateDeclaration] {
        var found: [DuplicateDeclaration] = []
        var body: [String: SourceLocation] = [:]
        var block: [String: SourceLocation] = [:]
        func walk(_ elements: [ServiceElement], inBlock: Bool) {
            for element in elements {
                if case .scoped(let scope, let inner) = element.declaration {
                    if scope == mode { walk(inner, inBlock: true) }
                    continue
                }
                guard let kind = singleValuedKind(element.declaration) else { continue }
                if let first = inBlock ? block[kind] : body[kind] {
                    found.append(DuplicateDeclaration(kind: kind, first: first, second: element.location, service: service))
                } else if inBlock {
                    block[kind] = element.location
                } else {
                    body[kind] = element.location
                }
            }
        }
        walk(elements, inBlock: false)
        return found
    }

    /// The component name of a declaration that holds one value per service, nil for those that
    /// accumulate (ports, environment, mounts, …). Exhaustive: a new declaration must choose.
    static func singleValuedKind(_ declaration: ServiceDeclaration) -> String? {
        switch declaration {
        case .image: "Image"
        case .build: "Build"
        case .healthcheck: "Healthcheck"
        case .healthcheckTimings: "HealthcheckTimings"
        case .restart: "Restart"
        case .logging: "Logging"
        case .limits: "Limits"
        case .reservations: "Reservations"
        case .command: "Command"
        case .entrypoint: "Entrypoint"
        case .user: "User"
        case .containerName: "ContainerName"
        case .stopGracePeriod: "StopGracePeriod"
        case .runsIn: "RunsIn"
        case .egress: "Egress"
        case .placement: "Placement"
        case .replicas: "Replicas"
        case .option(let option): singleValuedKind(option)
        case .port, .environment, .envFile, .mount, .network, .dependsOn, .profile, .label, .extraHost,
            .featureFlag, .waiver, .scoped, .secretFromEnvironment:
            nil
        }
    }

    /// The component name of a container option that holds one value, nil for list options.
    static func singleValuedKind(_ option: ContainerOption) -> String? {
        switch option {
        case .readOnly: "ReadOnlyRootFilesystem"
        case .sharedMemory: "SharedMemory"
        case .initProcess: "InitProcess"
        case .stopSignal: "StopSignal"
        case .pullPolicy: "Pull"
        case .platform: "Platform"
        case .privileged: "Privileged"
        case .networkMode: "NetworkMode"
        case .pid: "PIDNamespace"
        case .tmpfs, .securityOption, .capabilityAdded, .capabilityDropped, .group, .device, .ulimit, .sysctl, .expose: nil
        }
    }
}
