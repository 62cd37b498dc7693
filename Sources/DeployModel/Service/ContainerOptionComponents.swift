// Components for a container's runtime options. Each may stand in `InTest { }` / `InProduction { }`
// to apply in one mode only, and captures the file, line and column it was written at.

/// `tmpfs:` a memory-backed folder, e.g. `Tmpfs("/tmp", size: .mib(64))`. Its size counts against the
/// container's memory limit, so give one.
public struct Tmpfs: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ target: String, size: Memory? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.tmpfs(TmpfsSpec(target: target, size: size))), file: file, line: line, column: column)]
    }
}

/// `read_only: true`: the container's root filesystem cannot be written (give it `Tmpfs` for scratch space).
public struct ReadOnlyRootFilesystem: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ enabled: Bool = true, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.readOnly(enabled)), file: file, line: line, column: column)]
    }
}

/// `security_opt:` entries, e.g. `SecurityOption("no-new-privileges:true")`.
public struct SecurityOption: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ options: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(file: file, line: line, column: column)
        serviceElements = options.map { ServiceElement(.option(.securityOption($0)), at: location) }
    }
}

/// `cap_add:` Linux capabilities, e.g. `AddCapabilities("NET_BIND_SERVICE")`.
public struct AddCapabilities: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ capabilities: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(file: file, line: line, column: column)
        serviceElements = capabilities.map { ServiceElement(.option(.capabilityAdded($0)), at: location) }
    }
}

/// `cap_drop:` Linux capabilities, e.g. `DropCapabilities("ALL")`.
public struct DropCapabilities: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ capabilities: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(file: file, line: line, column: column)
        serviceElements = capabilities.map { ServiceElement(.option(.capabilityDropped($0)), at: location) }
    }
}

/// `group_add:` supplementary groups, by name or number, e.g. `GroupAdd("dialout")`.
public struct GroupAdd: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ groups: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(file: file, line: line, column: column)
        serviceElements = groups.map { ServiceElement(.option(.group($0)), at: location) }
    }
}

/// `devices:` a host device, e.g. `Device("/dev/ttyUSB0")` or `Device("/dev/ttyACM0", container: "/dev/zigbee", permissions: "rw")`.
public struct Device: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(
        _ host: String, container: String? = nil, permissions: String? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        let spec = DeviceSpec(host: host, container: container ?? host, permissions: permissions)
        serviceElements = [ServiceElement(.option(.device(spec)), file: file, line: line, column: column)]
    }
}

/// `shm_size:` the size of `/dev/shm`, e.g. `SharedMemory(.mib(256))`.
public struct SharedMemory: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ size: Memory, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.sharedMemory(size)), file: file, line: line, column: column)]
    }
}

/// `ulimits:` one limit, e.g. `Ulimit("nofile", soft: 65536, hard: 65536)` or `Ulimit("nproc", 512)`.
public struct Ulimit: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ name: String, soft: Int, hard: Int, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.ulimit(UlimitSpec(name: name, soft: soft, hard: hard))), file: file, line: line, column: column)]
    }
    public init(_ name: String, _ limit: Int, file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.init(name, soft: limit, hard: limit, file: file, line: line, column: column)
    }
}

/// `sysctls:` one namespaced kernel parameter, e.g. `Sysctl("net.core.somaxconn", "1024")`.
public struct Sysctl: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ key: String, _ value: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.sysctl(key: key, value: value)), file: file, line: line, column: column)]
    }
}

/// `init: true`: an init process as PID 1 reaps zombies and forwards signals.
public struct InitProcess: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ enabled: Bool = true, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.initProcess(enabled)), file: file, line: line, column: column)]
    }
}

/// `stop_signal:` the signal that asks the container to stop, e.g. `StopSignal("SIGINT")`.
public struct StopSignal: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ signal: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.stopSignal(signal)), file: file, line: line, column: column)]
    }
}

/// `pull_policy:` e.g. `Pull(.never)` for images built or loaded locally.
public struct Pull: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ policy: PullPolicy, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.pullPolicy(policy)), file: file, line: line, column: column)]
    }
}

/// `platform:` the image platform, e.g. `Platform("linux/amd64")`.
public struct Platform: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ platform: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.platform(platform)), file: file, line: line, column: column)]
    }
}

/// `privileged: true`: the container gets every device and capability of the host. An error in
/// production (rule `security.privileged`) unless waived with a reason.
public struct Privileged: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ enabled: Bool = true, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.privileged(enabled)), file: file, line: line, column: column)]
    }
}

/// `network_mode:` e.g. `NetworkMode("none")`; `host` shares the host's network namespace (rule `security.host-namespace`).
public struct NetworkMode: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ mode: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.networkMode(mode)), file: file, line: line, column: column)]
    }
}

/// `pid:` e.g. `PIDNamespace("host")`, which shares the host's process namespace (rule `security.host-namespace`).
public struct PIDNamespace: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ mode: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.option(.pid(mode)), file: file, line: line, column: column)]
    }
}

/// `expose:` container ports the service listens on for other services, without publishing them on
/// the host, e.g. `Expose(8023)`. Rules check service URLs against these and the `Port` container ports.
public struct Expose: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ ports: Int..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(file: file, line: line, column: column)
        serviceElements = ports.map { ServiceElement(.option(.expose($0)), at: location) }
    }
}
