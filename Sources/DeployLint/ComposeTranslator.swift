import DeployCompiler
import DeployModel
import DeployRead

/// Translates compose YAML into the DSL's `Stack`, with every source location at the YAML file's
/// line and column, so that the compiler's own resolve and rule stages judge hand-written files.
public struct ComposeTranslator {
    /// Which compose profile selects each mode; services without profiles run in both.
    public var testProfile = "test"
    public var productionProfile = "production"

    /// When set, every service runs in this mode only (a file per mode, as `import --test-file` reads
    /// them) and its `profiles:` are kept as `Profile` declarations.
    public var singleMode: Mode?
    /// When set, the compose file's folder relative to the package root: relative host paths (bind
    /// sources, env files, build contexts) are rebased onto the root, where `Deployments/` paths start.
    public var directory: String?

    public init(testProfile: String = "test", productionProfile: String = "production") {
        self.testProfile = testProfile
        self.productionProfile = productionProfile
    }

    /// The translation: the stack, and what the translation itself has to say (unsupported keys, guessed roles).
    public struct Translation {
        public var stack: Stack
        public var diagnostics: [Diagnostic]
    }

    static let knownServiceKeys: Set<String> = [
        "image", "build", "ports", "environment", "env_file", "volumes", "networks", "depends_on", "healthcheck",
        "restart", "logging", "deploy", "mem_limit", "cpus", "profiles", "labels", "extra_hosts", "command",
        "entrypoint", "user", "container_name", "stop_grace_period", "cap_add", "cap_drop", "security_opt", "group_add",
        "read_only", "init", "privileged", "stop_signal", "platform", "network_mode", "pid", "expose",
    ]

    /// Translates the merged compose document `root`, read from `file` (as the user named it).
    /// Translates the document merged from `files` (the main file first, then its overrides, whose
    /// positions `ComposeLint.read` marks with their file).
    public func translate(_ root: YAML.Node, files: [String], project: String) -> Translation {
        let file = files.first ?? ""
        var diagnostics: [Diagnostic] = []
        var elements: [StackElement] = []
        func location(_ node: YAML.Node) -> SourceLocation {
            let index = node.mark.line / YAML.Node.fileStride
            return SourceLocation(
                file: index < files.count ? files[index] : file, line: node.mark.line % YAML.Node.fileStride, column: node.mark.column)
        }
        func unsupported(_ key: YAML.Node, _ what: String, service: String? = nil) {
            diagnostics.append(
                Diagnostic(
                    severity: .warning, ruleID: "lint.unsupported", message: "\(what) '\(key.scalar ?? "")' is not checked by the rules",
                    location: location(key), help: "the rules ignore it; check it by hand", service: service))
        }
        let project = root["name"]?.scalar ?? project
        for pair in root.pairs ?? [] {
            switch pair.key.scalar ?? "" {
            case "services", "networks", "volumes", "name", "version": break
            case let key where key.hasPrefix("x-"): break
            case "include":
                diagnostics.append(
                    Diagnostic(
                        severity: .error, ruleID: "lint.unsupported", message: "`include` is not followed by lint",
                        location: location(pair.key), help: "lint the included files together with this one: homeiq-gen lint a.yml b.yml"))
            default: unsupported(pair.key, "top-level key")
            }
        }
        var declaredVolumes: Set<String> = []
        for pair in root["volumes"]?.pairs ?? [] {
            let key = pair.key.scalar ?? ""
            declaredVolumes.insert(key)
            let name = pair.value["name"]?.scalar ?? "\(project)_\(key)"
            let volume = VolumeSpec(
                key: key, name: Interpolation.value(name), driver: pair.value["driver"]?.scalar,
                driverOptions: Self.options(pair.value["driver_opts"]))
            elements.append(StackElement(.volume(volume), at: location(pair.key)))
        }
        var networkKeys: [String] = []
        for pair in root["networks"]?.pairs ?? [] {
            let key = pair.key.scalar ?? ""
            networkKeys.append(key)
            let name = pair.value["name"]?.scalar ?? "\(project)_\(key)"
            let driver = pair.value["driver"]?.scalar ?? "bridge"
            let network = NetworkSpec(
                key: key, name: Interpolation.value(name), driver: driver, driverOptions: Self.options(pair.value["driver_opts"]))
            elements.append(StackElement(.network(network), at: location(pair.key)))
        }
        var usesDefaultNetwork = false
        for pair in root["services"]?.pairs ?? [] {
            let name = pair.key.scalar ?? ""
            let body = pair.value
            var service: [ServiceElement] = []
            func add(_ declaration: ServiceDeclaration, _ node: YAML.Node) { service.append(ServiceElement(declaration, at: location(node))) }
            for entry in body.pairs ?? [] {
                let key = entry.key.scalar ?? ""
                let value = entry.value
                switch key {
                case "image": add(.image(value.scalar ?? ""), value)
                case "build":
                    let context = rebased(value.scalar ?? value["context"]?.scalar ?? ".")
                    add(.build(BuildSpec(context: context, dockerfile: value["dockerfile"]?.scalar, target: value["target"]?.scalar)), value)
                case "ports":
                    for item in value.items ?? [] {
                        if let spec = Self.port(item) { add(.port(spec), item) } else { unsupported(item, "port", service: name) }
                    }
                case "environment":
                    for (envKey, envValue, node) in Self.environment(value) { add(.environment(key: envKey, value: envValue), node) }
                    for (envKey, text, node) in Self.keyValues(value) {
                        for reference in Interpolation.approximations(in: text ?? "") {
                            diagnostics.append(
                                Diagnostic(
                                    severity: .warning, ruleID: "lint.interpolation",
                                    message: "\(envKey): \(reference) is read as the nearest DSL form (${X}, ${X:-d} or ${X:?e})",
                                    location: location(node), help: "write it with ':' (${X:-d}, ${X:?e}) or as a literal", service: name))
                        }
                    }
                case "env_file":
                    for item in value.items ?? [value] { if let path = item.scalar ?? item["path"]?.scalar { add(.envFile(rebased(path)), item) } }
                case "volumes":
                    for item in value.items ?? [] {
                        var mount = Self.mount(item, declared: declaredVolumes)
                        if case .bind(let test, let production) = mount.source {
                            mount.source = .bind(test: rebased(test), production: rebased(production))
                        }
                        add(.mount(mount), item)
                    }
                case "networks":
                    for item in value.items ?? value.pairs?.map(\.key) ?? [] { add(.network(item.scalar ?? ""), item) }
                case "depends_on":
                    if let items = value.items {
                        for item in items { add(.dependsOn(service: item.scalar ?? "", condition: .started), item) }
                    } else {
                        for dependency in value.pairs ?? [] {
                            let condition = DependencyCondition(rawValue: dependency.value["condition"]?.scalar ?? "") ?? .started
                            add(.dependsOn(service: dependency.key.scalar ?? "", condition: condition), dependency.key)
                        }
                    }
                case "healthcheck":
                    let test: [String] = value["test"]?.items?.compactMap(\.scalar) ?? value["test"]?.scalar.map { ["CMD-SHELL", $0] } ?? []
                    let disabled = value["disable"]?.scalar == "true" || test.first == "NONE"
                    add(
                        .healthcheck(
                            HealthcheckSpec(
                                test: test, interval: Self.seconds(value["interval"]), timeout: Self.seconds(value["timeout"]),
                                retries: value["retries"]?.scalar.flatMap { Int($0) }, startPeriod: Self.seconds(value["start_period"]),
                                disabled: disabled)), value)
                case "restart":
                    if let policy = RestartPolicy(rawValue: (value.scalar ?? "").split(separator: ":").first.map(String.init) ?? "") {
                        add(.restart(policy), value)
                    }
                case "logging":
                    var options: [String: String] = [:]
                    for option in value["options"]?.pairs ?? [] { options[option.key.scalar ?? ""] = option.value.scalar ?? "" }
                    add(.logging(LoggingSpec(driver: value["driver"]?.scalar ?? "json-file", options: options)), value)
                case "deploy":
                    // The last `deploy:` wins, as in Compose; the reader reports the duplicate key.
                    if let limits = value["resources"]?["limits"] {
                        add(.limits(ResourceSpec(memory: Self.memory(limits["memory"]), cpus: Self.cpus(limits["cpus"]))), limits)
                    }
                    if let reservations = value["resources"]?["reservations"] {
                        add(
                            .reservations(ResourceSpec(memory: Self.memory(reservations["memory"]), cpus: Self.cpus(reservations["cpus"]))),
                            reservations)
                    }
                case "mem_limit", "cpus":
                    add(
                        .limits(ResourceSpec(memory: key == "mem_limit" ? Self.memory(value) : nil, cpus: key == "cpus" ? Self.cpus(value) : nil)),
                        value)
                case "labels":
                    for (labelKey, labelValue, node) in Self.keyValues(value) where labelKey != "com.homeiq.role" && labelKey != "com.homeiq.mode" {
                        add(.label(key: labelKey, value: labelValue ?? ""), node)
                    }
                case "extra_hosts":
                    for (host, address, node) in Self.keyValues(value, separator: ":") { add(.extraHost(host: host, address: address ?? ""), node) }
                case "command": add(.command(value.items?.compactMap(\.scalar) ?? [value.scalar ?? ""]), value)
                case "entrypoint": add(.entrypoint(value.items?.compactMap(\.scalar) ?? [value.scalar ?? ""]), value)
                case "user": add(.user(value.scalar ?? ""), value)
                case "container_name": add(.containerName(Interpolation.value(value.scalar ?? "")), value)
                case "stop_grace_period": if let seconds = Self.seconds(value) { add(.stopGracePeriod(seconds), value) }
                case "cap_add", "cap_drop", "security_opt", "group_add":
                    for item in value.items ?? [] {
                        let text = item.scalar ?? ""
                        let option: ContainerOption =
                            switch key {
                            case "cap_add": .capabilityAdded(text)
                            case "cap_drop": .capabilityDropped(text)
                            case "security_opt": .securityOption(text)
                            default: .group(text)
                            }
                        add(.option(option), item)
                    }
                case "read_only", "init", "privileged":
                    guard let flag = Bool(value.scalar ?? "") else {
                        unsupported(entry.key, "service key", service: name)
                        break
                    }
                    add(.option(key == "read_only" ? .readOnly(flag) : key == "init" ? .initProcess(flag) : .privileged(flag)), value)
                case "stop_signal": add(.option(.stopSignal(value.scalar ?? "")), value)
                case "platform": add(.option(.platform(value.scalar ?? "")), value)
                case "network_mode": add(.option(.networkMode(value.scalar ?? "")), value)
                case "pid": add(.option(.pid(value.scalar ?? "")), value)
                case "expose":
                    for item in value.items ?? [] {
                        if let port = item.scalar.flatMap({ Int($0) }) {
                            add(.option(.expose(port)), item)
                        } else {
                            unsupported(item, "expose", service: name)
                        }
                    }
                case "profiles":
                    if singleMode != nil { for item in value.items ?? [] { add(.profile(item.scalar ?? ""), item) } }
                case "extends":
                    diagnostics.append(
                        Diagnostic(
                            severity: .error, ruleID: "lint.unsupported", message: "`extends` of service '\(name)' is not followed by lint",
                            location: location(entry.key), help: "write the service out in full, or lint the stack after `docker compose config`",
                            service: name))
                default: unsupported(entry.key, "service key", service: name)
                }
            }
            if body["networks"] == nil && body["network_mode"] == nil {
                usesDefaultNetwork = true
                service.append(ServiceElement(.network("default"), at: location(pair.key)))
            }
            // Modes from profiles; the role from the label, else guessed (and said so).
            let profiles = Set(body["profiles"]?.items?.compactMap(\.scalar) ?? [])
            var modes: Modes = []
            if let singleMode {
                modes = Modes(singleMode)
            } else {
                if profiles.isEmpty || profiles.contains(testProfile) { modes.insert(.test) }
                if profiles.isEmpty || profiles.contains(productionProfile) { modes.insert(.production) }
            }
            let labelled = Self.keyValues(body["labels"] ?? YAML.Node(.mapping([]), mark: body.mark)).first { $0.0 == "com.homeiq.role" }
            let role: Role
            if let labelled, let value = labelled.1, let named = Role(rawValue: value) {
                role = named
            } else {
                role = Self.guessRole(name: name, modes: modes)
                diagnostics.append(
                    Diagnostic(
                        severity: .note, ruleID: "lint.role",
                        message: "service '\(name)' has no com.homeiq.role label; its role is guessed as '\(role)' from its profiles and name",
                        location: location(pair.key), help: "add the label com.homeiq.role: \(role) (or the right role) to say it", service: name))
            }
            if modes != role.defaultModes { service.append(ServiceElement(.runsIn(modes), at: location(body["profiles"] ?? pair.key))) }
            let definition = ServiceDefinition(name: name, role: role, elements: service, location: location(pair.key))
            elements.append(StackElement(.service(definition), at: location(pair.key)))
        }
        if usesDefaultNetwork && !networkKeys.contains("default") {
            elements.append(
                StackElement(
                    .network(NetworkSpec(key: "default", name: .literal("\(project)_default"), driver: "bridge")),
                    at: SourceLocation(file: file, line: root.mark.line, column: root.mark.column)))
        }
        let stack = Stack(name: project, elements: elements, location: SourceLocation(file: file, line: root.mark.line, column: root.mark.column))
        return Translation(stack: stack, diagnostics: diagnostics)
    }

    /// `driver_opts:` as text.
    static func options(_ node: YAML.Node?) -> [String: String] {
        var options: [String: String] = [:]
        for pair in node?.pairs ?? [] { options[pair.key.scalar ?? ""] = pair.value.scalar ?? "" }
        return options
    }

    /// `path` from the package root, when `directory` is set and `path` is relative (`~`, `$` and absolute paths stay).
    func rebased(_ path: String) -> String {
        guard let directory, !path.hasPrefix("/"), !path.hasPrefix("~"), !path.hasPrefix("$") else { return path }
        var parts: [Substring] = []
        for part in (directory + "/" + path).split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    static func guessRole(name: String, modes: Modes) -> Role {
        let lower = name.lowercased()
        if modes == .test {
            return ["generator", "synthetic", "mock", "simulat", "seed"].contains(where: lower.contains) ? .dataGeneration : .testFixture
        }
        if modes == .production { return .externalAPI }
        return lower.hasPrefix("ai-") || lower.hasSuffix("-ai") || lower.contains("-ai-") ? .ai : .core
    }

    /// `[ip:]host:container[/proto]`, `container`, or the long form.
    static func port(_ node: YAML.Node) -> PortSpec? {
        if node.pairs != nil {
            guard let target = node["target"]?.scalar.flatMap({ Int($0) }) else { return nil }
            let published = node["published"]?.scalar.flatMap { Int($0) }
            let proto = PortSpec.NetworkProtocol(rawValue: node["protocol"]?.scalar ?? "tcp") ?? .tcp
            return PortSpec(
                testHost: published, productionHost: published, container: target, networkProtocol: proto, hostIP: node["host_ip"]?.scalar)
        }
        guard var text = node.scalar else { return nil }
        var proto = PortSpec.NetworkProtocol.tcp
        if let slash = text.lastIndex(of: "/") {
            guard let parsed = PortSpec.NetworkProtocol(rawValue: String(text[text.index(after: slash)...])) else { return nil }
            proto = parsed
            text = String(text[..<slash])
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let container = parts.last.flatMap({ Int($0) }) else { return nil }
        if parts.count == 1 { return PortSpec(testHost: nil, productionHost: nil, container: container, networkProtocol: proto) }
        guard let host = Int(parts[parts.count - 2]) else { return nil }
        let ip = parts.count > 2 ? parts[..<(parts.count - 2)].joined(separator: ":") : nil
        return PortSpec(testHost: host, productionHost: host, container: container, networkProtocol: proto, hostIP: ip)
    }

    static func mount(_ node: YAML.Node, declared: Set<String>) -> MountSpec {
        if node.pairs != nil {
            let source = node["source"]?.scalar ?? ""
            let target = node["target"]?.scalar
            let readOnly = node["read_only"]?.scalar == "true"
            if node["type"]?.scalar == "volume" { return MountSpec(source: .volume(source), target: target, readOnly: readOnly) }
            return MountSpec(source: .bind(test: source, production: source), target: target, readOnly: readOnly)
        }
        let parts = (node.scalar ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let readOnly = parts.count > 2 && parts[2].split(separator: ",").contains("ro")
        guard parts.count >= 2 else { return MountSpec(source: .volume(""), target: parts.first, readOnly: false) }
        if declared.contains(parts[0]) || !(parts[0].hasPrefix(".") || parts[0].hasPrefix("/") || parts[0].hasPrefix("~") || parts[0].hasPrefix("$"))
        {
            return MountSpec(source: .volume(parts[0]), target: parts[1], readOnly: readOnly)
        }
        return MountSpec(source: .bind(test: parts[0], production: parts[0]), target: parts[1], readOnly: readOnly)
    }

    /// `environment:` as a mapping or a `KEY=VALUE` list; the last occurrence of a key wins, as in Compose.
    static func environment(_ node: YAML.Node) -> [(String, Value, YAML.Node)] {
        keyValues(node).map { key, value, origin in
            (key, value.map(Interpolation.value) ?? .variable(key, default: nil), origin)
        }
    }

    /// A mapping, or a list of `KEY=VALUE` (or `KEY` alone) strings.
    static func keyValues(_ node: YAML.Node, separator: Character = "=") -> [(String, String?, YAML.Node)] {
        if let pairs = node.pairs {
            return pairs.map { ($0.key.scalar ?? "", $0.value.isNull ? nil : $0.value.scalar, $0.key) }
        }
        return (node.items ?? []).compactMap { item in
            guard let text = item.scalar else { return nil }
            guard let split = text.firstIndex(of: separator) else { return (text, nil, item) }
            return (String(text[..<split]), String(text[text.index(after: split)...]), item)
        }
    }

    /// `512M`, `1g`, `1536m`, `2GB`, or bytes.
    static func memory(_ node: YAML.Node?) -> Memory? {
        guard var text = node?.scalar?.lowercased(), !text.isEmpty else { return nil }
        if text.hasSuffix("b") && text.count > 1 && !(text.dropLast().last?.isNumber ?? true) { text.removeLast() }
        let units: [Character: Double] = ["k": 1.0 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024]
        if let unit = text.last, let factor = units[unit], let number = Double(text.dropLast()) {
            return Memory(mebibytes: Int((number * factor).rounded()))
        }
        if text.last == "b", let bytes = Double(text.dropLast()) { return Memory(mebibytes: Int((bytes / 1_048_576).rounded())) }
        return Double(text).map { Memory(mebibytes: Int(($0 / 1_048_576).rounded())) }
    }

    static func cpus(_ node: YAML.Node?) -> CPUs? {
        node?.scalar.flatMap(Double.init).map { CPUs.cpus($0) }
    }

    /// `30s`, `1m30s`, `1h`, `500ms` (rounded down to whole seconds).
    static func seconds(_ node: YAML.Node?) -> Seconds? {
        guard let text = node?.scalar, !text.isEmpty else { return nil }
        var total = 0.0
        var number = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                number.append(character)
            } else {
                var unit = String(character)
                if character == "m", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "s" {
                    unit = "ms"
                    index = text.index(after: index)
                }
                let factor: Double =
                    switch unit {
                    case "h": 3600
                    case "m": 60
                    case "s": 1
                    case "ms": 0.001
                    default: 0
                    }
                total += (Double(number) ?? 0) * factor
                number = ""
            }
            index = text.index(after: index)
        }
        if !number.isEmpty { total += Double(number) ?? 0 }
        return Seconds(Int(total))
    }
}
