import DeployModel

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
