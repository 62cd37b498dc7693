import DeployModel

/// A service's container runtime options in one mode (`tmpfs`, `read_only`, `cap_drop`, …), each with where it was declared.
///
/// List options accumulate in declaration order (defaults first); single-valued ones take the last declaration.
public struct ResolvedContainerOptions: Sendable, Hashable {
    public var tmpfs: [Located<TmpfsSpec>] = []
    public var readOnly: Located<Bool>?
    public var securityOptions: [Located<String>] = []
    public var capabilitiesAdded: [Located<String>] = []
    public var capabilitiesDropped: [Located<String>] = []
    public var groups: [Located<String>] = []
    public var devices: [Located<DeviceSpec>] = []
    public var sharedMemory: Located<Memory>?
    public var ulimits: [Located<UlimitSpec>] = []
    public var sysctls: [Located<LabelEntry>] = []
    public var initProcess: Located<Bool>?
    public var stopSignal: Located<String>?
    public var pullPolicy: Located<PullPolicy>?
    public var platform: Located<String>?
    public var privileged: Located<Bool>?
    public var networkMode: Located<String>?
    public var pid: Located<String>?
    public var exposed: [Located<Int>] = []

    public init() {}

    /// Applies one declaration.
    mutating func apply(_ option: ContainerOption, at location: SourceLocation) {
        switch option {
        case .tmpfs(let spec): tmpfs.append(Located(spec, at: location))
        case .readOnly(let enabled): readOnly = Located(enabled, at: location)
        case .securityOption(let text): securityOptions.append(Located(text, at: location))
        case .capabilityAdded(let name): capabilitiesAdded.append(Located(name, at: location))
        case .capabilityDropped(let name): capabilitiesDropped.append(Located(name, at: location))
        case .group(let name): groups.append(Located(name, at: location))
        case .device(let spec): devices.append(Located(spec, at: location))
        case .sharedMemory(let size): sharedMemory = Located(size, at: location)
        case .ulimit(let spec): ulimits.append(Located(spec, at: location))
        case .sysctl(let key, let value): sysctls.append(Located(LabelEntry(key: key, value: value), at: location))
        case .initProcess(let enabled): initProcess = Located(enabled, at: location)
        case .stopSignal(let signal): stopSignal = Located(signal, at: location)
        case .pullPolicy(let policy): pullPolicy = Located(policy, at: location)
        case .platform(let platform): self.platform = Located(platform, at: location)
        case .privileged(let enabled): privileged = Located(enabled, at: location)
        case .networkMode(let mode): networkMode = Located(mode, at: location)
        case .pid(let mode): pid = Located(mode, at: location)
        case .expose(let port): exposed.append(Located(port, at: location))
        }
    }
}
