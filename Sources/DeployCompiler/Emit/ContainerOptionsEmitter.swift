import DeployModel
import DeployRender

/// The compose keys of a service's container options (`tmpfs`, `read_only`, `cap_drop`, …).
enum ContainerOptionsEmitter {
    /// One entry per option that is set; the caller orders them with the service's other keys.
    static func entries(_ options: ResolvedContainerOptions) -> [ComposeNode.Entry] {
        var entries: [ComposeNode.Entry] = []
        func add(_ key: String, _ node: ComposeNode?) { if let node { entries.append(.init(key, node)) } }
        func list(_ values: [Located<String>]) -> ComposeNode? {
            values.isEmpty ? nil : .sequence(unique(values.map(\.value)).map { .string($0) })
        }
        func flag(_ value: Located<Bool>?) -> ComposeNode? { value.map { .boolean($0.value) } }

        add("cap_add", list(options.capabilitiesAdded))
        add("cap_drop", list(options.capabilitiesDropped))
        add("devices", options.devices.isEmpty ? nil : .sequence(options.devices.map { .string(device($0.value)) }))
        add(
            "expose",
            options.exposed.isEmpty
                ? nil
                : .sequence(Array(Set(options.exposed.map(\.value))).sorted().map { .string(String($0)) }))
        add("group_add", list(options.groups))
        add("init", flag(options.initProcess))
        add("network_mode", options.networkMode.map { .string($0.value) })
        add("pid", options.pid.map { .string($0.value) })
        add("platform", options.platform.map { .string($0.value) })
        add("privileged", flag(options.privileged))
        add("pull_policy", options.pullPolicy.map { .string($0.value.rawValue) })
        add("read_only", flag(options.readOnly))
        add("security_opt", list(options.securityOptions))
        add("shm_size", options.sharedMemory.map { .string($0.value.composeValue) })
        add("stop_signal", options.stopSignal.map { .string($0.value) })
        if !options.sysctls.isEmpty {
            var byKey: [String: String] = [:]
            for sysctl in options.sysctls { byKey[sysctl.value.key] = sysctl.value.value }
            add("sysctls", sortedMapping(byKey))
        }
        add("tmpfs", options.tmpfs.isEmpty ? nil : .sequence(options.tmpfs.map { .string(tmpfs($0.value)) }))
        if !options.ulimits.isEmpty {
            var byName: [String: UlimitSpec] = [:]
            for ulimit in options.ulimits { byName[ulimit.value.name] = ulimit.value }
            add(
                "ulimits",
                .mapping(
                    byName.keys.sorted().map { name in
                        let limit = byName[name]!
                        return .init(
                            name,
                            limit.soft == limit.hard
                                ? .integer(limit.soft)
                                : .mapping([.init("soft", .integer(limit.soft)), .init("hard", .integer(limit.hard))]))
                    }))
        }
        return entries
    }

    /// A string mapping with its keys sorted.
    static func sortedMapping(_ values: [String: String]) -> ComposeNode {
        .mapping(values.keys.sorted().map { .init($0, .string(values[$0]!)) })
    }

    /// `/dev/ttyUSB0:/dev/ttyUSB0` or with permissions `…:rwm`.
    static func device(_ device: DeviceSpec) -> String {
        "\(device.host):\(device.container)" + (device.permissions.map { ":\($0)" } ?? "")
    }

    /// `/tmp` or `/tmp:size=64m`.
    static func tmpfs(_ tmpfs: TmpfsSpec) -> String {
        tmpfs.target + (tmpfs.size.map { ":size=\($0.mebibytes)m" } ?? "")
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
