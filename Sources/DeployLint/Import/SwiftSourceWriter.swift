import DeployCompiler
import DeployModel

/// Writes a translated stack as `Deployments/` source, declaration by declaration and mistakes
/// included, each line ending in a comment with its YAML origin (`// docker-compose.yml:118`).
///
/// Files by concern (`HomeIQ.swift`, `Platform.swift`, one file per role), at most
/// `servicesPerGetter` services per builder getter, `x-` blocks shared through merge keys or
/// aliases as `ServiceGroup`s.
struct SwiftSourceWriter {
    /// The measured limit of services per builder getter (rule `declarations.builder-size`).
    static let servicesPerGetter = 8

    /// The YAML files the stack comes from, as the user named them (for the headers).
    var origin: String
    /// Top-level `x-` blocks: their key and the lines they span.
    var anchorBlocks: [AnchorBlock]
    /// What each service had that the model cannot hold, by service name (written as comments).
    var notImported: [String: [Diagnostic]]
    /// Services whose role was guessed (not labelled), said on their line.
    var guessedRoles: Set<String> = []

    struct AnchorBlock {
        var key: String
        var lines: ClosedRange<Int>
    }

    /// One shared block: its Swift name and declarations.
    private struct Group {
        var name: String
        var elements: [ServiceElement]
    }

    /// The source files, and what could not be said in the DSL.
    func files(for stack: Stack) -> (files: [GeneratedFile], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var groups: [String: Group] = [:]
        var groupOrder: [String] = []
        var platform: [String] = []
        var servicesByRole: [Role: [String]] = [:]

        for element in stack.elements {
            switch element.declaration {
            case .service(let definition):
                let text = service(definition, groups: &groups, order: &groupOrder, diagnostics: &diagnostics)
                servicesByRole[definition.role, default: []].append(text)
            default:
                if case .scoped(let modes, let inner) = element.declaration, modes == .test || modes == .production,
                    case let lines = inner.compactMap(stackDeclaration), lines.count == inner.count
                {
                    platform.append((modes == .test ? "TestOnly" : "ProductionOnly") + " {  // \(comment(element.location))")
                    platform += lines.map { "    " + $0 }
                    platform.append("}")
                } else if let line = stackDeclaration(element) {
                    platform.append(line)
                } else {
                    diagnostics.append(inexpressible("this stack declaration", at: element.location))
                    platform.append("// homeiq-gen import: not expressible here (\(comment(element.location)))")
                }
            }
        }

        var files: [GeneratedFile] = []
        var getters: [String] = []
        var platformBody = platform.map { "            " + $0 }
        if platformBody.isEmpty { platformBody = ["            Hardware(.nuc8gb)"] }
        var platformFile = header("Hardware, networks, volumes, and the blocks services share (x- keys of the compose file).")
        platformFile += "extension HomeIQ {\n"
        for name in groupOrder {
            guard let group = groups[name] else { continue }
            let key = anchorBlocks.first { Self.identifier(for: $0.key) == name }?.key ?? name
            platformFile += "    /// `\(key)` of the compose file.\n"
            platformFile += "    static let \(name) = ServiceGroup {\n"
            for element in group.elements { platformFile += declarationLine(element, indent: 8, diagnostics: &diagnostics) }
            platformFile += "    }\n\n"
        }
        platformFile +=
            "    static var platform: StackGroup {\n        StackGroup {\n" + platformBody.joined(separator: "\n") + "\n        }\n    }\n}\n"
        files.append(GeneratedFile(path: "Platform.swift", contents: platformFile))
        getters.append("platform")

        for role in Role.allCases {
            guard let services = servicesByRole[role], !services.isEmpty else { continue }
            let (fileName, getter, summary) = Self.fileNaming[role] ?? ("Services.swift", "services", "Services.")
            var text = header(summary) + "extension HomeIQ {\n"
            let chunks = stride(from: 0, to: services.count, by: Self.servicesPerGetter).map {
                Array(services[$0..<min($0 + Self.servicesPerGetter, services.count)])
            }
            for (index, chunk) in chunks.enumerated() {
                let name = index == 0 ? getter : "\(getter)\(index + 1)"
                getters.append(name)
                if index > 0 { text += "\n" }
                text += "    static var \(name): StackGroup {\n        StackGroup {\n"
                text += chunk.joined(separator: "\n")
                text += "        }\n    }\n"
            }
            text += "}\n"
            files.append(GeneratedFile(path: fileName, contents: text))
        }

        var root = header("The stack, as `homeiq-gen import` read it from \(origin). Each declaration ends in a comment with its YAML line.")
        root += "public enum HomeIQ {\n    /// The whole stack.\n"
        root += "    public static let stack = Stack(\(SwiftLiteral.string(stack.name))) {\n"
        root += getters.map { "        \($0)\n" }.joined()
        root += "    }\n}\n"
        files.insert(GeneratedFile(path: "HomeIQ.swift", contents: root), at: 0)
        return (files, diagnostics)
    }

    static let fileNaming: [Role: (String, String, String)] = [
        .core: ("CoreServices.swift", "coreServices", "Services of both modes."),
        .ai: ("AIServices.swift", "aiServices", "AI services: both modes."),
        .externalAPI: ("ExternalData.swift", "externalData", "Services that call outside APIs: production only."),
        .dataGeneration: ("DataGeneration.swift", "dataGeneration", "Synthetic and mock data generators: test only."),
        .testFixture: ("TestFixtures.swift", "testFixtures", "Test-only infrastructure."),
    ]

    private func header(_ summary: String) -> String {
        "// Written by `homeiq-gen import` from \(origin); edit freely (it is yours now).\n// \(summary)\nimport DeployModel\n\n"
    }

    private func comment(_ location: SourceLocation) -> String { "\(location.file):\(location.line)" }

    private func inexpressible(_ what: String, at location: SourceLocation, service: String? = nil) -> Diagnostic {
        Diagnostic(
            severity: .warning, ruleID: "import.inexpressible", message: "\(what) has no DSL form; it is not imported",
            location: location, help: "write it by hand in Deployments/ (the comment marks the place)", service: service)
    }

    // MARK: Services

    private func service(
        _ definition: ServiceDefinition, groups: inout [String: Group], order: inout [String], diagnostics: inout [Diagnostic]
    ) -> String {
        let kind = Self.kindName[definition.role] ?? "CoreService"
        let guess = guessedRoles.contains(definition.name) ? " (role guessed: no com.homeiq.role label)" : ""
        var text = "            \(kind)(\(SwiftLiteral.string(definition.name))) {  // \(comment(definition.location))\(guess)\n"
        var usedGroups: Set<String> = []
        // Declarations that came from an x- block, by block: one shared group when every service takes the same ones.
        var fromBlock: [String: [ServiceElement]] = [:]
        for element in definition.elements {
            if let block = block(of: element.location) { fromBlock[block, default: []].append(element) }
        }
        for element in definition.elements {
            if let block = block(of: element.location), let elements = fromBlock[block] {
                let name = Self.identifier(for: block)
                if let group = groups[name] {
                    if group.elements == elements {
                        if usedGroups.insert(name).inserted { text += "                \(name)  // \(origin):\(blockLine(block))\n" }
                        continue
                    }
                } else {
                    groups[name] = Group(name: name, elements: elements)
                    order.append(name)
                    usedGroups.insert(name)
                    text += "                \(name)  // \(origin):\(blockLine(block))\n"
                    continue
                }
            }
            text += declarationLine(element, indent: 16, diagnostics: &diagnostics)
        }
        for finding in notImported[definition.name] ?? [] {
            text += "                // homeiq-gen import: not imported: \(finding.message) (\(comment(finding.location)))\n"
        }
        return text + "            }\n"
    }

    static let kindName: [Role: String] = [
        .core: "CoreService", .ai: "AIService", .externalAPI: "ExternalAPIService", .dataGeneration: "DataGenerator",
        .testFixture: "TestFixture",
    ]

    private func block(of location: SourceLocation) -> String? {
        anchorBlocks.first { $0.lines.contains(location.line) }?.key
    }

    private func blockLine(_ key: String) -> Int { anchorBlocks.first { $0.key == key }?.lines.lowerBound ?? 0 }

    /// `x-common-env` → `xCommonEnv`: a Swift identifier that cannot clash with the getters.
    static func identifier(for key: String) -> String {
        var name = ""
        var upper = false
        for scalar in key.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
                name += upper ? String(scalar).uppercased() : String(scalar)
                upper = false
            } else {
                upper = true
            }
        }
        return name.isEmpty ? "xBlock" : name
    }

    private func declarationLine(_ element: ServiceElement, indent: Int, diagnostics: inout [Diagnostic]) -> String {
        let pad = String(repeating: " ", count: indent)
        if case .scoped(let mode, let inner) = element.declaration {
            var text = pad + (mode == .test ? "InTest" : "InProduction") + " {  // \(comment(element.location))\n"
            for child in inner { text += declarationLine(child, indent: indent + 4, diagnostics: &diagnostics) }
            return text + pad + "}\n"
        }
        guard let call = Self.call(element.declaration) else {
            diagnostics.append(inexpressible("this declaration", at: element.location))
            return pad + "// homeiq-gen import: not expressible in the DSL (\(comment(element.location)))\n"
        }
        return pad + call + "  // \(comment(element.location))\n"
    }

    /// A field the translator keeps as written that Compose interpolates but the DSL writes as a literal.
    struct Interpolated: Error {}

    /// The DSL call that declares `declaration`, or nil when the DSL has none (or only for a changed meaning:
    /// a `${…}` in a field the DSL writes as a literal).
    static func call(_ declaration: ServiceDeclaration) -> String? { try? exactCall(declaration) }

    /// The literal a value of the compose file means: Compose interpolates every value, so `$$` is a `$`,
    /// and any other `$` reference has no literal form.
    private static func exact(_ raw: String) throws(Interpolated) -> String {
        guard case .literal(let text) = Interpolation.value(raw) else { throw Interpolated() }
        return SwiftLiteral.string(text)
    }

    /// `[key: value]` with exact values (keys are not interpolated), sorted by key.
    private static func exactDictionary(_ values: [String: String]) throws(Interpolated) -> String {
        if values.isEmpty { return "[:]" }
        var pairs: [String] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) { pairs.append("\(SwiftLiteral.string(name)): \(try exact(value))") }
        return "[" + pairs.joined(separator: ", ") + "]"
    }

    private static func exactCall(_ declaration: ServiceDeclaration) throws(Interpolated) -> String? {
        func s(_ raw: String) throws(Interpolated) -> String { try exact(raw) }
        func key(_ raw: String) -> String { SwiftLiteral.string(raw) }
        func list(_ items: [String]) throws(Interpolated) -> String {
            var spelled: [String] = []
            for item in items { spelled.append(try s(item)) }
            return spelled.joined(separator: ", ")
        }
        func dictionary(_ values: [String: String]) throws(Interpolated) -> String { try exactDictionary(values) }
        switch declaration {
        case .image(let reference): return "Image(\(try s(reference)))"
        case .build(let build):
            var arguments = ["context: \(try s(build.context))"]
            if let dockerfile = build.dockerfile { arguments.append("dockerfile: \(try s(dockerfile))") }
            if !build.arguments.isEmpty {
                let pairs = build.arguments.sorted { $0.key < $1.key }.map { "\(key($0.key)): \(SwiftLiteral.value($0.value))" }
                arguments.append("arguments: [\(pairs.joined(separator: ", "))]")
            }
            if let target = build.target { arguments.append("target: \(try s(target))") }
            return "Build(\(arguments.joined(separator: ", ")))"
        case .port(let port):
            guard let production = port.productionHost else { return nil }
            var text =
                port.testHost.map { "Port(test: \($0), production: \(production), container: \(port.container)" }
                ?? "Port(\(production), container: \(port.container)"
            if port.networkProtocol == .udp { text += ", protocol: .udp" }
            if let address = port.hostIP { text += ", hostIP: \(try s(address))" }
            return text + ")"
        case .environment(let name, let value): return "Env(\(key(name)), \(SwiftLiteral.value(value)))"
        case .envFile(let path): return "EnvFile(\(try s(path)))"
        case .mount(let mount):
            let readOnly = mount.readOnly ? ", readOnly: true" : ""
            switch mount.source {
            case .databaseDirectory: return "Mount.database(\(mount.readOnly ? "readOnly: true" : ""))"
            case .volume(let key):
                guard let target = mount.target, !key.isEmpty else { return nil }
                return "Mount(volume: \(try s(key)), at: \(try s(target))\(readOnly))"
            case .bind(let test, let production):
                guard let target = mount.target else { return nil }
                if test == production { return "Mount(bind: \(try s(test)), at: \(try s(target))\(readOnly))" }
                return "Mount(test: \(try s(test)), production: \(try s(production)), at: \(try s(target))\(readOnly))"
            }
        case .network(let name): return "OnNetwork(\(try s(name)))"
        case .dependsOn(let service, let condition):
            let spelled =
                switch condition {
                case .started: ".started"
                case .healthy: ".healthy"
                case .completedSuccessfully: ".completedSuccessfully"
                }
            return "DependsOn(\(try s(service)), \(spelled))"
        case .healthcheck(let check):
            if check.disabled { return "Healthcheck.disabled()" }
            return "Healthcheck([\(try list(check.test))]"
                + timings(interval: check.interval, timeout: check.timeout, retries: check.retries, startPeriod: check.startPeriod, leading: true)
                + ")"
        case .healthcheckTimings(let timings):
            return "HealthcheckTimings("
                + self.timings(
                    interval: timings.interval, timeout: timings.timeout, retries: timings.retries, startPeriod: timings.startPeriod, leading: false)
                + ")"
        case .restart(let policy):
            let spelled =
                switch policy {
                case .no: ".no"
                case .always: ".always"
                case .onFailure: ".onFailure"
                case .unlessStopped: ".unlessStopped"
                }
            return "Restart(\(spelled))"
        case .logging(let logging): return "Logging(driver: \(try s(logging.driver)), options: \(try dictionary(logging.options)))"
        case .limits(let resources): return resource("Limits", resources)
        case .reservations(let resources): return resource("Reservations", resources)
        case .profile(let name): return "Profile(\(try s(name)))"
        case .label(let name, let value): return "Label(\(key(name)), \(try s(value)))"
        case .extraHost(let host, let address): return "ExtraHost(\(try s(host)), \(try s(address)))"
        case .command(let arguments): return "Command(\(try list(arguments)))"
        case .entrypoint(let arguments): return "Entrypoint(\(try list(arguments)))"
        case .user(let user): return "User(\(try s(user)))"
        case .containerName(let name): return "ContainerName(\(SwiftLiteral.value(name)))"
        case .featureFlag(let name): return "FeatureFlag(\(try s(name)))"
        case .waiver(let waiver): return "Waive(\(key(waiver.rule)), because: \(key(waiver.reason)))"
        case .runsIn(let modes): return "RunsIn(\(SwiftLiteral.modes(modes)))"
        case .stopGracePeriod(let period): return "StopGracePeriod(\(period.value))"
        case .replicas(let count): return "Replicas(\(count))"
        // Never produced from compose files by the translator; no faithful spelling is needed yet.
        case .option(let option):
            switch option {
            case .capabilityAdded(let name): return "AddCapabilities(\(try s(name)))"
            case .capabilityDropped(let name): return "DropCapabilities(\(try s(name)))"
            case .securityOption(let text): return "SecurityOption(\(try s(text)))"
            case .group(let name): return "GroupAdd(\(try s(name)))"
            case .readOnly(let flag): return "ReadOnlyRootFilesystem(\(flag))"
            case .initProcess(let flag): return "InitProcess(\(flag))"
            case .privileged(let flag): return "Privileged(\(flag))"
            case .stopSignal(let signal): return "StopSignal(\(try s(signal)))"
            case .platform(let platform): return "Platform(\(try s(platform)))"
            case .networkMode(let mode): return "NetworkMode(\(try s(mode)))"
            case .pid(let mode): return "PIDNamespace(\(try s(mode)))"
            case .expose(let port): return "Expose(\(port))"
            // Not produced by the translator (lint.unsupported there, import.not-imported here).
            case .tmpfs, .device, .sharedMemory, .ulimit, .sysctl, .pullPolicy: return nil
            }
        case .placement, .secretFromEnvironment, .scoped, .egress: return nil
        }
    }

    private static func timings(interval: Seconds?, timeout: Seconds?, retries: Int?, startPeriod: Seconds?, leading: Bool) -> String {
        var parts: [String] = []
        if let interval { parts.append("interval: \(interval.value)") }
        if let timeout { parts.append("timeout: \(timeout.value)") }
        if let retries { parts.append("retries: \(retries)") }
        if let startPeriod { parts.append("startPeriod: \(startPeriod.value)") }
        guard !parts.isEmpty else { return "" }
        return (leading ? ", " : "") + parts.joined(separator: ", ")
    }

    private static func resource(_ name: String, _ resources: ResourceSpec) -> String? {
        if resources.memory?.rejectedInput != nil || resources.cpus?.rejectedInput != nil { return nil }
        var parts: [String] = []
        if let memory = resources.memory { parts.append("memory: \(SwiftLiteral.memory(memory))") }
        if let cpus = resources.cpus { parts.append("cpus: \(SwiftLiteral.cpus(cpus))") }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }

    // MARK: Stack declarations

    /// The stack-level call, or nil when the DSL has none (or only for a changed meaning).
    private func stackDeclaration(_ element: StackElement) -> String? { try? exactStackDeclaration(element) }

    private func exactStackDeclaration(_ element: StackElement) throws(Interpolated) -> String? {
        let s = SwiftLiteral.string
        let origin = "  // \(comment(element.location))"
        switch element.declaration {
        case .network(let network):
            guard network.ipam == nil else { return nil }
            var parts = [s(network.key)]
            if let name = network.name { parts.append("name: \(SwiftLiteral.value(name))") }
            if network.driver != "bridge" { parts.append("driver: \(try Self.exact(network.driver))") }
            if !network.driverOptions.isEmpty { parts.append("driverOptions: \(try Self.exactDictionary(network.driverOptions))") }
            return "Network(\(parts.joined(separator: ", ")))" + origin
        case .volume(let volume):
            var parts = [s(volume.key)]
            if let name = volume.name { parts.append("name: \(SwiftLiteral.value(name))") }
            if let driver = volume.driver { parts.append("driver: \(try Self.exact(driver))") }
            if !volume.driverOptions.isEmpty { parts.append("driverOptions: \(try Self.exactDictionary(volume.driverOptions))") }
            return "Volume(\(parts.joined(separator: ", ")))" + origin
        case .hardware(let profile):
            guard let spelled = Self.hardwareName[profile.id] else { return nil }
            return "Hardware(\(spelled))" + origin
        case .waiver(let waiver): return "Waive(\(s(waiver.rule)), because: \(s(waiver.reason)))" + origin
        case .envFileEntry(let key, let value): return "EnvFileEntry(\(s(key)), \(SwiftLiteral.value(value)))" + origin
        case .testPortOffset(let offset): return "TestPortOffset(\(offset))" + origin
        default: return nil
        }
    }

    static let hardwareName: [String: String] = [HardwareProfile.nuc8gb.id: ".nuc8gb", HardwareProfile.nuc16gb.id: ".nuc16gb"]
}
