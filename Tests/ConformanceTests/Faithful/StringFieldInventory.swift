import DeployModel

/// Every place of the DSL's declarations that holds text, found by reflection rather than listed by
/// hand, so that a new string field fails `DifferentialTests` until `StringFields` places hostile
/// values in it.
///
/// Two things make the walk complete. Each enum of the declarations has a `Kind` with an exhaustive
/// `switch` (a new case does not compile until it is classified) and a sample for every kind
/// (`CaseIterable`, checked). The `Mirror` walk over the samples sees every stored property, also a
/// new one with a default: a `String`, `String?`, `[String]`, `[String: String]` or `Value` is text;
/// a `nil` optional or an empty collection of anything else is an incomplete sample (an error).
enum StringFieldInventory {
    /// A text-bearing place, e.g. `build.arguments{key}` or `option.tmpfs.target`.
    typealias Path = String

    /// The text-bearing paths of every sample, and the samples that hid part of themselves.
    static func walk() -> (paths: Set<Path>, incomplete: [String]) {
        var walker = Walker()
        for kind in ServiceKind.allCases { walker.walk(ServiceKind.sample(kind), path: "") }
        for kind in StackKind.allCases { walker.walk(StackKind.sample(kind), path: "stack") }
        for kind in ValueKind.allCases { walker.walk(ValueKind.sample(kind), path: "value", root: true) }
        return (walker.paths, walker.incomplete)
    }

    /// Types walked as text: they reach a generated file.
    static func isText(_ type: Any.Type) -> Bool {
        type == String.self || type == String?.self || type == [String].self || type == [String: String].self
    }

    struct Walker {
        var paths: Set<Path> = []
        var incomplete: [String] = []

        mutating func walk(_ subject: Any, path: Path, root: Bool = false) {
            if subject is String {
                paths.insert(path)
                return
            }
            // A `Value` is text in any of its forms; `ValueKind` walks the forms once.
            if subject is Value && !root {
                paths.insert(path + "(Value)")
                return
            }
            // Where a declaration was written: diagnostics only, never a generated file.
            if subject is SourceLocation { return }
            // Declarations nested in `Defaults`, `InTest`, … are service declarations, walked as such.
            if subject is ServiceElement || subject is [ServiceElement] || subject is StackElement || subject is [StackElement] { return }
            let mirror = Mirror(reflecting: subject)
            switch mirror.displayStyle {
            case .optional:
                if let child = mirror.children.first {
                    walk(child.value, path: path)
                } else if Self.holdsText(type(of: subject)) {
                    paths.insert(path)
                } else {
                    incomplete.append("\(path): nil \(type(of: subject)) in the sample")
                }
            case .collection, .set:
                if mirror.children.isEmpty {
                    if Self.holdsText(type(of: subject)) {
                        paths.insert(path + "[]")
                    } else {
                        incomplete.append("\(path): empty \(type(of: subject)) in the sample")
                    }
                }
                for child in mirror.children { walk(child.value, path: path + "[]") }
            case .dictionary:
                if mirror.children.isEmpty { incomplete.append("\(path): empty \(type(of: subject)) in the sample") }
                for child in mirror.children {
                    let pair = Array(Mirror(reflecting: child.value).children)
                    walk(pair[0].value, path: path + "{key}")
                    walk(pair[1].value, path: path + "{value}")
                }
            case .enum, .struct, .class, .tuple:
                for (offset, child) in mirror.children.enumerated() {
                    let label = child.label.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? "\(offset)"
                    walk(child.value, path: path.isEmpty ? label : path + "." + label)
                }
            default:
                return
            }
        }

        static func holdsText(_ type: Any.Type) -> Bool {
            isText(type) || type == Value?.self || type == [Value].self || type == [String: Value].self
        }
    }
}

/// Every `ServiceDeclaration` (and nested enum) case, with a sample whose every optional is set.
enum ServiceKind: CaseIterable {
    case image, build, port, environment, envFile, mountVolume, mountBind, mountDatabase, network, dependsOn, healthcheck
    case healthcheckTimings, restart, logging, limits, reservations, profile, label, extraHost, command, entrypoint, user
    case containerName, featureFlag, waiver, runsIn, stopGracePeriod, placementNode, placementLabel, placementSpread, replicas
    case secretFromEnvironment, tmpfs, readOnly, securityOption, capabilityAdded, capabilityDropped, group, device
    case sharedMemory, ulimit, sysctl, initProcess, stopSignal, pullPolicy, platform, privileged, networkMode, pid, expose, scoped
    case egress

    /// The kind of `declaration`: exhaustive, so a new case must be classified here.
    static func of(_ declaration: ServiceDeclaration) -> ServiceKind {
        switch declaration {
        case .image: .image
        case .build: .build
        case .port: .port
        case .environment: .environment
        case .envFile: .envFile
        case .mount(let mount):
            switch mount.source {
            case .volume: .mountVolume
            case .bind: .mountBind
            case .databaseDirectory: .mountDatabase
            }
        case .network: .network
        case .dependsOn: .dependsOn
        case .healthcheck: .healthcheck
        case .healthcheckTimings: .healthcheckTimings
        case .restart: .restart
        case .logging: .logging
        case .limits: .limits
        case .reservations: .reservations
        case .profile: .profile
        case .label: .label
        case .extraHost: .extraHost
        case .command: .command
        case .entrypoint: .entrypoint
        case .user: .user
        case .containerName: .containerName
        case .featureFlag: .featureFlag
        case .waiver: .waiver
        case .runsIn: .runsIn
        case .stopGracePeriod: .stopGracePeriod
        case .placement(let selectors):
            switch selectors.first {
            case .node: .placementNode
            case .label: .placementLabel
            case .spread, nil: .placementSpread
            }
        case .replicas: .replicas
        case .secretFromEnvironment: .secretFromEnvironment
        case .option(let option):
            switch option {
            case .tmpfs: .tmpfs
            case .readOnly: .readOnly
            case .securityOption: .securityOption
            case .capabilityAdded: .capabilityAdded
            case .capabilityDropped: .capabilityDropped
            case .group: .group
            case .device: .device
            case .sharedMemory: .sharedMemory
            case .ulimit: .ulimit
            case .sysctl: .sysctl
            case .initProcess: .initProcess
            case .stopSignal: .stopSignal
            case .pullPolicy: .pullPolicy
            case .platform: .platform
            case .privileged: .privileged
            case .networkMode: .networkMode
            case .pid: .pid
            case .expose: .expose
            }
        case .scoped: .scoped
        case .egress: .egress
        }
    }

    /// A declaration of `kind` with every optional set and every collection non-empty.
    static func sample(_ kind: ServiceKind) -> ServiceDeclaration {
        switch kind {
        case .image: .image("i")
        case .build: .build(BuildSpec(context: "c", dockerfile: "d", arguments: ["k": "v"], target: "t"))
        case .port: .port(PortSpec(testHost: 1, productionHost: 2, container: 3, networkProtocol: .tcp, hostIP: "127.0.0.1"))
        case .environment: .environment(key: "k", value: "v")
        case .envFile: .envFile("f")
        case .mountVolume: .mount(MountSpec(source: .volume("v"), target: "/t"))
        case .mountBind: .mount(MountSpec(source: .bind(test: "a", production: "b"), target: "/t"))
        case .mountDatabase: .mount(MountSpec(source: .databaseDirectory, target: "/t"))
        case .network: .network("n")
        case .dependsOn: .dependsOn(service: "s", condition: .started)
        case .healthcheck: .healthcheck(HealthcheckSpec(test: ["CMD"], interval: 1, timeout: 1, retries: 1, startPeriod: 1))
        case .healthcheckTimings: .healthcheckTimings(HealthcheckTimingsSpec(interval: 1, timeout: 1, retries: 1, startPeriod: 1))
        case .restart: .restart(.always)
        case .logging: .logging(LoggingSpec(driver: "d", options: ["k": "v"]))
        case .limits: .limits(ResourceSpec(memory: .mib(1), cpus: 1))
        case .reservations: .reservations(ResourceSpec(memory: .mib(1), cpus: 1))
        case .profile: .profile("p")
        case .label: .label(key: "k", value: "v")
        case .extraHost: .extraHost(host: "h", address: "a")
        case .command: .command(["c"])
        case .entrypoint: .entrypoint(["e"])
        case .user: .user("u")
        case .containerName: .containerName("c")
        case .featureFlag: .featureFlag("f")
        case .waiver: .waiver(Waiver(rule: "r", reason: "r", location: SourceLocation(file: "f", line: 1, column: 1)))
        case .runsIn: .runsIn(.both)
        case .stopGracePeriod: .stopGracePeriod(1)
        case .placementNode: .placement([.node("n")])
        case .placementLabel: .placement([.label("k", "v")])
        case .placementSpread: .placement([.spread])
        case .replicas: .replicas(1)
        case .secretFromEnvironment: .secretFromEnvironment("s")
        case .tmpfs: .option(.tmpfs(TmpfsSpec(target: "/t", size: .mib(1))))
        case .readOnly: .option(.readOnly(true))
        case .securityOption: .option(.securityOption("s"))
        case .capabilityAdded: .option(.capabilityAdded("c"))
        case .capabilityDropped: .option(.capabilityDropped("c"))
        case .group: .option(.group("g"))
        case .device: .option(.device(DeviceSpec(host: "/h", container: "/c", permissions: "r")))
        case .sharedMemory: .option(.sharedMemory(.mib(1)))
        case .ulimit: .option(.ulimit(UlimitSpec(name: "n", soft: 1, hard: 1)))
        case .sysctl: .option(.sysctl(key: "k", value: "v"))
        case .initProcess: .option(.initProcess(true))
        case .stopSignal: .option(.stopSignal("s"))
        case .pullPolicy: .option(.pullPolicy(.always))
        case .platform: .option(.platform("p"))
        case .privileged: .option(.privileged(true))
        case .networkMode: .option(.networkMode("n"))
        case .pid: .option(.pid("p"))
        case .expose: .option(.expose(1))
        case .scoped: .scoped(.test, [])
        case .egress: .egress(reason: "r")
        }
    }
}

/// Every `StackDeclaration` case, with a sample whose every optional is set.
enum StackKind: CaseIterable {
    case service, network, volume, defaults, influxDB, sqlite, homeAssistant, hardware, waiver, envFileEntry, testPortOffset, cluster
    case scoped, largeBuilderBlock, egressGuard

    static func of(_ declaration: StackDeclaration) -> StackKind {
        switch declaration {
        case .service: .service
        case .network: .network
        case .volume: .volume
        case .defaults: .defaults
        case .influxDB: .influxDB
        case .sqlite: .sqlite
        case .homeAssistant: .homeAssistant
        case .hardware: .hardware
        case .waiver: .waiver
        case .envFileEntry: .envFileEntry
        case .testPortOffset: .testPortOffset
        case .cluster: .cluster
        case .scoped: .scoped
        case .largeBuilderBlock: .largeBuilderBlock
        case .egressGuard: .egressGuard
        }
    }

    static func sample(_ kind: StackKind) -> StackDeclaration {
        let location = SourceLocation(file: "f", line: 1, column: 1)
        let tenant = InfluxTenant(org: "o", bucket: "b", token: "t", retention: .days(1))
        let endpoint = HomeAssistantEndpoint(url: "u", webSocketURL: "w", token: "t")
        return switch kind {
        case .service: .service(ServiceDefinition(name: "s", role: .core, elements: [], location: location))
        case .network:
            .network(
                NetworkSpec(
                    key: "k", name: "n", driver: "d", driverOptions: ["k": "v"],
                    ipam: IPAM(driver: "d", pools: [IPAMPool(subnet: "s", gateway: "g", ipRange: "r")])))
        case .volume: .volume(VolumeSpec(key: "k", name: "n", driver: "d", driverOptions: ["k": "v"]))
        case .defaults: .defaults([])
        case .influxDB:
            .influxDB(
                InfluxDBSetup(
                    option: .sharedInstance, service: "s", testService: "t", containerPort: 1, testInstancePort: 2, test: tenant,
                    production: tenant))
        case .sqlite:
            .sqlite(
                SQLiteSetup(
                    databaseFile: "f", workingDirectory: "w", test: SQLiteLocation(hostDirectory: "h", containerDirectory: "c"),
                    production: SQLiteLocation(hostDirectory: "h", containerDirectory: "c")))
        case .homeAssistant: .homeAssistant(HomeAssistantSetup(test: endpoint, production: endpoint))
        case .hardware: .hardware(.nuc8gb)
        case .waiver: .waiver(Waiver(rule: "r", reason: "r", location: location))
        case .envFileEntry: .envFileEntry(key: "k", value: "v")
        case .testPortOffset: .testPortOffset(1)
        case .cluster:
            .cluster(
                ClusterSpec(
                    nodes: [NodeSpec(name: "n", hardware: .nuc8gb, labels: ["k": "v"], location: location)],
                    placements: [
                        GroupPlacement(selection: .services(["s"]), selectors: [.node("n")], location: location),
                        GroupPlacement(selection: .role(.core), selectors: [.label("k", "v")], location: location),
                    ]))
        case .scoped: .scoped(.both, [])
        case .largeBuilderBlock: .largeBuilderBlock(services: ["s"])
        case .egressGuard:
            .egressGuard(
                EgressGuardSpec(
                    service: ServiceDefinition(name: "g", role: .testFixture, elements: [], location: location), network: "n",
                    bridge: "b", exitNetwork: "e"))
        }
    }
}

/// Every form of `Value`: each holds text of its own (names, messages, defaults, URL parts).
enum ValueKind: CaseIterable {
    case literal, perMode, secret, variable, derived, serviceURL, joined

    static func of(_ value: Value) -> ValueKind {
        switch value {
        case .literal: .literal
        case .perMode: .perMode
        case .secret: .secret
        case .variable: .variable
        case .derived: .derived
        case .serviceURL: .serviceURL
        case .joined: .joined
        }
    }

    /// A sample of `kind`; the values nested in it are walked as `Value` (their forms are these).
    static func sample(_ kind: ValueKind) -> Value {
        switch kind {
        case .literal: .literal("l")
        case .perMode: .perMode(test: "t", production: "p")
        case .secret: .secret("s", message: "m")
        case .variable: .variable("v", default: "d")
        case .derived: .derived(.deploymentMode)
        case .serviceURL: .serviceURL(service: "s", port: 1, scheme: "h", path: "p")
        case .joined: .joined(["j"])
        }
    }
}
