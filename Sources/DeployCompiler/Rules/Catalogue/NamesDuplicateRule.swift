import DeployModel

/// `names.duplicate`: nothing is declared twice in one mode.
public struct NamesDuplicateRule: Rule {
    public static let id = "names.duplicate"
    public var summary: String { "no service, network, volume, container name, environment key or label is declared twice" }
    public var documentation: String {
        """
        A second declaration silently replaces the first: YAML keeps one of two equal keys, and \
        compose one of two environment entries. The hand-written HomeIQ file declared a key twice in \
        one service, so which value a container saw depended on the parser. Per mode, the rule \
        refuses a second service, network or volume with the same key, two network or volume keys \
        that resolve to the same name (they would share one Docker object), two services with the \
        same container name, a label key set twice on a service, and an environment key declared \
        twice by the service itself. A service may override a key from `Defaults` once; that is the \
        point of defaults. Use `Env(_:test:production:)` for a value that differs per mode. \
        The second declaration is reported, naming where the first is. \
        Fix: remove or rename one of the two. Complexity: O(s + n + v + e + l) with hash maps over \
        services, networks, volumes, environment declarations and labels.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode

            var services: [String: SourceLocation] = [:]
            var containers: [String: String] = [:]
            services.reserveCapacity(deployment.services.count)
            containers.reserveCapacity(deployment.services.count)
            for service in deployment.services {
                if let first = services[service.name] {
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' is declared twice (first at \(first.shortDescription))",
                        at: service.location, help: "rename or remove one of the two services", service: service.name)
                    continue
                }
                services[service.name] = service.location
                let container = service.containerName.value.displayText
                if let owner = containers[container] {
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' uses container name '\(container)', already used by '\(owner)'",
                        at: service.containerName.location, help: "give each service its own ContainerName(…), or drop it", service: service.name)
                } else {
                    containers[container] = service.name
                }
                checkEnvironment(of: service, mode: mode, into: &diagnostics)
                checkLabels(of: service, mode: mode, into: &diagnostics)
            }

            checkDeclarations(deployment.networks.map { ($0.key, $0.name, $0.location) }, noun: "network", mode: mode, into: &diagnostics)
            checkDeclarations(deployment.volumes.map { ($0.key, $0.name, $0.location) }, noun: "volume", mode: mode, into: &diagnostics)
        }
    }

    private func checkEnvironment(of service: ResolvedService, mode: Mode, into diagnostics: inout DiagnosticCollector) {
        // Most services repeat no key at all: nothing to look for.
        guard service.environment.hasRepeatedKeys else { return }
        var own: [String: SourceLocation] = [:]
        var inherited: [String: SourceLocation] = [:]
        for variable in service.environment.declarations {
            if variable.fromDefaults {
                if let first = inherited[variable.key] {
                    diagnostics.add(
                        Self.id, mode, "Defaults declare environment key '\(variable.key)' twice (first at \(first.shortDescription))",
                        at: variable.location, help: "remove one of the two Env(\"\(variable.key)\", …) in Defaults")
                } else {
                    inherited[variable.key] = variable.location
                }
            } else if let first = own[variable.key] {
                diagnostics.add(
                    Self.id, mode, "service '\(service.name)' declares environment key '\(variable.key)' twice (first at \(first.shortDescription))",
                    at: variable.location,
                    help: "keep one declaration; for a value per mode write Env(\"\(variable.key)\", test: …, production: …)",
                    service: service.name)
            } else {
                own[variable.key] = variable.location
            }
        }
    }

    private func checkLabels(of service: ResolvedService, mode: Mode, into diagnostics: inout DiagnosticCollector) {
        var seen: [String: SourceLocation] = [:]
        // The reserved com.homeiq.* labels are names.reserved-label's business.
        for label in service.labels where !label.value.key.hasPrefix(NamesReservedLabelRule.reservedPrefix) {
            if let first = seen[label.value.key] {
                diagnostics.add(
                    Self.id, mode, "service '\(service.name)' sets label '\(label.value.key)' twice (first at \(first.shortDescription))",
                    at: label.location, help: "keep one Label(\"\(label.value.key)\", …)", service: service.name)
            } else {
                seen[label.value.key] = label.location
            }
        }
    }

    private func checkDeclarations(
        _ declarations: [(key: String, name: String, location: SourceLocation)], noun: String, mode: Mode,
        into diagnostics: inout DiagnosticCollector
    ) {
        var keys: [String: SourceLocation] = [:]
        var names: [String: (key: String, location: SourceLocation)] = [:]
        for declaration in declarations {
            if let first = keys[declaration.key] {
                diagnostics.add(
                    Self.id, mode, "\(noun) '\(declaration.key)' is declared twice (first at \(first.shortDescription))",
                    at: declaration.location, help: "remove one of the two \(noun == "network" ? "Network" : "Volume")(\"\(declaration.key)\")")
                continue
            }
            keys[declaration.key] = declaration.location
            if let first = names[declaration.name] {
                diagnostics.add(
                    Self.id, mode,
                    "\(noun) '\(declaration.key)' has the name '\(declaration.name)' of \(noun) '\(first.key)' (\(first.location.shortDescription)): they would be one \(noun)",
                    at: declaration.location, help: "give it its own name, or use the other \(noun)")
            } else {
                names[declaration.name] = (declaration.key, declaration.location)
            }
        }
    }
}
