import DeployModel

/// Derives a mode's env file from the stack: nothing in it is typed twice.
struct EnvFileDerivation {
    var mode: Mode
    var projectName: String
    var values: ValueResolver
    var outline: StackOutline
    var influx: StackOutline.Scoped<InfluxDBSetup>?
    var sqlite: StackOutline.Scoped<SQLiteSetup>?
    var homeAssistant: StackOutline.Scoped<HomeAssistantSetup>?

    func entries() -> [ResolvedEnvFileEntry] {
        var entries: [ResolvedEnvFileEntry] = []
        func add(_ key: String, _ value: ResolvedValue, at location: SourceLocation, section: String? = nil, everyService: Bool = false) {
            entries.append(
                ResolvedEnvFileEntry(
                    key: key, value: value, location: location, section: section,
                    deliveredToEveryService: everyService))
        }
        func add(_ key: String, _ value: Value, at location: SourceLocation, section: String? = nil) {
            add(key, values.resolve(value).0, at: location, section: section)
        }

        let stackLocation = outline.services.first?.definition.location ?? .unknown
        add("DEPLOYMENT_MODE", Value.literal(mode.deploymentModeValue), at: stackLocation, section: "Deployment")
        add("COMPOSE_PROJECT_NAME", Value.literal(projectName), at: stackLocation)

        if let influx {
            let setup = influx.value
            add("INFLUXDB_URL", .influxURL, at: influx.location, section: "InfluxDB (\(setup.option.rawValue))")
            add("INFLUXDB_ORG", .influxOrg, at: influx.location)
            add("INFLUXDB_BUCKET", .influxBucket, at: influx.location)
            add("INFLUXDB_TOKEN", .influxToken, at: influx.location)
            add("INFLUXDB_RETENTION", .influxRetention, at: influx.location)
            add(
                "USE_SEPARATE_INFLUXDB_INSTANCE", Value.literal(setup.option == .separateTestInstance && mode == .test ? "true" : "false"),
                at: influx.location)
        }
        if let homeAssistant {
            add("HA_HTTP_URL", .homeAssistantURL, at: homeAssistant.location, section: "Home Assistant")
            add("HA_WS_URL", .homeAssistantWebSocketURL, at: homeAssistant.location)
            add("HA_TOKEN", .homeAssistantToken, at: homeAssistant.location)
        }
        if let sqlite {
            add("DATABASE_URL", .databaseURL, at: sqlite.location, section: "SQLite")
        }

        // Feature flags: true exactly when a service that backs the flag runs in this mode.
        var flags: [String: (enabled: Bool, location: SourceLocation)] = [:]
        for scoped in outline.services {
            let present = scoped.modes.value.contains(mode)
            for element in scoped.definition.elements {
                guard case .featureFlag(let name) = element.declaration else { continue }
                let previous = flags[name]
                flags[name] = ((previous?.enabled ?? false) || present, previous?.location ?? element.location)
            }
        }
        for (index, name) in flags.keys.sorted().enumerated() {
            let flag = flags[name]!
            add(
                name, values.resolve(Value.literal(flag.enabled ? "true" : "false")).0, at: flag.location,
                section: index == 0 ? "Feature flags (derived from the services present; every service receives them)" : nil, everyService: true)
        }

        for (index, scoped) in outline.envFileEntries.all(in: mode).enumerated() {
            add(scoped.value.key, scoped.value.value, at: scoped.location, section: index == 0 ? "Stack" : nil)
        }
        return entries
    }
}
