import DeployModel

/// What one mode asks of the machine, against its hardware profile.
public struct Budget: Sendable, Hashable {
    public var mode: Mode
    public var hardware: HardwareProfile
    /// Sum of memory limits.
    public var memoryLimits: Memory
    /// Sum of CPU reservations.
    public var cpuReservations: CPUs
    /// Sum of CPU limits (at most `hardware.cpuLimitsPerMode`: rule `resources.cpu-overcommit`).
    public var cpuLimits: CPUs
    public var serviceCount: Int

    public init(_ deployment: ResolvedDeployment) {
        mode = deployment.mode
        hardware = deployment.hardware.value
        // One loop, not three `reduce`s: Swift 6.3's optimizer crashes on those over `ResolvedService`'s dynamic members.
        var memoryLimits = Memory.zero
        var cpuReservations = CPUs.zero
        var cpuLimits = CPUs.zero
        for service in deployment.services {
            memoryLimits = memoryLimits + (service.limits?.value.memory ?? .zero)
            cpuReservations = cpuReservations + (service.reservations?.value.cpus ?? .zero)
            cpuLimits = cpuLimits + (service.limits?.value.cpus ?? .zero)
        }
        self.memoryLimits = memoryLimits
        self.cpuReservations = cpuReservations
        self.cpuLimits = cpuLimits
        serviceCount = deployment.services.count
    }

    public var fitsMemory: Bool { memoryLimits <= hardware.memoryPerMode }
    public var fitsCPUs: Bool { cpuReservations <= hardware.cpusPerMode }

    /// `test: 5.1 GiB of 6 GiB memory, CPU limits 11.25 of 12 (4 cores, overcommit 3), 2.45 CPUs reserved for Swarm (16 services, nuc-8gb)`:
    /// what plain Docker enforces (memory and CPU limits) first; reservations count only under Swarm.
    public var summary: String {
        "\(mode): \(memoryLimits.gibText) of \(OneDecimal.format(Double(hardware.memoryPerMode.mebibytes) / 1024).replacingSuffix(".0")) GiB memory, "
            + "CPU limits \(cpuLimits.budgetText) of \(hardware.cpuLimitsPerMode.budgetText) (\(hardware.cpusPerMode.budgetText) cores, overcommit \(hardware.cpuOvercommit)), "
            + "\(cpuReservations.budgetText) CPUs reserved for Swarm (\(serviceCount) services, \(hardware.id))"
    }
}

extension String {
    /// Drops `suffix` when present (`6.0` -> `6`).
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
