import DeployModel

/// What one mode asks of the machine, against its hardware profile.
public struct Budget: Sendable, Hashable {
    public var mode: Mode
    public var hardware: HardwareProfile
    /// Sum of memory limits.
    public var memoryLimits: Memory
    /// Sum of CPU reservations.
    public var cpuReservations: CPUs
    /// Sum of CPU limits (advice only: limits may overlap).
    public var cpuLimits: CPUs
    public var serviceCount: Int

    public init(_ deployment: ResolvedDeployment) {
        mode = deployment.mode
        hardware = deployment.hardware.value
        memoryLimits = deployment.services.reduce(.zero) { $0 + ($1.limits?.value.memory ?? .zero) }
        cpuReservations = deployment.services.reduce(.zero) { $0 + ($1.reservations?.value.cpus ?? .zero) }
        cpuLimits = deployment.services.reduce(.zero) { $0 + ($1.limits?.value.cpus ?? .zero) }
        serviceCount = deployment.services.count
    }

    public var fitsMemory: Bool { memoryLimits <= hardware.memoryPerMode }
    public var fitsCPUs: Bool { cpuReservations <= hardware.cpusPerMode }

    /// `test: 5.1 GiB of 6 GiB memory, 2.3 of 4 CPUs reserved (17 services)`.
    public var summary: String {
        "\(mode): \(memoryLimits.gibText) of \(OneDecimal.format(Double(hardware.memoryPerMode.mebibytes) / 1024).replacingSuffix(".0")) GiB memory, "
            + "\(cpuReservations.composeValue.replacingSuffix(".0")) of \(hardware.cpusPerMode.composeValue.replacingSuffix(".0")) CPUs reserved "
            + "(\(serviceCount) services, \(hardware.id))"
    }
}

extension String {
    /// Drops `suffix` when present (`6.0` -> `6`).
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
