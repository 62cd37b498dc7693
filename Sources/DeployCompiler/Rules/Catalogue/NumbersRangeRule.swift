import DeployModel

/// `numbers.range`: every number of the DSL is finite and in the range Compose and Docker accept.
public struct NumbersRangeRule: Rule {
    public static let id = "numbers.range"
    public var summary: String { "CPUs are finite, memory is at most 1 PiB, durations are 0 to 100 years, retries are not negative" }
    public var documentation: String {
        """
        The compiler adds and compares every number of the stack (budgets, test ports); a number \
        that is not finite (`.cpus(.nan)`, `.cpus(.infinity)`) or absurdly large (`.mib(Int.max)`, \
        `Port(Int.max)`) must be an error at its line, never a crash or a wrapped-around value. \
        Quantities are held within safe bounds from the moment they are written, and this rule \
        refuses: CPU counts that are not finite or above 1,000,000; memory that is not finite or above 1 PiB \
        (`Memory.maximum`); health-check intervals, timeouts and start periods and stop grace \
        periods below 0 s or above 100 years; negative health-check retries. Zero and negative \
        limits are `resources.positive`'s; ports out of 1-65535 (also after the test port offset) \
        are `ports.range`'s. It cannot be waived. Fix: write the amount you mean. \
        Complexity: O(s) for s services in both modes.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            for service in deployment.services {
                let name = service.name
                for (kind, spec) in [("limit", service.limits), ("reservation", service.reservations)] {
                    guard let spec else { continue }
                    if let cpus = spec.value.cpus {
                        if let rejected = cpus.rejectedInput {
                            diagnostics.add(
                                Self.id, mode, "service '\(name)' has a CPU \(kind) of \(rejected), which is not a finite number",
                                at: spec.location, help: "give a number of CPUs such as 0.5", service: name)
                        } else if cpus > CPUs.maximum {
                            diagnostics.add(
                                Self.id, mode, "service '\(name)' has a CPU \(kind) above \(CPUs.maximum.millicores / 1000) CPUs",
                                at: spec.location, help: "give the number of CPUs you mean, e.g. 2", service: name)
                        }
                    }
                    if let memory = spec.value.memory, let rejected = memory.rejectedInput {
                        diagnostics.add(
                            Self.id, mode, "service '\(name)' has a memory \(kind) of \(rejected) GiB, which is not a finite number",
                            at: spec.location, help: "give the amount you mean, e.g. .mib(512) or .gib(2)", service: name)
                    } else if let memory = spec.value.memory, memory > Memory.maximum {
                        diagnostics.add(
                            Self.id, mode, "service '\(name)' has a memory \(kind) above 1 PiB (\(Memory.maximum.mebibytes) MiB)",
                            at: spec.location, help: "give the amount you mean, e.g. .mib(512) or .gib(2)", service: name)
                    }
                }
                if let check = service.healthcheck {
                    let timings = [("interval", check.value.interval), ("timeout", check.value.timeout), ("start period", check.value.startPeriod)]
                    for (what, value) in timings {
                        if let value, let problem = Self.durationProblem(value) {
                            diagnostics.add(
                                Self.id, mode, "service '\(name)' has a health-check \(what) of \(value.value) s, \(problem)",
                                at: check.location, help: "give a duration from 0 s to 100 years, e.g. .seconds(30)", service: name)
                        }
                    }
                    if let retries = check.value.retries, retries < 0 {
                        diagnostics.add(
                            Self.id, mode, "service '\(name)' has \(retries) health-check retries; retries cannot be negative",
                            at: check.location, help: "give 0 or more retries, e.g. 3", service: name)
                    }
                }
                if let period = service.stopGracePeriod, let problem = Self.durationProblem(period.value) {
                    diagnostics.add(
                        Self.id, mode, "service '\(name)' has a stop grace period of \(period.value.value) s, \(problem)",
                        at: period.location, help: "give a duration from 0 s to 100 years, e.g. .seconds(30)", service: name)
                }
            }
        }
    }

    /// Why `duration` is out of range, or nil.
    static func durationProblem(_ duration: Seconds) -> String? {
        if duration.value < 0 { return "below 0 s" }
        if duration > Seconds.maximum { return "above 100 years" }
        return nil
    }
}
