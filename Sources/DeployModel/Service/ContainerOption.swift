/// A runtime option of a service's container: hardening (`read_only`, `cap_drop`, `security_opt`),
/// devices and kernel settings, and how its image is pulled and started.
public enum ContainerOption: Sendable, Hashable {
    /// `tmpfs:` a memory-backed mount, e.g. `/tmp` of at most 64 MiB.
    case tmpfs(TmpfsSpec)
    /// `read_only:` the root filesystem is read-only.
    case readOnly(Bool)
    /// `security_opt:` one entry, e.g. `no-new-privileges:true`.
    case securityOption(String)
    /// `cap_add:` one Linux capability, e.g. `NET_BIND_SERVICE`.
    case capabilityAdded(String)
    /// `cap_drop:` one Linux capability, or `ALL`.
    case capabilityDropped(String)
    /// `group_add:` a supplementary group, by name or number.
    case group(String)
    /// `devices:` a host device mapped into the container.
    case device(DeviceSpec)
    /// `shm_size:` the size of `/dev/shm`.
    case sharedMemory(Memory)
    /// `ulimits:` one resource limit.
    case ulimit(UlimitSpec)
    /// `sysctls:` one kernel parameter.
    case sysctl(key: String, value: String)
    /// `init:` run an init process (PID 1) that reaps zombies and forwards signals.
    case initProcess(Bool)
    /// `stop_signal:` e.g. `SIGINT`.
    case stopSignal(String)
    /// `pull_policy:`.
    case pullPolicy(PullPolicy)
    /// `platform:` e.g. `linux/amd64`.
    case platform(String)
    /// `privileged:` every device and capability of the host.
    case privileged(Bool)
    /// `network_mode:` e.g. `host`, `none`.
    case networkMode(String)
    /// `pid:` e.g. `host`.
    case pid(String)
    /// `expose:` a container port other services reach without it being published on the host.
    case expose(Int)
}

/// A tmpfs mount: its path in the container and an optional size.
public struct TmpfsSpec: Sendable, Hashable {
    public var target: String
    public var size: Memory?

    public init(target: String, size: Memory? = nil) {
        self.target = target
        self.size = size
    }
}

/// A host device mapped into the container.
public struct DeviceSpec: Sendable, Hashable {
    /// The device on the host, e.g. `/dev/ttyUSB0`.
    public var host: String
    /// The path in the container.
    public var container: String
    /// cgroup permissions: any of `r`, `w`, `m` (nil: compose's default `rwm`).
    public var permissions: String?

    public init(host: String, container: String, permissions: String? = nil) {
        self.host = host
        self.container = container
        self.permissions = permissions
    }
}

/// A resource limit (`ulimit`): one value, or a soft and a hard limit.
public struct UlimitSpec: Sendable, Hashable {
    /// e.g. `nofile`, `nproc`, `memlock`.
    public var name: String
    public var soft: Int
    public var hard: Int

    public init(name: String, soft: Int, hard: Int) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }
}

/// `pull_policy:` when compose pulls the image.
public enum PullPolicy: String, Sendable, Hashable, CaseIterable {
    case always
    case never
    case missing
    case build
    case daily
    case weekly
}

/// An IP address management pool of a network.
public struct IPAMPool: Sendable, Hashable {
    public var subnet: String
    public var gateway: String?
    public var ipRange: String?

    public init(subnet: String, gateway: String? = nil, ipRange: String? = nil) {
        self.subnet = subnet
        self.gateway = gateway
        self.ipRange = ipRange
    }
}

/// `ipam:` of a network: its driver and address pools.
public struct IPAM: Sendable, Hashable {
    public var driver: String?
    public var pools: [IPAMPool]

    public init(driver: String? = nil, pools: [IPAMPool]) {
        self.driver = driver
        self.pools = pools
    }
}
