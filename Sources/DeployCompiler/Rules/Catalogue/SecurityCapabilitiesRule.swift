import DeployModel

/// `security.capabilities`: no production service adds a capability that amounts to root on the host.
public struct SecurityCapabilitiesRule: Rule {
    public static let id = "security.capabilities"
    public var summary: String { "no production service adds a dangerous capability (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, …) unless waived" }
    public var documentation: String {
        """
        Some Linux capabilities are root in all but name: `SYS_ADMIN` mounts filesystems and escapes \
        containers, `SYS_MODULE` loads kernel modules, `SYS_PTRACE` reads other processes' memory, \
        `NET_ADMIN` rewrites the host's routing and firewall in a host namespace, `DAC_READ_SEARCH` \
        reads any file by handle, `SYS_RAWIO`, `SYS_BOOT`, `SYS_TIME`, `MAC_ADMIN`, `MAC_OVERRIDE`, \
        `BPF` and `PERFMON` reach the kernel, and `ALL` is all of them. In production, \
        `AddCapabilities` of any of these (with or without the `CAP_` prefix, in any case) is an \
        error. Fix: drop the capability, or use the narrow one the service needs \
        (`NET_BIND_SERVICE` for a port below 1024, `NET_RAW` for ping); where nothing less works, \
        `Waive(\"security.capabilities\", because: …)` in the service. \
        Complexity: O(c) for c capabilities added in production.
        """
    }

    public init() {}

    /// The capabilities this rule refuses, without the `CAP_` prefix.
    static let dangerous: Set<String> = [
        "ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "NET_ADMIN",
        "DAC_READ_SEARCH", "MAC_ADMIN", "MAC_OVERRIDE", "BPF", "PERFMON",
    ]

    /// `cap_sys_admin` -> `SYS_ADMIN`.
    static func normalised(_ capability: String) -> String {
        let upper = capability.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.production.services {
            for capability in service.options.capabilitiesAdded where Self.dangerous.contains(Self.normalised(capability.value)) {
                diagnostics.add(
                    Self.id, .production,
                    "service '\(service.name)' adds capability \(Self.normalised(capability.value)), which amounts to root on the host",
                    at: capability.location,
                    help: ProductionSecurity.help("remove it, or add only the narrow capability the service needs", rule: Self.id),
                    service: service.name)
            }
        }
    }
}
