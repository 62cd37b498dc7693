import DeployModel

/// `homeiq-gen diff`: test and production side by side. Services that run in one mode only, then
/// the stack's networks and volumes whose names differ, the env-file entries whose values differ,
/// then, service by service, every setting
/// whose value differs or that one mode lacks; each with the `Deployments/` line it comes from.
public struct ModeDiff: Sendable {
    public var deployments: PerMode<ResolvedDeployment>
    public var origins: OriginText

    public init(_ deployments: PerMode<ResolvedDeployment>, root: String?) {
        self.deployments = deployments
        self.origins = OriginText(root: root)
    }

    private var test: ResolvedDeployment { deployments.test }
    private var production: ResolvedDeployment { deployments.production }

    /// A setting that differs: its label and, per mode, the fact (nil where the mode lacks it).
    public struct Difference: Sendable, Hashable {
        public var label: String
        public var test: ServiceFact?
        public var production: ServiceFact?
    }

    /// The settings of `service` that differ between the modes, in the order of its facts.
    public func differences(of service: String) -> [Difference] {
        guard let inTest = test.service(named: service), let inProduction = production.service(named: service) else { return [] }
        let testFacts = test.facts(of: inTest)
        let productionFacts = production.facts(of: inProduction)
        // Test's order, with the settings only production has placed after the last of their field.
        var labels = testFacts.map(\.label)
        for fact in productionFacts where !labels.contains(fact.label) {
            let position =
                labels.lastIndex { label in testFacts.contains { $0.label == label && $0.field == fact.field } }
                ?? labels.lastIndex { label in productionFacts.prefix { $0 != fact }.contains { $0.label == label } }
            labels.insert(fact.label, at: position.map { $0 + 1 } ?? 0)
        }
        return labels.compactMap { label in
            let left = testFacts.first { $0.label == label }
            let right = productionFacts.first { $0.label == label }
            return left?.value == right?.value ? nil : Difference(label: label, test: left, production: right)
        }
    }

    /// Services that run in `mode` and not in the other, by name.
    public func servicesOnly(in mode: Mode) -> [ResolvedService] {
        let (these, others) = mode == .test ? (test, production) : (production, test)
        return these.services.filter { others.service(named: $0.name) == nil }.sorted { $0.name < $1.name }
    }

    public var text: String {
        var sections = ["test (compose project \(test.projectName)) and production (compose project \(production.projectName))"]
        for mode in Mode.allCases {
            let only = servicesOnly(in: mode)
            let rows = only.map { [$0.name, $0.role.rawValue, origins.place($0.location)] }
            sections.append("Services only in \(mode) (\(only.count)):" + (rows.isEmpty ? " none" : "\n" + TextTable(rows, indent: "  ").text))
        }
        var stackRows: [[String]] = []
        for (kind, testNames, productionNames) in [
            ("network", test.networks.map { ($0.key, $0.name, $0.location) }, production.networks.map { ($0.key, $0.name, $0.location) }),
            ("volume", test.volumes.map { ($0.key, $0.name, $0.location) }, production.volumes.map { ($0.key, $0.name, $0.location) }),
        ] {
            let keys = Set(testNames.map(\.0) + productionNames.map(\.0)).sorted()
            for key in keys {
                let left = testNames.first { $0.0 == key }
                let right = productionNames.first { $0.0 == key }
                guard left?.1 != right?.1 else { continue }
                stackRows.append(["\(kind) \(key)", "test", left?.1 ?? "(none)", left.map { origins.place($0.2) } ?? ""])
                stackRows.append(["", "production", right?.1 ?? "(none)", right.map { origins.place($0.2) } ?? ""])
            }
        }
        if !stackRows.isEmpty { sections.append("Stack:\n" + TextTable(stackRows, indent: "  ").text) }
        var envRows: [[String]] = []
        for key in Set((test.envFile + production.envFile).map(\.key)).sorted() {
            let left = test.envFile.last { $0.key == key }
            let right = production.envFile.last { $0.key == key }
            guard left?.value.displayText != right?.value.displayText else { continue }
            envRows.append([key, "test", left?.value.displayText ?? "(not set)", left.map { origins.place($0.location) } ?? ""])
            envRows.append(["", "production", right?.value.displayText ?? "(not set)", right.map { origins.place($0.location) } ?? ""])
        }
        if !envRows.isEmpty {
            sections.append("Env files (\(OutputNames.envTest), \(OutputNames.envProduction)):\n" + TextTable(envRows, indent: "  ").text)
        }
        let shared = test.services.map(\.name).filter { production.service(named: $0) != nil }.sorted()
        var unchanged: [String] = []
        for name in Set(shared).sorted() {
            let differences = differences(of: name)
            if differences.isEmpty {
                unchanged.append(name)
                continue
            }
            let rows = differences.flatMap { difference in
                [
                    [difference.label, "test", difference.test?.value ?? "(not set)", difference.test.map { origins.text($0.origin) } ?? ""],
                    ["", "production", difference.production?.value ?? "(not set)", difference.production.map { origins.text($0.origin) } ?? ""],
                ]
            }
            sections.append("\(name):\n" + TextTable(rows, indent: "  ").text)
        }
        if !unchanged.isEmpty { sections.append("The same in both modes: " + unchanged.joined(separator: ", ")) }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
