import DeployModel

/// Rules stage: runs every rule over both modes, then applies the waivers in force.
public struct RuleEngine: Sendable {
    public var rules: [any Rule]

    public init(rules: [any Rule] = RuleRegistry.all) {
        self.rules = rules
    }

    /// The diagnostics that stand after waivers, and the waivers that silenced something.
    public func run(_ context: RuleContext) -> RuleOutcome {
        var context = context
        context.catalog = Dictionary(rules.map { ($0.id, $0.isWaivable) }, uniquingKeysWith: { first, _ in first })
        // The rules are independent checks of the same immutable context: run them on all cores.
        let checked = context
        let found = rules.concurrentMap { rule -> [Diagnostic] in
            var collector = DiagnosticCollector()
            rule.check(checked, into: &collector)
            return collector.diagnostics
        }
        var collector = DiagnosticCollector()
        for diagnostics in found { for diagnostic in diagnostics { collector.emit(diagnostic) } }

        let waivable = context.catalog
        let stackWaivers = uniqueWaivers(context.deployments.flatMap(\.waivers))
        var serviceWaivers: [String: [Waiver]] = [:]
        for deployment in context.deployments {
            for service in deployment.services where !service.waivers.isEmpty {
                serviceWaivers[service.name] = uniqueWaivers((serviceWaivers[service.name] ?? []) + service.waivers)
            }
        }

        var used: [Waiver: (service: String?, count: Int)] = [:]
        var standing: [Diagnostic] = []
        for diagnostic in collector.diagnostics {
            guard waivable[diagnostic.ruleID] == true, diagnostic.severity != .note else { standing.append(diagnostic); continue }
            let candidates = (diagnostic.service.flatMap { serviceWaivers[$0] } ?? []) + stackWaivers
            if let waiver = candidates.first(where: { $0.rule == diagnostic.ruleID && !$0.reason.trimmed.isEmpty }) {
                let isServiceWaiver = stackWaivers.contains(waiver) == false
                used[waiver] = (isServiceWaiver ? diagnostic.service : nil, (used[waiver]?.count ?? 0) + 1)
            } else {
                standing.append(diagnostic)
            }
        }

        var all = DiagnosticCollector()
        for diagnostic in standing { all.emit(diagnostic) }
        let everyWaiver = stackWaivers.map { ($0, String?.none) } + serviceWaivers.keys.sorted().flatMap { name in serviceWaivers[name]!.map { ($0, Optional(name)) } }
        for (waiver, _) in everyWaiver where used[waiver] == nil && waivable[waiver.rule] == true && !waiver.reason.trimmed.isEmpty {
            all.warning(WaiverValidRule.id, "waiver of '\(waiver.rule)' silences nothing: remove it", at: waiver.location)
        }
        let inForce = used.map { WaiverInForce(waiver: $0.key, service: $0.value.service, silenced: $0.value.count) }
            .sorted { $0.waiver.location < $1.waiver.location }
        return RuleOutcome(diagnostics: all.diagnostics, waiversInForce: inForce)
    }

    private func uniqueWaivers(_ waivers: [Waiver]) -> [Waiver] {
        var seen: Set<Waiver> = []
        return waivers.filter { seen.insert($0).inserted }
    }
}

/// The result of the rules stage.
public struct RuleOutcome: Sendable {
    public var diagnostics: [Diagnostic]
    public var waiversInForce: [WaiverInForce]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A waiver that silenced at least one diagnostic.
public struct WaiverInForce: Sendable, Hashable {
    public var waiver: Waiver
    /// The service it belongs to; nil for a stack-level waiver.
    public var service: String?
    /// How many diagnostics it silenced.
    public var silenced: Int

    /// `isolation.port (service weather-api): reason`.
    public var summary: String {
        "\(waiver.rule) (\(service.map { "service \($0)" } ?? "stack")): \(waiver.reason)"
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
