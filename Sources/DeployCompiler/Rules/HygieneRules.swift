import DeployModel

extension RuleRegistry {
    /// Resources and budgets, the dependency graph, ports, names, references, health checks, images, env files.
    static let hygieneRules: [any Rule] = [
        ResourceLimitsRule(),
        ResourcePositiveRule(),
        ResourceReservationsRule(),
        ResourceBudgetRule(),
        GraphDependsOnRule(),
        GraphCycleRule(),
        GraphHealthyNeedsHealthcheckRule(),
        GraphServiceURLRule(),
        PortRangeRule(),
        PortUniqueRule(),
        NamePatternRule(),
        NameDuplicateRule(),
        NameReservedLabelRule(),
        ReferencesUndeclaredRule(),
        HealthCheckRule(),
        ImagePinnedRule(),
        EnvPortableRule(),
    ]
}

/// Problems found per mode, keyed by place and text: one seen in both modes is reported once,
/// its message prefixed with the modes it concerns (`test: …`, `test and production: …`).
struct ModeFindings {
    private struct Key: Hashable {
        var location: SourceLocation
        var message: String
        var severity: Diagnostic.Severity
    }

    private struct Finding {
        var help: String?
        var service: String?
        var modes: Modes
    }

    private var order: [Key] = []
    private var findings: [Key: Finding] = [:]

    /// Records `message` for `mode`, blamed at `location`.
    mutating func add(_ mode: Mode, _ message: String, at location: SourceLocation, help: String? = nil, service: String? = nil,
                      severity: Diagnostic.Severity = .error) {
        let key = Key(location: location, message: message, severity: severity)
        if var existing = findings[key] {
            existing.modes.insert(Modes(mode))
            findings[key] = existing
        } else {
            order.append(key)
            findings[key] = Finding(help: help, service: service, modes: Modes(mode))
        }
    }

    /// Emits every finding once, under `ruleID`.
    func emit(_ ruleID: String, into diagnostics: inout DiagnosticCollector) {
        for key in order {
            let finding = findings[key]!
            diagnostics.emit(Diagnostic(severity: key.severity, ruleID: ruleID, message: "\(finding.modes): \(key.message)",
                                        location: key.location, help: finding.help, service: finding.service))
        }
    }
}

extension ResolvedService {
    /// Whether the service has a health check that actually runs (not absent, empty, `NONE` or disabled).
    var hasEffectiveHealthcheck: Bool {
        guard let check = healthcheck?.value else { return false }
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
    /// The compose spelling, also for negative amounts (`-0.5`).
    var signedText: String {
        millicores < 0 ? "-" + CPUs(millicores: -millicores).composeValue : composeValue
    }

    /// `4`, `4.2`: as the budget line prints CPUs.
    var budgetText: String { signedText.replacingSuffix(".0") }
}

extension Memory {
    /// `6 GiB`, `14.2 GiB`, `-0.5 GiB`: one decimal, dropped when zero.
    var budgetText: String {
        "\(Decimal1.format(Double(mebibytes) / 1024).replacingSuffix(".0")) GiB"
    }
}

