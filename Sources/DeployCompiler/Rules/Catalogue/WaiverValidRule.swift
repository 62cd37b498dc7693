import DeployModel

/// `waiver.valid`: every waiver names a known, waivable rule and gives a reason.
public struct WaiverValidRule: Rule {
    public static let id = "waiver.valid"
    public var summary: String { "every waiver names a known, waivable rule and says why" }
    public var documentation: String {
        """
        A `Waive("rule.id", because: "…")` silences one rule for a service or for the whole stack. \
        It must name a rule that exists (see `homeiq-gen rules`), that rule must be waivable \
        (production purity and secret hygiene are not), and the reason must not be empty: the reason \
        is printed in the header of every generated file the waiver affects, so reviewers see it. \
        A waiver that silences nothing is reported as a warning so stale waivers do not pile up. \
        A waiver applies where it is written: inside `TestOnly { }` or a service's `InTest { }` it \
        silences the rule in test only (and `ProductionOnly`/`InProduction` in production only), so \
        the other mode is still proved. \
        Fix: correct the rule ID, write the reason, or remove the waiver. \
        Complexity: O(w) for w waivers.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var seen: Set<Waiver> = []
        for deployment in context.deployments {
            let serviceWaivers = deployment.services.flatMap { service in service.waivers.map { ($0, Optional(service.name)) } }
            for (waiver, service) in deployment.waivers.map({ ($0, String?.none) }) + serviceWaivers {
                guard seen.insert(waiver).inserted else { continue }
                guard let waivable = context.catalog[waiver.rule] else {
                    diagnostics.error(
                        Self.id, "waiver names unknown rule '\(waiver.rule)'", at: waiver.location,
                        help: "run `homeiq-gen rules` for the rule IDs", service: service)
                    continue
                }
                if !waivable {
                    diagnostics.error(
                        Self.id, "rule '\(waiver.rule)' cannot be waived", at: waiver.location,
                        help: "fix the violation instead; `homeiq-gen explain \(waiver.rule)` says how", service: service)
                }
                if waiver.reason.trimmed.isEmpty {
                    diagnostics.error(
                        Self.id, "waiver of '\(waiver.rule)' gives no reason", at: waiver.location,
                        help: "write why the exception is safe: Waive(\"\(waiver.rule)\", because: \"…\")", service: service)
                }
            }
        }
    }

    /// Warns about every valid waiver that silenced nothing (called by the engine once the waivers are applied).
    func reportUnused(_ waivers: [WrittenWaivers.Entry], used: Set<Waiver>, catalog: [String: Bool], into diagnostics: inout DiagnosticCollector) {
        var seen: Set<Waiver> = []
        for entry in waivers where seen.insert(entry.waiver).inserted {
            guard !used.contains(entry.waiver), catalog[entry.waiver.rule] == true, !entry.waiver.reason.trimmed.isEmpty else { continue }
            diagnostics.warning(Self.id, "waiver of '\(entry.waiver.rule)' silences nothing: remove it", at: entry.waiver.location)
        }
    }
}
