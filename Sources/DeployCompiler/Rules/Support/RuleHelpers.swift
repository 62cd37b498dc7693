import DeployModel

// On `ResolvedService`, not its `Fields`: a computed property of `Fields` read through dynamic member
// lookup copies all the service's fields to call it.
extension ResolvedService {
    /// Whether the service has a health check that actually runs (not absent, empty, `NONE` or disabled).
    var hasEffectiveHealthcheck: Bool {
        guard let check = self.healthcheck?.value else { return false }
        return !check.disabled && !check.test.isEmpty && check.test.first != "NONE"
    }
}

extension SourceLocation {
    /// `CoreServices.swift:12`: short enough to name a second place inside a message.
    var shortDescription: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return "\(name):\(line)"
    }
}

extension CPUs {
    /// `4`, `4.2`: as the budget line prints CPUs.
    var budgetText: String { composeValue.replacingSuffix(".0") }
}

extension Memory {
    /// `6 GiB`, `14.2 GiB`, `-0.5 GiB`: one decimal, dropped when zero.
    var budgetText: String {
        "\(OneDecimal.format(Double(mebibytes) / 1024).replacingSuffix(".0")) GiB"
    }
}
