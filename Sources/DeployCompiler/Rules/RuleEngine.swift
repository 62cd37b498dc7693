import DeployModel

/// Rules stage: runs every rule over both modes, then applies the waivers in force.
public struct RuleEngine: Sendable {
    public var rules: [any Rule]

    public init(rules: [any Rule] = RuleRegistry.all) {
        self.rules = rules
    }

    /// Every registered rule ID and whether it may be waived (the first rule of an ID decides).
    public var catalog: [String: Bool] {
        Dictionary(rules.map { ($0.id, $0.isWaivable) }, uniquingKeysWith: { first, _ in first })
    }

    /// The diagnostics that stand after waivers, and the waivers that silenced something.
    public func run(_ context: RuleContext) -> RuleOutcome {
        var context = context
        context.catalog = catalog
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
        let written = WrittenWaivers(context.deployments)
        var used: [Waiver: (service: String?, count: Int)] = [:]
        var standing: [Diagnostic] = []
        for diagnostic in collector.diagnostics {
            guard waivable[diagnostic.ruleID] == true, diagnostic.severity != .note else {
                standing.append(diagnostic)
                continue
            }
            // A finding about no single mode needs waivers for both; a waiver written for one mode covers that mode only.
            let needed = diagnostic.modes.isEmpty ? Modes.both : diagnostic.modes
            let candidates = (diagnostic.service.map { written.service[$0] ?? [] } ?? []) + written.stack
            let matching = candidates.filter {
                $0.waiver.rule == diagnostic.ruleID && !$0.waiver.reason.trimmed.isEmpty && !$0.modes.isDisjoint(with: needed)
            }
            let covered = matching.reduce(into: Modes()) { $0.formUnion($1.modes) }.intersection(needed)
            guard !covered.isEmpty, covered == needed || !diagnostic.modes.isEmpty else {
                standing.append(diagnostic)
                continue
            }
            for candidate in matching {
                used[candidate.waiver] = (candidate.service, (used[candidate.waiver]?.count ?? 0) + 1)
            }
            if covered != needed {
                var rest = diagnostic
                rest.modes = needed.subtracting(covered)
                standing.append(rest)
            }
        }

        var all = DiagnosticCollector()
        for diagnostic in standing { all.emit(diagnostic) }
        WaiverValidRule().reportUnused(written.all, used: Set(used.keys), catalog: waivable, into: &all)
        let modes = Dictionary(written.all.map { ($0.waiver, $0.modes) }, uniquingKeysWith: { $0.union($1) })
        let inForce = used.map { WaiverInForce(waiver: $0.key, service: $0.value.service, silenced: $0.value.count, modes: modes[$0.key] ?? .both) }
            .sorted { $0.waiver.location < $1.waiver.location }
        // One place for what every diagnostic may print: group use sites added, secrets masked, huge values cut.
        // (A clean stack has nothing to print, so its fields are not scanned for secrets a second time.)
        let redaction = DiagnosticRedaction(secrets: all.diagnostics.isEmpty ? [] : SecretScan.secretTexts(in: context))
        let diagnostics = all.diagnostics.map { redaction.apply(GroupUseNotes.attach(to: $0, in: context.deployments)) }
        return RuleOutcome(diagnostics: diagnostics, waiversInForce: inForce)
    }
}

/// Every waiver as written, with the modes it applies to: a waiver inside `TestOnly { }` or `InTest { }`
/// applies to test only; one in a service body applies to every mode the service runs in.
struct WrittenWaivers {
    struct Entry {
        var waiver: Waiver
        var service: String?
        var modes: Modes
    }

    var stack: [Entry] = []
    var service: [String: [Entry]] = [:]

    init(_ deployments: PerMode<ResolvedDeployment>) {
        var stackModes: [Waiver: Modes] = [:]
        var stackOrder: [Waiver] = []
        var serviceModes: [String: [Waiver: Modes]] = [:]
        var serviceOrder: [String: [Waiver]] = [:]
        var serviceRuns: [String: Modes] = [:]
        for deployment in deployments {
            let mode = Modes(deployment.mode)
            for waiver in deployment.waivers {
                if stackModes[waiver] == nil { stackOrder.append(waiver) }
                stackModes[waiver, default: []].formUnion(mode)
            }
            for service in deployment.services where !service.waivers.isEmpty {
                serviceRuns[service.name, default: []].formUnion(service.modes.value)
                for waiver in service.waivers {
                    if serviceModes[service.name]?[waiver] == nil { serviceOrder[service.name, default: []].append(waiver) }
                    serviceModes[service.name, default: [:]][waiver, default: []].formUnion(mode)
                }
            }
        }
        stack = stackOrder.map { Entry(waiver: $0, service: nil, modes: stackModes[$0]!) }
        for (name, waivers) in serviceOrder {
            // Written in the body itself: wherever the service runs, which may be one mode only.
            service[name] = waivers.map { waiver in
                let modes = serviceModes[name]![waiver]!
                return Entry(waiver: waiver, service: name, modes: serviceRuns[name]!.isSubset(of: modes) ? .both : modes)
            }
        }
    }

    /// Stack waivers first, then each service's, by service name.
    var all: [Entry] { stack + service.keys.sorted().flatMap { service[$0]! } }
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
    /// The modes it applies to (`.both` unless written inside `TestOnly`/`InTest` or their production twins).
    public var modes: Modes = .both

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
