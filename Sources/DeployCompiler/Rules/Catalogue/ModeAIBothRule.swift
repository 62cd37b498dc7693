import DeployModel

/// `mode.ai-both`: every AI service runs in both modes.
public struct ModeAIBothRule: Rule {
    public static let id = "mode.ai-both"
    public var summary: String { "every ai service runs, enabled, in both modes" }
    public var documentation: String {
        """
        The plan keeps AI services (AI core, AI automation, OpenAI, device intelligence, the \
        automation miner) enabled in test as well as production: test exists to exercise pattern \
        detection and Ask AI against synthetic data before a release, so an AI service missing from \
        one mode means that mode tests or ships something else. Its role (`AIService`) puts it in \
        both modes; this rule reports the `RunsIn(…)`, `TestOnly { }` or `ProductionOnly { }` that \
        takes it out of one. Fix: remove that declaration (per-mode settings belong in \
        `InTest { }`/`InProduction { }` inside the service). Complexity: O(s) for s services.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var reported: Set<String> = []
        for deployment in context.deployments {
            for service in deployment.services where service.role == .ai && service.modes.value != .both {
                guard reported.insert(service.name + "\u{0}" + service.modes.location.description).inserted else { continue }
                let missing = Modes.both.subtracting(service.modes.value)
                diagnostics.error(
                    Self.id, "ai service '\(service.name)' runs only in \(service.modes.value), not in \(missing)",
                    at: service.modes.location,
                    help:
                        "AI runs in both modes: remove the RunsIn(…) or move the service out of TestOnly/ProductionOnly; use InTest { } / InProduction { } for per-mode settings",
                    service: service.name)
            }
        }
    }
}
