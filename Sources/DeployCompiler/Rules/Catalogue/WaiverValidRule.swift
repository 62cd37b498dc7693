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
        Waivers are not per mode: one inside `TestOnly { }`/`ProductionOnly { }` (or `InTest { }`/\
        `InProduction { }` of a service that runs in both modes) would silence the rule in both modes, \
        so it is an error; write it outside the block and say in the reason which mode needs it. \
        Fix: correct the rule ID, write the reason, or remove the waiver. \
        Complexity: O(w) for w waivers.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        checkScopes(context, into: &diagnostics)
        var seen: Set<Waiver> = []
        for deployment in context.deployments {
            let serviceWaivers = deployment.services.flatMap { service in service.waivers.map { ($0, Optional(service.name)) } }
            for (waiver, service) in deployment.waivers.map({ ($0, String?.none) }) + serviceWaivers {
                guard seen.insert(waiver).inserted else { continue }
                guard let waivable = context.catalog[waiver.rule] else {
                    diagnostics.error(Self.id, "waiver names unknown rule '\(waiver.rule)'", at: waiver.location,
                                      help: "run `homeiq-gen rules` for the rule IDs", service: service)
                    continue
                }
                if !waivable {
                    diagnostics.error(Self.id, "rule '\(waiver.rule)' cannot be waived", at: waiver.location,
                                      help: "fix the violation instead; `homeiq-gen explain \(waiver.rule)` says how", service: service)
                }
                if waiver.reason.trimmed.isEmpty {
                    diagnostics.error(Self.id, "waiver of '\(waiver.rule)' gives no reason", at: waiver.location,
                                      help: "write why the exception is safe: Waive(\"\(waiver.rule)\", because: \"…\")", service: service)
                }
            }
        }
    }

    /// A waiver written for one mode only would apply to both (diagnostics do not carry a mode): refuse it.
    private func checkScopes(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let help = "move Waive(…) out of the mode-only block; say in the reason which mode needs the exception"
        let testStack = Set(context.test.waivers)
        let productionStack = Set(context.production.waivers)
        for waiver in testStack.symmetricDifference(productionStack) {
            let block = testStack.contains(waiver) ? "TestOnly" : "ProductionOnly"
            diagnostics.error(Self.id, "stack waiver of '\(waiver.rule)' is inside \(block) { }, but a waiver applies to both modes",
                              at: waiver.location, help: help)
        }
        var serviceWaiverModes: [Waiver: (service: String, modes: Modes)] = [:]
        for deployment in context.deployments {
            for service in deployment.services where service.modes.value == .both {
                for waiver in service.waivers {
                    let previous = serviceWaiverModes[waiver]?.modes ?? []
                    serviceWaiverModes[waiver] = (service.name, previous.union(Modes(deployment.mode)))
                }
            }
        }
        for (waiver, found) in serviceWaiverModes where found.modes != .both {
            let block = found.modes.contains(.test) ? "InTest" : "InProduction"
            diagnostics.error(Self.id, "waiver of '\(waiver.rule)' is inside \(block) { } of service '\(found.service)', but a waiver applies to both modes",
                              at: waiver.location, help: help, service: found.service)
        }
    }
}
