import DeployModel

/// Resolves `Value`s for one mode against the stack's settings.
struct ValueResolver: Sendable {
    let mode: Mode
    let projectName: String
    let influxDB: InfluxDBSetup?
    let sqlite: SQLiteSetup?
    let homeAssistant: HomeAssistantSetup?
    /// Each derived value of this mode, resolved once (every service asks for the same few), with the
    /// stack setting it lacks: by `slot(_:)`.
    private var derived: [(value: ResolvedValue, missing: String?)] = []

    init(mode: Mode, projectName: String, influxDB: InfluxDBSetup?, sqlite: SQLiteSetup?, homeAssistant: HomeAssistantSetup?) {
        self.mode = mode
        self.projectName = projectName
        self.influxDB = influxDB
        self.sqlite = sqlite
        self.homeAssistant = homeAssistant
        derived = DerivedValue.allCases.map { value in
            var parts: [ResolvedValue.Part] = []
            var references: [String] = []
            var missing: String?
            appendDerived(value, to: &parts, references: &references, missing: &missing)
            return (ResolvedValue(parts: parts, serviceReferences: references), missing)
        }
    }

    /// The position of `value` in `DerivedValue.allCases` (an enum with a raw value hashes its text).
    private static func slot(_ value: DerivedValue) -> Int {
        switch value {
        case .deploymentMode: 0
        case .influxURL: 1
        case .influxOrg: 2
        case .influxBucket: 3
        case .influxToken: 4
        case .influxRetention: 5
        case .databaseURL: 6
        case .homeAssistantURL: 7
        case .homeAssistantWebSocketURL: 8
        case .homeAssistantToken: 9
        case .projectName: 10
        }
    }

    /// The resolved value, and the name of a stack setting it needs but the stack lacks.
    func resolve(_ value: Value) -> (ResolvedValue, missing: String?) {
        // The common shapes, without building an array of parts: a literal, one derived value, a per-mode choice.
        switch value {
        case .literal(let text): return (.literal(text), nil)
        case .derived(let value) where derived.count == DerivedValue.allCases.count:
            return derived[Self.slot(value)]
        case .perMode(let test, let production): return resolve(mode == .test ? test : production)
        default: break
        }
        var parts: [ResolvedValue.Part] = []
        var references: [String] = []
        var missing: String?
        append(value, to: &parts, references: &references, missing: &missing)
        return (ResolvedValue(parts: parts, serviceReferences: references), missing)
    }

    private func append(_ value: Value, to parts: inout [ResolvedValue.Part], references: inout [String], missing: inout String?) {
        switch value {
        case .literal(let text):
            parts.append(.literal(text))
        case .perMode(let test, let production):
            append(mode == .test ? test : production, to: &parts, references: &references, missing: &missing)
        case .secret(let name, let message):
            parts.append(.secret(name: name, message: message ?? Self.defaultSecretMessage(name, mode: mode)))
        case .variable(let name, let fallback):
            parts.append(.variable(name: name, default: fallback))
        case .serviceURL(let service, let port, let scheme, let path):
            parts.append(.literal("\(scheme)://\(service):\(port)\(path)"))
            references.append(service)
        case .joined(let values):
            for value in values { append(value, to: &parts, references: &references, missing: &missing) }
        case .derived(let value):
            // While `init` fills the table, a derived value that refers to another is resolved directly.
            guard derived.count == DerivedValue.allCases.count else {
                appendDerived(value, to: &parts, references: &references, missing: &missing)
                return
            }
            let known = derived[Self.slot(value)]
            parts += known.value.parts
            references += known.value.serviceReferences
            if let absent = known.missing { missing = absent }
        }
    }

    private func appendDerived(_ derived: DerivedValue, to parts: inout [ResolvedValue.Part], references: inout [String], missing: inout String?) {
        switch derived {
        case .deploymentMode:
            parts.append(.literal(mode.deploymentModeValue))
        case .projectName:
            parts.append(.literal(projectName))
        case .influxURL, .influxOrg, .influxBucket, .influxToken, .influxRetention:
            guard let influxDB else {
                missing = "InfluxDB"
                return
            }
            let tenant = influxDB.tenant(mode)
            switch derived {
            case .influxURL:
                let service = influxDB.serviceName(mode)
                parts.append(.literal("http://\(service):\(influxDB.containerPort)"))
                references.append(service)
            case .influxOrg: parts.append(.literal(tenant.org))
            case .influxBucket: parts.append(.literal(tenant.bucket))
            case .influxRetention: parts.append(.literal(tenant.retention.description))
            default: append(tenant.token, to: &parts, references: &references, missing: &missing)
            }
        case .databaseURL:
            guard let sqlite else {
                missing = "SQLite"
                return
            }
            parts.append(.literal(Self.databaseURL(sqlite, mode: mode)))
        case .homeAssistantURL, .homeAssistantWebSocketURL, .homeAssistantToken:
            guard let homeAssistant else {
                missing = "HomeAssistant"
                return
            }
            let endpoint = homeAssistant.endpoint(mode)
            let value =
                derived == .homeAssistantURL
                ? endpoint.url
                : derived == .homeAssistantWebSocketURL ? endpoint.webSocketURL : endpoint.token
            append(value, to: &parts, references: &references, missing: &missing)
        }
    }

    /// `sqlite+aiosqlite:///./data/test/metadata.db`: relative to the working directory when the database lies under it.
    static func databaseURL(_ sqlite: SQLiteSetup, mode: Mode) -> String {
        let directory = sqlite.location(mode).containerDirectory
        let workingDirectory = sqlite.workingDirectory.hasSuffix("/") ? String(sqlite.workingDirectory.dropLast()) : sqlite.workingDirectory
        if directory.hasPrefix(workingDirectory + "/") {
            return "sqlite+aiosqlite:///./\(directory.dropFirst(workingDirectory.count + 1))/\(sqlite.databaseFile)"
        }
        return "sqlite+aiosqlite:///\(directory)/\(sqlite.databaseFile)"
    }

    static func defaultSecretMessage(_ name: String, mode: Mode) -> String {
        mode == .production
            ? "set \(name) in \(OutputNames.secrets(.production)) or the environment"
            : "set \(name) in the environment (scripts/setup_ha_test.sh prints it)"
    }
}
