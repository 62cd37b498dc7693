import DeployModel

/// `docs/ENVIRONMENT.md`: the environment variable reference of both modes, rendered from the
/// resolved deployments so it cannot drift from the generated files.
///
/// Four tables: the services of each mode with their role and published host ports; every
/// env-file key with its test and production value; every deploy-time variable (`${NAME}`
/// references: required secrets and optional variables) and where it is used; every variable of a
/// service environment with its values and the services that set it. Secrets appear as
/// references, never as values. Deterministic: rows are sorted by name.
public struct EnvironmentDocument: Sendable {
    public let deployments: PerMode<ResolvedDeployment>
    /// Each mode's `variableUses`.
    let variableUses: PerMode<[VariableUse]>

    public init(_ deployments: PerMode<ResolvedDeployment>) {
        self.init(deployments, variableUses: deployments.map(\.variableUses))
    }

    /// The document of `deployments`, whose `variableUses` are already known (the compiler finds them
    /// once for this document and the compose files' facts).
    init(_ deployments: PerMode<ResolvedDeployment>, variableUses: PerMode<[VariableUse]>) {
        self.deployments = deployments
        self.variableUses = variableUses
    }

    /// The document.
    public var markdown: String { Self.markdown(Section.allCases.map(lines)) }

    /// The document's sections, in order. Each is rendered on its own, so the sections of a large
    /// stack can be rendered on separate cores (`Compiler.emit`).
    public enum Section: Sendable, CaseIterable {
        case introduction, services, envFiles, deployTime, serviceEnvironment
    }

    /// The lines of `section`.
    public func lines(_ section: Section) -> [String] {
        switch section {
        case .introduction: introduction()
        case .services: serviceOverviewSection()
        case .envFiles: envFileSection()
        case .deployTime: deployTimeSection()
        case .serviceEnvironment: serviceSection()
        }
    }

    /// The document of the lines of every section, in `Section.allCases` order.
    public static func markdown(_ sections: [[String]]) -> String {
        sections.joined().joined(separator: "\n") + "\n"
    }

    private func introduction() -> [String] {
        var lines = [
            "# Environment variables",
            "",
            "The environment of both deployment modes, generated from `Deployments/` by `homeiq-gen`",
            "(`homeiq-gen --check` fails when this file is stale). Secrets appear as references (`${NAME}`),",
            "never as values: they are read at deploy time from the environment or from the untracked",
            "`infrastructure/secrets.<mode>.env` (see `docs/DEPLOYMENT_GUIDE.md`). `—` means not set in that mode.",
            "",
        ]
        for deployment in deployments {
            lines.append(
                "- \(deployment.mode): compose project `\(deployment.projectName)`, "
                    + "`generated/\(OutputNames.compose(deployment.mode))` and `generated/\(OutputNames.env(deployment.mode))`, "
                    + "\(deployment.services.count) services")
        }
        return lines
    }

    // MARK: - Services

    private func serviceOverviewSection() -> [String] {
        var lines = [
            "",
            "## Services",
            "",
            "The services of each mode, their role (label `com.homeiq.role`) and published ports (`host:container`).",
            "A service that runs in both modes publishes production's host port plus the test port offset in test,",
            "\(deployments.test.testPortOffset) here (`TestPortOffset`, default \(ModeResolver.defaultTestPortOffset)): `Port(8006)` is "
                + "8006 in production and \(8006 + deployments.test.testPortOffset) in test. `homeiq-gen ports` prints the table.",
            "",
            "| service | role | test | production |",
            "| --- | --- | --- | --- |",
        ]
        let names = Set(deployments.flatMap { $0.services.map { $0.name } }).sorted()
        let byName = deployments.map(\.servicesByName)
        for name in names {
            let found = byName.map { $0[name] }
            let role = found.compactMap { $0?.role.rawValue }.first ?? ""
            let cells = found.map { service -> String in
                guard let service else { return "—" }
                if service.ports.isEmpty { return "runs, no published port" }
                return service.ports.map { code($0.composeValue) }.joined(separator: ", ")
            }
            lines.append("| \(name) | \(role) | \(cells.joined(separator: " | ")) |")
        }
        return lines
    }

    // MARK: - Env files

    private func envFileSection() -> [String] {
        var lines = [
            "",
            "## Env files",
            "",
            "Every key of `generated/env.test` and `generated/env.production`, as `--env-file` gives it to compose.",
            "",
            "| key | test | production |",
            "| --- | --- | --- |",
        ]
        let keys = Set(deployments.flatMap { $0.envFile.map(\.key) }).sorted()
        // The last entry of each key, without a scan per key.
        let lastByKey = deployments.map { Dictionary($0.envFile.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last }) }
        for key in keys {
            let cells = lastByKey.map { entries -> String in
                guard let entry = entries[key] else { return "—" }
                return code(display(entry.value))
            }
            lines.append("| `\(key)` | \(cells.joined(separator: " | ")) |")
        }
        return lines
    }

    // MARK: - Deploy-time variables

    /// How a mode uses a `${NAME}` reference.
    private struct Reference {
        var required = false
        var defaults: Set<String> = []
        var services = DistinctNames()
        var inEnvFile = false

        mutating func add(_ use: VariableUse) {
            if use.isRequired { required = true } else { defaults.insert(use.fallback ?? "") }
            if let user = use.user { services.insert(user) } else { inEnvFile = true }
        }
    }

    private static func references(_ uses: [VariableUse]) -> [String: Reference] {
        var found: [String: Reference] = [:]
        for use in uses { found[use.name, default: Reference()].add(use) }
        return found
    }

    private func deployTimeSection() -> [String] {
        var lines = [
            "",
            "## Deploy-time variables",
            "",
            "What the generated files read from the environment of `docker compose` (`${NAME}`). A required",
            "secret (`${NAME:?…}`) stops the deployment while it is empty; an optional secret (`${NAME:-}`,",
            "`.optionalSecret`) is empty when unset and `scripts/deploy.sh` only warns; an optional variable has a default.",
            "",
            "| variable | test | production | used in test by | used in production by |",
            "| --- | --- | --- | --- | --- |",
        ]
        let perMode = variableUses.map(Self.references)
        let allNames = deployments.map(serviceNames)
        let names = Set(perMode.flatMap(\.keys)).sorted()
        for name in names {
            let kinds = perMode.map { references -> String in
                guard let reference = references[name] else { return "—" }
                if reference.required { return "required secret" }
                if reference.defaults == [""] && SecretNames.looksSecret(name) { return "optional secret, empty when unset" }
                let defaults = reference.defaults.sorted().map { $0.isEmpty ? "empty" : code($0) }
                return "optional, default " + defaults.joined(separator: " or ")
            }
            let users = Mode.allCases.map { mode -> String in
                guard let reference = perMode[mode][name] else { return "—" }
                var places = [serviceList(reference.services, all: allNames[mode])].filter { !$0.isEmpty }
                if reference.inEnvFile { places.append("`\(OutputNames.env(mode))`") }
                return places.joined(separator: "; ")
            }
            lines.append("| `\(name)` | \(kinds.joined(separator: " | ")) | \(users.joined(separator: " | ")) |")
        }
        return lines
    }

    // MARK: - Service environments

    private func serviceSection() -> [String] {
        var lines = [
            "",
            "## Service environments",
            "",
            "Every variable a service's `environment:` sets, its value in each mode, and the services that set it.",
            "",
            "| variable | test | production | set in test by | set in production by |",
            "| --- | --- | --- | --- | --- |",
        ]
        // mode -> key -> value text -> the positions of the services that set it (ascending). Positions, not
        // names: a key that every service sets is counted, not hashed name by name.
        let perMode: PerMode<[String: [String: [Int]]]> = deployments.map { deployment in
            /// A key's values: the first one's positions, and every other value with its position. Most keys hold
            /// one value in a mode, so most rows only count positions, without copying a text per service.
            struct Row {
                var first: String
                var firstPositions: [Int]
                var others: [(text: String, position: Int)] = []
            }
            var keys: [String] = []
            var rowOfKey: [String: Int] = [:]
            var rows: [Row] = []
            // The previous service's variables, with each one's row and text: services mostly set the same keys
            // (environments are sorted by key), so a key is found by comparing it with its neighbour's, without
            // hashing it; and a variable that is its neighbour's very declaration (resolution shares it) has its
            // row and text already.
            struct Placed {
                var row: Int
                var text: String
                var isFirst: Bool
            }
            var previousVariables = ResolvedEnvironment()
            var previous: [Placed] = []
            var current: [Placed] = []
            for (position, service) in deployment.services.enumerated() {
                current.removeAll(keepingCapacity: true)
                let environment = service.environment
                for (offset, variable) in environment.enumerated() {
                    if offset < previous.count, previousVariables[offset].isSameDeclaration(as: variable) {
                        let placed = previous[offset]
                        if placed.isFirst {
                            rows[placed.row].firstPositions.append(position)
                        } else {
                            rows[placed.row].others.append((placed.text, position))
                        }
                        current.append(placed)
                        continue
                    }
                    let text = display(variable.value)
                    let row: Int
                    if offset < previous.count, keys[previous[offset].row] == variable.key {
                        row = previous[offset].row
                    } else if let known = rowOfKey[variable.key] {
                        row = known
                    } else {
                        keys.append(variable.key)
                        rowOfKey[variable.key] = rows.count
                        rows.append(Row(first: text, firstPositions: [position]))
                        current.append(Placed(row: rows.count - 1, text: text, isFirst: true))
                        continue
                    }
                    let isFirst = text == rows[row].first
                    if isFirst {
                        rows[row].firstPositions.append(position)
                    } else {
                        rows[row].others.append((text, position))
                    }
                    current.append(Placed(row: row, text: text, isFirst: isFirst))
                }
                swap(&previous, &current)
                previousVariables = environment
            }
            // A row's other values never equal its first, and each value's positions come in service order.
            return Dictionary(uniqueKeysWithValues: zip(keys, rows)).mapValues { row in
                guard !row.others.isEmpty else { return [row.first: row.firstPositions] }
                var byValue = Dictionary(grouping: row.others, by: \.text).mapValues { $0.map(\.position) }
                byValue[row.first] = row.firstPositions
                return byValue
            }
        }
        let order = deployments.map { NameOrder($0.services) }
        let keys = Set(perMode.flatMap(\.keys)).sorted()
        for key in keys {
            let values = Mode.allCases.map { mode -> String in
                guard let byValue = perMode[mode][key] else { return "—" }
                if byValue.count == 1, let only = byValue.keys.first { return code(only) }
                return byValue.sorted { $0.key < $1.key }.map { value, positions in
                    "\(code(value)) (\(order[mode].names(at: positions).joined(separator: ", ")))"
                }.joined(separator: "<br>")
            }
            let users = Mode.allCases.map { mode -> String in
                guard let byValue = perMode[mode][key] else { return "—" }
                return order[mode].list(at: byValue.values.joined())
            }
            lines.append("| `\(key)` | \(values.joined(separator: " | ")) | \(users.joined(separator: " | ")) |")
        }
        return lines
    }

    // MARK: - Spelling

    /// The names of the services of `deployment`, sorted, each once (computed once per table, not once per row).
    private func serviceNames(_ deployment: ResolvedDeployment) -> [String] {
        var names = DistinctNames()
        for service in deployment.services { names.insert(service.name) }
        return names.sorted
    }

    /// A mode's service names in sorted order, and where each service's name stands in it: sorting
    /// positions by rank sorts them by name without comparing strings.
    private struct NameOrder {
        /// The distinct names, sorted.
        let sorted: [String]
        /// For each service position, the rank of its name in `sorted`.
        let rank: [Int]

        init(_ services: [ResolvedService]) {
            let names = services.map { $0.name }
            sorted = Set(names).sorted()
            let rankOf = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element, $0.offset) })
            rank = names.map { rankOf[$0]! }
        }

        /// The distinct names of the services at `positions`, sorted.
        func names(at positions: some Sequence<Int>) -> [String] { ranks(at: positions).map { sorted[$0] } }

        /// "all N services" when the services at `positions` are all of them, else their distinct names, sorted.
        func list(at positions: some Sequence<Int>) -> String {
            let ranks = ranks(at: positions)
            if ranks.count == sorted.count && sorted.count > 1 { return "all \(sorted.count) services" }
            return ranks.map { sorted[$0] }.joined(separator: ", ")
        }

        /// The distinct ranks of the names of the services at `positions`, ascending: sorting ranks sorts names.
        private func ranks(at positions: some Sequence<Int>) -> [Int] {
            var ranks = positions.map { rank[$0] }
            ranks.sort()
            var distinct: [Int] = []
            distinct.reserveCapacity(ranks.count)
            for (index, rank) in ranks.enumerated() where index == 0 || ranks[index - 1] != rank { distinct.append(rank) }
            return distinct
        }
    }

    /// "all N services" when `services` are all the mode's services (`all`, sorted and distinct), else the sorted names.
    private func serviceList(_ services: DistinctNames, all: [String]) -> String {
        if services.isEmpty { return "" }
        let names = services.sorted
        if names == all && all.count > 1 { return "all \(all.count) services" }
        return names.joined(separator: ", ")
    }

    /// A value for people: literals as they are, `${NAME}` for secrets, `${NAME:-default}` for variables.
    private func display(_ value: ResolvedValue) -> String {
        if value.parts.count == 1, case .literal(let text) = value.parts[0] { return text }
        return value.parts.map { part in
            switch part {
            case .literal(let text): text
            case .secret(let name, _): "${\(name)}"
            case .variable(let name, let fallback): fallback.map { "${\(name):-\($0)}" } ?? "${\(name)}"
            }
        }.joined()
    }

    /// Whether a code span can hold text of these UTF-8 bytes as they are (ASCII without `|` or a line break).
    private enum CodeSpanText { case plain, plainWithBacktick, escaped }

    /// `CodeSpanText` of `bytes`, in one pass.
    private static func plainCodeSpan(_ bytes: some Collection<UInt8>) -> CodeSpanText {
        var backtick = false
        for byte in bytes {
            if byte >= 0x80 || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return .escaped }
            if byte == UInt8(ascii: "`") { backtick = true }
        }
        return backtick ? .plainWithBacktick : .plain
    }

    /// `text` as a Markdown code span inside a table cell.
    private func code(_ text: String) -> String {
        if text.isEmpty { return "*(empty)*" }
        // ASCII without `|` or a line break (most values): bytes are characters and nothing is escaped.
        switch text.utf8.withContiguousStorageIfAvailable(Self.plainCodeSpan) ?? Self.plainCodeSpan(Array(text.utf8)) {
        case .plain: return "`\(text)`"
        case .plainWithBacktick: return "`` \(text) ``"
        case .escaped: break
        }
        var cell = ""
        for character in text {
            switch character {
            case "|": cell += "\\|"
            case "\n": cell += "\\n"
            case "\r", "\r\n": cell += "\\r"
            default: cell.append(character)
            }
        }
        if cell.contains("`") { return "`` \(cell) ``" }
        return "`\(cell)`"
    }
}
