import DeployModel

/// One resolved setting of a service in one mode, keyed so that the same setting can be found in
/// the other mode: `environment LOG_LEVEL = DEBUG`, `port 8001/tcp = 8002:8001`.
public struct ServiceFact: Sendable, Hashable {
    /// What kind of setting: `image`, `port`, `environment`, `limits`, …
    public var field: String
    /// Which one of that kind (an environment key, a container port, a mount target), empty when there is one.
    public var key: String
    /// The value as compose sees it (references as `${NAME}`, never a secret's value).
    public var value: String
    public var origin: Origin

    /// `environment LOG_LEVEL`, `image`.
    public var label: String { key.isEmpty ? field : "\(field) \(key)" }
}

extension ResolvedDeployment {
    /// Every resolved setting of `service` in this mode, in a fixed order, with its origin.
    public func facts(of service: ResolvedService) -> [ServiceFact] {
        var facts: [ServiceFact] = []
        func add(_ field: String, key: String = "", _ value: String, at location: SourceLocation) {
            facts.append(ServiceFact(field: field, key: key, value: value, origin: origin(of: location, in: service.name)))
        }
        add("role", service.role.rawValue, at: service.location)
        if let image = service.image { add("image", image.value, at: image.location) }
        if let build = service.build { add("build", build.value.context, at: build.location) }
        add("container_name", service.containerName.value.displayText, at: service.containerName.location)
        for port in service.ports.sorted(by: { ($0.container, $0.host) < ($1.container, $1.host) }) {
            add("port", key: "\(port.container)/\(port.networkProtocol.rawValue)", port.composeValue, at: port.location)
        }
        for variable in service.environment {
            add("environment", key: variable.key, variable.value.displayText, at: variable.location)
        }
        for file in service.envFiles { add("env_file", key: file.value, file.value, at: file.location) }
        for mount in service.mounts.sorted(by: { $0.target < $1.target }) {
            let source: String
            switch mount.source {
            case .volume(let key): source = volumes.first { $0.key == key }?.name ?? key
            case .bind(let path): source = path
            }
            add("mount", key: mount.target, source + (mount.readOnly ? " (read-only)" : ""), at: mount.location)
        }
        for network in service.networks.sorted(by: { $0.value < $1.value }) {
            add("network", key: network.value, networks.first { $0.key == network.value }?.name ?? network.value, at: network.location)
        }
        for dependency in service.dependencies.sorted(by: { $0.service < $1.service }) {
            add("depends_on", key: dependency.service, dependency.condition.rawValue, at: dependency.location)
        }
        if let check = service.healthcheck {
            var text = check.value.test.joined(separator: " ")
            let timings = [
                ("interval", check.value.interval?.composeValue), ("timeout", check.value.timeout?.composeValue),
                ("retries", check.value.retries.map(String.init)), ("start_period", check.value.startPeriod?.composeValue),
            ]
            .compactMap { name, value in value.map { "\(name) \($0)" } }
            if !timings.isEmpty { text += " (" + timings.joined(separator: ", ") + ")" }
            add("healthcheck", text, at: check.location)
        }
        for (field, resources) in [("limits", service.limits), ("reservations", service.reservations)] {
            guard let resources else { continue }
            if let memory = resources.value.memory { add(field, key: "memory", memory.composeValue, at: resources.location) }
            if let cpus = resources.value.cpus { add(field, key: "cpus", cpus.composeValue, at: resources.location) }
        }
        return facts
    }
}
