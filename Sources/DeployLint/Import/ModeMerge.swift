import DeployCompiler
import DeployModel

/// Merges a test stack and a production stack (each translated from one compose file per mode) into
/// one stack for both modes: what both say alike is said once; a value that differs becomes a per-mode
/// value (`Env(_, .mode(test:production:))`, `Port(test:production:container:)`, a per-mode bind or
/// name); any other difference goes into `InTest { }` / `InProduction { }`; a service in one file only
/// runs in that mode.
struct ModeMerge {
    var test: Stack
    var production: Stack
    /// Services whose role was guessed in either file (the role is guessed again for the merged modes).
    var guessedRoles: Set<String>

    func merged() -> (stack: Stack, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var elements: [StackElement] = []
        let testElements = test.elements
        var productionLeft = production.elements

        func takeProduction(_ match: (StackDeclaration) -> Bool) -> StackElement? {
            guard let index = productionLeft.firstIndex(where: { match($0.declaration) }) else { return nil }
            return productionLeft.remove(at: index)
        }

        for element in testElements {
            switch element.declaration {
            case .service(let service):
                let other = takeProduction {
                    if case .service(let candidate) = $0 { return candidate.name == service.name }
                    return false
                }
                if case .service(let productionService)? = other?.declaration {
                    let (definition, notes) = merge(service, productionService)
                    diagnostics += notes
                    elements.append(StackElement(.service(definition), at: definition.location))
                } else {
                    elements.append(StackElement(.service(only(service, in: .test)), at: element.location))
                }
            case .network(let network):
                let other = takeProduction {
                    if case .network(let candidate) = $0 { return candidate.key == network.key }
                    return false
                }
                if let other, case .network(let productionNetwork) = other.declaration {
                    if network.driver != productionNetwork.driver || network.driverOptions != productionNetwork.driverOptions {
                        // One declaration per mode: the DSL's driver and options are not per mode.
                        elements.append(StackElement(.scoped(.test, [element]), at: element.location))
                        elements.append(StackElement(.scoped(.production, [other]), at: other.location))
                        continue
                    }
                    var merged = productionNetwork
                    merged.name = perMode(network.name, productionNetwork.name)
                    elements.append(StackElement(.network(merged), at: element.location))
                } else {
                    elements.append(StackElement(.scoped(.test, [element]), at: element.location))
                }
            case .volume(let volume):
                let other = takeProduction {
                    if case .volume(let candidate) = $0 { return candidate.key == volume.key }
                    return false
                }
                if let other, case .volume(let productionVolume) = other.declaration {
                    if volume.driver != productionVolume.driver || volume.driverOptions != productionVolume.driverOptions {
                        elements.append(StackElement(.scoped(.test, [element]), at: element.location))
                        elements.append(StackElement(.scoped(.production, [other]), at: other.location))
                        continue
                    }
                    var merged = productionVolume
                    merged.name = perMode(volume.name, productionVolume.name)
                    elements.append(StackElement(.volume(merged), at: element.location))
                } else {
                    elements.append(StackElement(.scoped(.test, [element]), at: element.location))
                }
            default:
                elements.append(element)
            }
        }
        for element in productionLeft {
            switch element.declaration {
            case .service(let service): elements.append(StackElement(.service(only(service, in: .production)), at: element.location))
            case .network, .volume: elements.append(StackElement(.scoped(.production, [element]), at: element.location))
            default: elements.append(element)
            }
        }
        if test.name != production.name + "-test" && test.name != production.name {
            diagnostics.append(
                Diagnostic(
                    severity: .warning, ruleID: "import.project-name",
                    message: "the test project is '\(test.name)', production's '\(production.name)'; the DSL names test '\(production.name)-test'",
                    location: test.location, help: "an intended change: deploy and tear down test by its new project name"))
        }
        return (Stack(name: production.name, elements: elements, location: production.location), diagnostics)
    }

    private func perMode(_ test: Value?, _ production: Value?) -> Value? {
        guard test != production, let test, let production else { return production ?? test }
        return .perMode(test: test, production: production)
    }

    /// A service that one file holds: it runs in that mode only.
    private func only(_ service: ServiceDefinition, in mode: Mode) -> ServiceDefinition {
        var service = service
        service.elements.removeAll { if case .runsIn = $0.declaration { return true } else { return false } }
        if guessedRoles.contains(service.name) { service.role = ComposeTranslator.guessRole(name: service.name, modes: Modes(mode)) }
        if service.role.defaultModes != Modes(mode) { service.elements.append(ServiceElement(.runsIn(Modes(mode)), at: service.location)) }
        return service
    }

    /// Which declaration of the other mode a declaration pairs with (nil: none; it is compared whole).
    private static func identity(_ declaration: ServiceDeclaration) -> String? {
        switch declaration {
        case .environment(let key, _): "env \(key)"
        case .port(let port): "port \(port.container)/\(port.networkProtocol.rawValue) \(port.hostIP ?? "")"
        case .mount(let mount): "mount \(mount.target ?? "")"
        case .network(let name): "network \(name)"
        case .dependsOn(let service, _): "depends \(service)"
        case .label(let key, _): "label \(key)"
        case .extraHost(let host, _): "host \(host)"
        case .profile(let name): "profile \(name)"
        case .image: "image"
        case .build: "build"
        case .healthcheck: "healthcheck"
        case .restart: "restart"
        case .logging: "logging"
        case .limits: "limits"
        case .reservations: "reservations"
        case .command: "command"
        case .entrypoint: "entrypoint"
        case .user: "user"
        case .containerName: "container-name"
        case .stopGracePeriod: "stop-grace-period"
        default: nil
        }
    }

    /// One declaration for both modes when the two differ only in a value the DSL can give per mode.
    private static func perModeDeclaration(_ test: ServiceDeclaration, _ production: ServiceDeclaration) -> ServiceDeclaration? {
        switch (test, production) {
        case (.environment(let key, let testValue), .environment(_, let productionValue)):
            return .environment(key: key, value: .perMode(test: testValue, production: productionValue))
        case (.port(let testPort), .port(let productionPort)):
            guard testPort.testHost == testPort.productionHost, productionPort.testHost == productionPort.productionHost else { return nil }
            var merged = productionPort
            merged.testHost = testPort.productionHost
            return merged.testHost == nil || merged.productionHost == nil ? nil : .port(merged)
        case (.mount(let testMount), .mount(let productionMount)):
            guard case .bind(let testSource, _) = testMount.source, case .bind(_, let productionSource) = productionMount.source,
                testMount.readOnly == productionMount.readOnly
            else { return nil }
            var merged = productionMount
            merged.source = .bind(test: testSource, production: productionSource)
            return .mount(merged)
        case (.containerName(let testName), .containerName(let productionName)):
            return .containerName(.perMode(test: testName, production: productionName))
        default:
            return nil
        }
    }

    private func merge(_ testService: ServiceDefinition, _ productionService: ServiceDefinition) -> (ServiceDefinition, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var common: [ServiceElement] = []
        var testOnly: [ServiceElement] = []
        var productionLeft = productionService.elements.filter { if case .runsIn = $0.declaration { return false } else { return true } }
        for element in testService.elements {
            if case .runsIn = element.declaration { continue }
            let identity = Self.identity(element.declaration)
            let index = productionLeft.firstIndex {
                identity == nil ? $0.declaration == element.declaration : Self.identity($0.declaration) == identity
            }
            guard let index else {
                testOnly.append(element)
                continue
            }
            let other = productionLeft[index]
            if other.declaration == element.declaration {
                productionLeft.remove(at: index)
                common.append(element)
            } else if let merged = Self.perModeDeclaration(element.declaration, other.declaration) {
                productionLeft.remove(at: index)
                common.append(ServiceElement(merged, at: element.location))
            } else {
                testOnly.append(element)
            }
        }
        var elements = common
        if let first = testOnly.first { elements.append(ServiceElement(.scoped(.test, testOnly), at: first.location)) }
        if let first = productionLeft.first { elements.append(ServiceElement(.scoped(.production, productionLeft), at: first.location)) }
        var role = productionService.role
        if testService.role != productionService.role {
            let testGuessed = guessedRoles.contains(testService.name)
            role = testGuessed ? ComposeTranslator.guessRole(name: productionService.name, modes: .both) : testService.role
            if !testGuessed {
                diagnostics.append(
                    Diagnostic(
                        severity: .warning, ruleID: "import.role",
                        message:
                            "service '\(testService.name)' is labelled '\(testService.role)' in test and '\(productionService.role)' in production; imported as '\(role)'",
                        location: testService.location, help: "a service has one role in both modes; fix the label", service: testService.name))
            }
        }
        if role.defaultModes != .both { elements.append(ServiceElement(.runsIn(.both), at: testService.location)) }
        return (ServiceDefinition(name: productionService.name, role: role, elements: elements, location: testService.location), diagnostics)
    }
}
