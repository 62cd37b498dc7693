import DeployCompiler
import DeployModel
import Foundation

/// Where a reader finds a value: a path of mapping keys and list indices.
enum PathStep: Encodable, Hashable, Sendable {
    case key(String)
    case index(Int)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .key(let key): try container.encode(key)
        case .index(let index): try container.encode(index)
        }
    }
}

/// What one reader must read back for a value placed in a field.
struct Expectation: Hashable, Sendable {
    var path: [PathStep]
    /// The exact text; nil when only the presence of the path is checked (a key whose value is empty).
    var text: String?
    /// Compare as file-system paths (`a//b/` and `a/b` are the same folder).
    var isPath = false
    /// How the reader reads what it finds at `path`.
    var reading = Reading.text

    enum Reading: String, Sendable {
        /// The text as it is (or as a path, with `isPath`).
        case text
        /// A Swarm placement constraint, parsed as Swarm parses it (swarmkit's `constraint.Parse`):
        /// `text` is the JSON array `[key, operator, value]` it must give.
        case constraint
        /// A secrets wrapper (`entrypoint: [/bin/sh, -c, SCRIPT, NAME]`), run by `/bin/sh` with the
        /// secret files in place: `text` is the JSON object `{"variable": V, "secrets": {NAME: CONTENT}}`,
        /// and the command it execs must see `V` set to the content of the secret.
        case wrapper
        /// Text that starts with `text` (what follows is another field's: a stack holds one value of each).
        case prefix
        /// Text that ends with `text` (what comes before is another field's).
        case suffix
    }
}

/// A value placed in one field: the declarations that carry it and what each reader must see.
struct Placement: Sendable {
    /// Service-level declarations (the service is named by the harness), or none.
    var service: [ServiceElement] = []
    /// Stack-level declarations.
    var stack: [StackElement] = []
    /// What PyYAML reads from the compose file (the file's text: `$` doubled in interpolated fields).
    var yaml: Expectation?
    /// What Docker Compose v2's model holds after interpolation.
    var compose: Expectation?
    /// What python-dotenv reads from the env file.
    var dotenv: Expectation?
    /// The modes whose files hold the value.
    var modes: [Mode] = Mode.allCases
    /// The deploy environment Compose needs (secrets the value refers to).
    var composeEnvironment: [String: String] = [:]
    /// Files the stack needs on the host (relative to the package root) and their contents.
    var hostFiles: [String: String] = [:]

    /// The text Compose and python-dotenv read in each mode, when it differs between modes.
    var textByMode: [Mode: String]?

    /// Nodes and group placements of the stack's `Cluster` (every case of a batch shares one).
    var cluster: [ClusterElement] = []
    /// What PyYAML and Compose read from the Swarm stack file (`docker-stack.<mode>.yml`) of each of `modes`.
    var stackFile: [StackFileExpectation] = []
    /// Its change to the one-per-stack declarations (InfluxDB, SQLite, Home Assistant, EgressGuard).
    var setup: SetupChange?
    /// More that PyYAML and Compose read from the compose file of each of `modes`, beside `yaml` and `compose`.
    var composeFile: [StackFileExpectation] = []

    /// What the readers must see in `mode`'s Swarm stack file (or, `more` in its compose file).
    func stackFileChecks(in mode: Mode, composeFile more: Bool = false) -> [(yaml: Expectation?, compose: Expectation?, dotenv: Expectation?)] {
        guard modes.contains(mode) else { return [] }
        return (more ? composeFile : stackFile).map { check -> (yaml: Expectation?, compose: Expectation?, dotenv: Expectation?) in
            switch check.reader {
            case .pyYAML: (yaml: check.expectation, compose: nil, dotenv: nil)
            case .compose: (yaml: nil, compose: check.expectation, dotenv: nil)
            }
        }
    }

    /// What the readers must see in `mode`'s files.
    func expectations(in mode: Mode) -> (yaml: Expectation?, compose: Expectation?, dotenv: Expectation?) {
        guard modes.contains(mode) else { return (nil, nil, nil) }
        guard let text = textByMode?[mode] else { return (yaml, compose, dotenv) }
        func with(_ expectation: Expectation?) -> Expectation? {
            expectation.map { Expectation(path: $0.path, text: text, isPath: $0.isPath, reading: $0.reading) }
        }
        return (yaml, with(compose), with(dotenv))
    }
}

/// What one reader must read back from a Swarm stack file.
struct StackFileExpectation: Hashable, Sendable {
    enum Reader: Sendable { case pyYAML, compose }
    var reader: Reader
    var expectation: Expectation
}

/// One string-bearing field of the DSL.
struct StringField: Sendable {
    /// The field's path in `StringFieldInventory`, e.g. `build.dockerfile` or `option.tmpfs.target`.
    var path: String
    /// How its cases share compose files.
    var batching = Batching.shared
    /// A name or key the rules look up and compare (variables, networks, flags): the 1 MB value is
    /// replaced by an 8 KB one there, since names are compared pairwise and a megabyte name only
    /// makes the run slow.
    var isName = false
    /// Places `value` in the field of the service `service` (or at stack level, using `service` as a unique suffix).
    var place: @Sendable (_ value: String, _ service: String) -> Placement

    enum Batching: Sendable {
        /// Many cases in one compose file.
        case shared
        /// Many cases in one compose file of a stack with a `Cluster`, whose Swarm stack files are read back too.
        case cluster
        /// One per stack (hardware, stack-wide waiver): each value needs its own files.
        case perStack
    }
}

/// `$` doubled: how an interpolated field holds a literal in the compose file's text.
func doubled(_ text: String) -> String {
    var bytes: [UInt8] = []
    for byte in text.utf8 {
        bytes.append(byte)
        if byte == UInt8(ascii: "$") { bytes.append(byte) }
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func element(_ declaration: ServiceDeclaration, file: String = #filePath, line: Int = #line) -> ServiceElement {
    ServiceElement(declaration, file: file, line: line, column: 1)
}

private func stackElement(_ declaration: StackDeclaration, file: String = #filePath, line: Int = #line) -> StackElement {
    StackElement(declaration, at: SourceLocation(file: file, line: line, column: 1))
}

/// A service that passes every rule on its own (an image and a health check), then `extra`, at `location`.
private func minimalService(_ name: String, role: Role = .core, _ extra: [ServiceDeclaration] = [], at location: SourceLocation) -> ServiceDefinition
{
    let base: [ServiceDeclaration] = [.image("example/s:1.0.0"), .healthcheck(HealthcheckSpec(test: ["CMD", "true"]))]
    return ServiceDefinition(name: name, role: role, elements: (base + extra).map { ServiceElement($0, at: location) }, location: location)
}

/// `minimalService` as a stack element at the caller's line.
private func minimalServiceElement(
    _ name: String, role: Role = .core, _ extra: [ServiceDeclaration] = [], file: String = #filePath, line: Int = #line
) -> StackElement {
    let location = SourceLocation(file: file, line: line, column: 1)
    return StackElement(.service(minimalService(name, role: role, extra, at: location)), at: location)
}

private func at(_ service: String, _ steps: PathStep...) -> [PathStep] { [.key("services"), .key(service)] + steps }

/// A node of the cluster with a machine large enough for every case.
private func node(_ name: String, labels: [String: String] = [:], hardware: String = "faithful", line: Int = #line) -> ClusterElement {
    .node(
        NodeSpec(
            name: name, hardware: StringFields.hardware(id: hardware), labels: labels,
            location: SourceLocation(file: #filePath, line: line, column: 1)))
}

/// `Place(services…, on: selectors…)` in the cluster.
private func place(_ services: [String], _ selectors: [NodeSelector], line: Int = #line) -> ClusterElement {
    .placement(GroupPlacement(selection: .services(services), selectors: selectors, location: SourceLocation(file: #filePath, line: line, column: 1)))
}

/// `value` as JSON text.
private func json(_ value: Any) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
}

/// The placement constraint `node.labels.KEY == VALUE` of `service`, as Swarm parses it (PyYAML reads the file's text: `$` doubled).
private func constraint(_ service: String, key: String, value: String) -> [StackFileExpectation] {
    let path = at(service, .key("deploy"), .key("placement"), .key("constraints"), .index(0))
    return [
        .init(
            reader: .pyYAML, expectation: .init(path: path, text: json(["node.labels." + doubled(key), "==", doubled(value)]), reading: .constraint)),
        .init(reader: .compose, expectation: .init(path: path, text: json(["node.labels." + key, "==", value]), reading: .constraint)),
    ]
}

/// A fact of the stack file under `x-homeiq.swarm` (what the deploy scripts read), by both readers.
private func facts(_ steps: [PathStep], _ text: String) -> [StackFileExpectation] {
    let path = [PathStep.key("x-homeiq"), .key("swarm")] + steps
    return [
        .init(reader: .pyYAML, expectation: .init(path: path, text: doubled(text))),
        .init(reader: .compose, expectation: .init(path: path, text: text)),
    ]
}

/// A service field read back as the same text by PyYAML (with `$` doubled) and by Compose.
private func text(
    _ path: String, isName: Bool = false, line: Int = #line, _ steps: [PathStep], yaml: [PathStep]? = nil,
    written: @escaping @Sendable (String) -> String = { $0 },
    read: @escaping @Sendable (String) -> String = { $0 }, isPath: Bool = false, _ declaration: @escaping @Sendable (String) -> ServiceDeclaration
) -> StringField {
    StringField(path: path, isName: isName) { v, s in
        Placement(
            service: [element(declaration(v), line: line)],
            yaml: .init(path: at(s) + (yaml ?? steps), text: doubled(written(v)), isPath: isPath),
            compose: .init(path: at(s) + steps, text: read(v), isPath: isPath))
    }
}

/// A key of a service mapping: Compose does not interpolate keys, PyYAML and Compose read it as written.
private func key(
    _ path: String, line: Int = #line, _ steps: @escaping @Sendable (String) -> [PathStep],
    _ declaration: @escaping @Sendable (String) -> ServiceDeclaration
) -> StringField {
    StringField(path: path, isName: true) { v, s in
        Placement(
            service: [element(declaration(v), line: line)], yaml: .init(path: at(s) + steps(v), text: nil),
            compose: .init(path: at(s) + steps(v), text: nil))
    }
}

/// A `Value` in `environment.VALUE`: what Compose reads after interpolation, and the deploy environment it needs.
private func environmentValue(
    _ path: String, isName: Bool = false, line: Int = #line, modes: [Mode] = Mode.allCases, environment: [String: String] = [:],
    read: @escaping @Sendable (String, String) -> String?, _ value: @escaping @Sendable (String, String) -> Value
) -> StringField {
    StringField(path: path, isName: isName) { v, s in
        Placement(
            service: [element(.environment(key: "VALUE", value: value(v, s)), line: line), element(.option(.expose(8080)), line: line)],
            compose: read(v, s).map { .init(path: at(s, .key("environment"), .key("VALUE")), text: $0) },
            modes: modes, composeEnvironment: environment)
    }
}

/// The value Compose's deploy environment gives the secrets of `value.secret.*`.
let secretValue = "s3cret-from-the-deploy-environment"

/// Every string-bearing field of the DSL, each with where the three readers find it.
///
/// `StringFieldCoverageTests` proves the list complete against `StringFieldInventory`.
enum StringFields {
    static let all: [StringField] = serviceFields + optionFields + valueFields + stackFields + clusterFields + setupFields

    /// Text that never reaches a generated file, with why.
    static let notEmitted: [String: String] = [
        "stack.largeBuilderBlock.services[]": "the names of a builder block's services, for the type-check warning only",
        "egress.reason": "why a service reaches beyond the NUC, for the reader of Deployments/ only",
        "stack.egressGuard.network": "the key of a declared network, whose own fields are covered",
        "limits.cpus.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "limits.memory.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "reservations.cpus.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "reservations.memory.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "option.sharedMemory.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "option.tmpfs.size.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "stack.hardware.memoryPerMode.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "stack.hardware.cpusPerMode.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "stack.hardware.combinedMemory.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "stack.cluster.nodes[].hardware.memoryPerMode.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "stack.cluster.nodes[].hardware.cpusPerMode.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
        "stack.cluster.nodes[].hardware.combinedMemory.rejectedInput": "the spelling of a non-finite number, for the numbers.range diagnostic only",
    ]

    /// Text that reaches a generated file but has no hostile values yet: known gaps, listed in the
    /// test's summary line so they stay visible.
    static let notYetCovered: [String: String] = [:]

    static let serviceFields: [StringField] = [
        text("image", [.key("image")], written: { "example/img:1.0" + $0 }, read: { "example/img:1.0" + $0 }, { .image("example/img:1.0" + $0) }),
        text(
            "build.context", [.key("build"), .key("context")], written: { "../ctx/" + $0 }, read: { "../ctx/" + $0 }, isPath: true,
            {
                .build(BuildSpec(context: "ctx/" + $0))
            }),
        text("build.dockerfile", [.key("build"), .key("dockerfile")]) { .build(BuildSpec(context: "ctx", dockerfile: $0)) },
        text("build.target", [.key("build"), .key("target")]) { .build(BuildSpec(context: "ctx", target: $0)) },
        key("build.arguments{key}", { [.key("build"), .key("args"), .key($0)] }, { .build(BuildSpec(context: "ctx", arguments: [$0: "x"])) }),
        text("build.arguments{value}(Value)", [.key("build"), .key("args"), .key("ARG")]) {
            .build(BuildSpec(context: "ctx", arguments: ["ARG": .literal($0)]))
        },
        text(
            "port.hostIP", [.key("ports"), .index(0), .key("host_ip")], yaml: [.key("ports"), .index(0)], written: { $0 + ":8080:80" },
            {
                .port(PortSpec(testHost: 8080, productionHost: 8080, container: 80, hostIP: $0))
            }),
        key("environment.key", { [.key("environment"), .key($0)] }, { .environment(key: $0, value: "x") }),
        text("environment.value(Value)", [.key("environment"), .key("VALUE")]) { .environment(key: "VALUE", value: .literal($0)) },
        StringField(path: "envFile") { v, s in
            Placement(
                // One mode only: an env file both modes read is an isolation error whatever its name.
                service: [element(.scoped(.production, [element(.envFile("env/" + v))]))],
                yaml: .init(path: at(s, .key("env_file"), .index(0)), text: doubled("../env/" + v), isPath: true),
                // Compose reads the file into the environment: the variable in it shows the file was found.
                compose: .init(path: at(s, .key("environment"), .key("FAITHFUL_ENV_FILE")), text: "read"), modes: [.production],
                hostFiles: ["env/" + v: "FAITHFUL_ENV_FILE=read\n"])
        },
        StringField(path: "mount.source.volume", isName: true) { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .volume(v), target: "/v")))],
                stack: [stackElement(.volume(VolumeSpec(key: v, name: nil)))],
                yaml: .init(path: [.key("volumes"), .key(v)], text: nil),
                compose: .init(path: at(s, .key("volumes"), .index(0), .key("source")), text: v))
        },
        StringField(path: "mount.target") { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .volume("data"), target: "/m" + v)))],
                yaml: .init(path: at(s, .key("volumes"), .index(0)), text: doubled("data:/m" + v)),
                // Compose cleans the container path (`/m/` is `/m`): the same folder.
                compose: .init(path: at(s, .key("volumes"), .index(0), .key("target")), text: "/m" + v, isPath: true))
        },
        StringField(path: "mount.source.bind.test") { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .bind(test: "host/" + v, production: "host/p"), target: "/b", readOnly: true)))],
                // The file holds the path as the emitter normalises it (`host/` is `../host`): Compose checks it as a path.
                yaml: .init(path: at(s, .key("volumes"), .index(0)), text: nil),
                compose: .init(path: at(s, .key("volumes"), .index(0), .key("source")), text: "../host/" + v, isPath: true), modes: [.test])
        },
        StringField(path: "mount.source.bind.production") { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .bind(test: "host/t", production: "host/" + v), target: "/b", readOnly: true)))],
                // The file holds the path as the emitter normalises it (`host/` is `../host`): Compose checks it as a path.
                yaml: .init(path: at(s, .key("volumes"), .index(0)), text: nil),
                compose: .init(path: at(s, .key("volumes"), .index(0), .key("source")), text: "../host/" + v, isPath: true),
                modes: [.production])
        },
        StringField(path: "network", isName: true) { v, s in
            Placement(
                service: [element(.network(v))], stack: [stackElement(.network(NetworkSpec(key: v, name: nil, driver: "bridge")))],
                compose: .init(path: at(s, .key("networks"), .key(v)), text: nil))
        },
        StringField(path: "dependsOn.service", isName: true) { v, s in
            Placement(
                service: [element(.dependsOn(service: v, condition: .started))],
                compose: .init(path: at(s, .key("depends_on"), .key(v), .key("condition")), text: "service_started"))
        },
        StringField(path: "healthcheck.test[]") { v, s in
            Placement(
                service: [element(.healthcheck(HealthcheckSpec(test: ["CMD", v])))],
                yaml: .init(path: at(s, .key("healthcheck"), .key("test"), .index(1)), text: doubled(v)),
                compose: .init(path: at(s, .key("healthcheck"), .key("test"), .index(1)), text: v))
        },
        text("logging.driver", [.key("logging"), .key("driver")]) { .logging(LoggingSpec(driver: $0)) },
        key(
            "logging.options{key}", { [.key("logging"), .key("options"), .key($0)] },
            {
                .logging(LoggingSpec(driver: "json-file", options: [$0: "x"]))
            }),
        text("logging.options{value}", [.key("logging"), .key("options"), .key("max-size")]) {
            .logging(LoggingSpec(driver: "json-file", options: ["max-size": $0]))
        },
        text("profile", [.key("profiles"), .index(0)]) { .profile($0) },
        key("label.key", { [.key("labels"), .key($0)] }, { .label(key: $0, value: "x") }),
        text("label.value", [.key("labels"), .key("label")]) { .label(key: "label", value: $0) },
        text(
            "extraHost.host", [.key("extra_hosts"), .index(0)], written: { $0 + ":10.0.0.1" }, read: { $0 + "=10.0.0.1" },
            {
                .extraHost(host: $0, address: "10.0.0.1")
            }),
        text(
            "extraHost.address", [.key("extra_hosts"), .index(0)], written: { "host:" + $0 }, read: { "host=" + $0 },
            {
                .extraHost(host: "host", address: $0)
            }),
        text("command[]", [.key("command"), .index(1)]) { .command(["sh", $0]) },
        text("entrypoint[]", [.key("entrypoint"), .index(1)]) { .entrypoint(["sh", $0]) },
        text("user", [.key("user")]) { .user($0) },
        text("containerName(Value)", [.key("container_name")]) { .containerName(.literal($0)) },
        StringField(path: "featureFlag", isName: true) { v, s in
            Placement(service: [element(.featureFlag(v))], dotenv: .init(path: [.key(v)], text: "true"))
        },
        StringField(path: "waiver.reason") { v, s in
            // A waiver must concern a rule the service breaks: a floating tag.
            Placement(
                service: [
                    element(.waiver(Waiver(rule: "images.pinned", reason: v, location: SourceLocation(file: #filePath, line: #line, column: 1)))),
                    element(.image("example/img:latest")),
                ],
                yaml: .init(path: at(s, .key("image")), text: "example/img:latest"))
        },
        StringField(path: "waiver.rule") { v, s in
            Placement(
                service: [
                    element(
                        .waiver(Waiver(rule: "images.pinned" + v, reason: "r", location: SourceLocation(file: #filePath, line: #line, column: 1)))),
                    element(.image("example/img:latest")),
                ],
                yaml: .init(path: at(s, .key("image")), text: "example/img:latest"))
        },
    ]

    static let optionFields: [StringField] = [
        text(
            "option.tmpfs.target", [.key("tmpfs"), .index(0)], written: { "/t" + $0 }, read: { "/t" + $0 },
            {
                .option(.tmpfs(TmpfsSpec(target: "/t" + $0)))
            }),
        text("option.securityOption", [.key("security_opt"), .index(0)]) { .option(.securityOption($0)) },
        text("option.capabilityAdded", [.key("cap_add"), .index(0)]) { .option(.capabilityAdded($0)) },
        text("option.capabilityDropped", [.key("cap_drop"), .index(0)]) { .option(.capabilityDropped($0)) },
        text("option.group", [.key("group_add"), .index(0)]) { .option(.group($0)) },
        text(
            "option.device.host", [.key("devices"), .index(0), .key("source")], yaml: [.key("devices"), .index(0)],
            written: { "/dev/h" + $0 + ":/dev/c" }, read: { "/dev/h" + $0 },
            {
                .option(.device(DeviceSpec(host: "/dev/h" + $0, container: "/dev/c")))
            }),
        text(
            "option.device.container", [.key("devices"), .index(0), .key("target")], yaml: [.key("devices"), .index(0)],
            written: { "/dev/h:/dev/c" + $0 }, read: { "/dev/c" + $0 },
            {
                .option(.device(DeviceSpec(host: "/dev/h", container: "/dev/c" + $0)))
            }),
        text(
            "option.device.permissions", [.key("devices"), .index(0), .key("permissions")], yaml: [.key("devices"), .index(0)],
            written: { "/dev/h:/dev/c:" + $0 },
            {
                .option(.device(DeviceSpec(host: "/dev/h", container: "/dev/c", permissions: $0)))
            }),
        key("option.sysctl.key", { [.key("sysctls"), .key($0)] }, { .option(.sysctl(key: $0, value: "1")) }),
        text("option.sysctl.value", [.key("sysctls"), .key("net.core.somaxconn")]) { .option(.sysctl(key: "net.core.somaxconn", value: $0)) },
        key("option.ulimit.name", { [.key("ulimits"), .key($0)] }, { .option(.ulimit(UlimitSpec(name: $0, soft: 5, hard: 5))) }),
        text("option.stopSignal", [.key("stop_signal")]) { .option(.stopSignal($0)) },
        text("option.platform", [.key("platform")]) { .option(.platform($0)) },
        text("option.networkMode", [.key("network_mode")]) { .option(.networkMode($0)) },
        text("option.pid", [.key("pid")]) { .option(.pid($0)) },
    ]

    /// Every form of `Value`, in an environment variable.
    static let valueFields: [StringField] = [
        environmentValue("value.literal", read: { v, _ in v }, { v, _ in .literal(v) }),
        environmentValue("value.perMode.test(Value)", modes: [.test], read: { v, _ in v }, { v, _ in .mode(test: .literal(v), production: "p") }),
        environmentValue(
            "value.perMode.production(Value)", modes: [.production], read: { v, _ in v },
            { v, _ in
                .mode(test: "t", production: .literal(v))
            }),
        environmentValue(
            "value.joined[](Value)", read: { v, _ in v + "d" },
            { v, _ in
                .joined([.literal(v), .variable("FAITHFUL_UNSET", default: "d")])
            }),
        StringField(path: "value.secret.0", isName: true) { v, s in
            Placement(
                service: [element(.environment(key: "VALUE", value: .secret(v)))],
                compose: .init(path: at(s, .key("environment"), .key("VALUE")), text: secretValue), composeEnvironment: [v: secretValue])
        },
        environmentValue(
            "value.secret.message", environment: ["FAITHFUL_SECRET": secretValue], read: { _, _ in secretValue },
            { v, _ in
                .secret("FAITHFUL_SECRET", message: v)
            }),
        environmentValue("value.variable.0", isName: true, read: { _, _ in "d" }, { v, _ in .variable(v, default: "d") }),
        environmentValue("value.variable.default", read: { v, _ in v }, { v, _ in .variable("FAITHFUL_VARIABLE", default: v) }),
        environmentValue("value.serviceURL.service", isName: true, read: { v, _ in "http://\(v):8080" }, { v, _ in .url(of: v, port: 8080) }),
        environmentValue("value.serviceURL.scheme", read: { v, s in "\(v)://\(s):8080" }, { v, s in .url(of: s, port: 8080, scheme: v) }),
        environmentValue("value.serviceURL.path", read: { v, s in "http://\(s):8080\(v)" }, { v, s in .url(of: s, port: 8080, path: v) }),
    ]

    static let stackFields: [StringField] = [
        StringField(path: "stack.service.name", isName: true) { v, s in
            Placement(
                stack: [minimalServiceElement(v)],
                yaml: .init(path: [.key("services"), .key(v)], text: nil), compose: .init(path: [.key("services"), .key(v)], text: nil))
        },
        StringField(path: "stack.network.key", isName: true) { v, s in
            Placement(
                service: [element(.network(v))], stack: [stackElement(.network(NetworkSpec(key: v, name: nil, driver: "bridge")))],
                yaml: .init(path: [.key("networks"), .key(v)], text: nil), compose: .init(path: [.key("networks"), .key(v)], text: nil))
        },
        StringField(path: "stack.network.name(Value)") { v, s in
            Placement(
                service: [element(.network("n-\(s)"))],
                stack: [
                    stackElement(
                        .network(NetworkSpec(key: "n-\(s)", name: .mode(test: .literal("t-\(s)"), production: .literal(v)), driver: "bridge")))
                ],
                yaml: .init(path: [.key("networks"), .key("n-\(s)"), .key("name")], text: doubled(v)),
                compose: .init(path: [.key("networks"), .key("n-\(s)"), .key("name")], text: v), modes: [.production])
        },
        network("stack.network.driver", [.key("driver")]) { NetworkSpec(key: $1, name: nil, driver: $0) },
        StringField(path: "stack.network.driverOptions{key}", isName: true) { v, s in
            Placement(
                service: [element(.network("n-\(s)"))],
                stack: [stackElement(.network(NetworkSpec(key: "n-\(s)", name: nil, driver: "bridge", driverOptions: [v: "x"])))],
                yaml: .init(path: [.key("networks"), .key("n-\(s)"), .key("driver_opts"), .key(v)], text: "x"),
                compose: .init(path: [.key("networks"), .key("n-\(s)"), .key("driver_opts"), .key(v)], text: "x"))
        },
        network("stack.network.driverOptions{value}", [.key("driver_opts"), .key("com.example.option")]) {
            NetworkSpec(key: $1, name: nil, driver: "bridge", driverOptions: ["com.example.option": $0])
        },
        network("stack.network.ipam.driver", [.key("ipam"), .key("driver")]) {
            NetworkSpec(key: $1, name: nil, driver: "bridge", ipam: IPAM(driver: $0, pools: [IPAMPool(subnet: "10.99.0.0/24")]))
        },
        network("stack.network.ipam.pools[].subnet", [.key("ipam"), .key("config"), .index(0), .key("subnet")]) {
            NetworkSpec(key: $1, name: nil, driver: "bridge", ipam: IPAM(pools: [IPAMPool(subnet: $0)]))
        },
        network("stack.network.ipam.pools[].gateway", [.key("ipam"), .key("config"), .index(0), .key("gateway")]) {
            NetworkSpec(key: $1, name: nil, driver: "bridge", ipam: IPAM(pools: [IPAMPool(subnet: "10.99.0.0/24", gateway: $0)]))
        },
        network("stack.network.ipam.pools[].ipRange", [.key("ipam"), .key("config"), .index(0), .key("ip_range")]) {
            NetworkSpec(key: $1, name: nil, driver: "bridge", ipam: IPAM(pools: [IPAMPool(subnet: "10.99.0.0/24", ipRange: $0)]))
        },
        StringField(path: "stack.volume.key", isName: true) { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .volume(v), target: "/v")))],
                stack: [stackElement(.volume(VolumeSpec(key: v, name: nil)))],
                yaml: .init(path: [.key("volumes"), .key(v), .key("name")], text: doubled("faithful_" + v)),
                compose: .init(path: [.key("volumes"), .key(v), .key("name")], text: "faithful_" + v), modes: [.production])
        },
        volume("stack.volume.name(Value)", [.key("name")], modes: [.production]) {
            VolumeSpec(key: $1, name: .mode(test: .literal("t-\($1)"), production: .literal($0)))
        },
        volume("stack.volume.driver", [.key("driver")]) { VolumeSpec(key: $1, name: nil, driver: $0) },
        StringField(path: "stack.volume.driverOptions{key}", isName: true) { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .volume("v-\(s)"), target: "/v")))],
                stack: [stackElement(.volume(VolumeSpec(key: "v-\(s)", name: nil, driverOptions: [v: "x"])))],
                yaml: .init(path: [.key("volumes"), .key("v-\(s)"), .key("driver_opts"), .key(v)], text: "x"),
                compose: .init(path: [.key("volumes"), .key("v-\(s)"), .key("driver_opts"), .key(v)], text: "x"))
        },
        volume("stack.volume.driverOptions{value}", [.key("driver_opts"), .key("type")]) {
            VolumeSpec(key: $1, name: nil, driverOptions: ["type": $0])
        },
        StringField(path: "stack.envFileEntry.key", isName: true) { v, s in
            Placement(stack: [stackElement(.envFileEntry(key: v, value: "x"))], dotenv: .init(path: [.key(v)], text: "x"))
        },
        StringField(path: "stack.envFileEntry.value(Value)") { v, s in
            let key = "E_" + s
            // Compose reads the env file through --env-file: a service refers to the entry.
            return Placement(
                service: [element(.environment(key: "FROM_ENV_FILE", value: .variable(key, default: nil)))],
                stack: [stackElement(.envFileEntry(key: key, value: .literal(v)))],
                compose: .init(path: at(s, .key("environment"), .key("FROM_ENV_FILE")), text: v),
                dotenv: .init(path: [.key(key)], text: v))
        },
        StringField(path: "stack.waiver.reason", batching: .perStack) { v, s in
            Placement(
                service: [element(.image("example/img:latest"))],
                stack: [
                    stackElement(.waiver(Waiver(rule: "images.pinned", reason: v, location: SourceLocation(file: #filePath, line: #line, column: 1))))
                ],
                yaml: .init(path: at(s, .key("image")), text: "example/img:latest"))
        },
        StringField(path: "stack.waiver.rule", batching: .perStack) { v, s in
            Placement(
                service: [element(.image("example/img:latest"))],
                stack: [
                    stackElement(
                        .waiver(Waiver(rule: "images.pinned" + v, reason: "r", location: SourceLocation(file: #filePath, line: #line, column: 1))))
                ],
                yaml: .init(path: at(s, .key("image")), text: "example/img:latest"))
        },
        StringField(path: "stack.hardware.id", batching: .perStack) { v, s in
            Placement(
                stack: [stackElement(.hardware(StringFields.hardware(id: v)))],
                yaml: .init(path: [.key("x-homeiq"), .key("hardware")], text: doubled(v)),
                compose: .init(path: [.key("x-homeiq"), .key("hardware")], text: v))
        },
    ]

    /// The fields of `Cluster`, `Placement` and `SecretFromEnvironment`: read back from the Swarm
    /// stack files (and the compose files, which they leave as they are).
    static let clusterFields: [StringField] = [
        StringField(path: "placement[].node", batching: .cluster, isName: true) { v, s in
            Placement(
                service: [element(.placement([.node(v)]))], cluster: [node(v)],
                stackFile: constraint(s, key: ResolvedCluster.nodeLabel, value: v) + facts([.key("placement"), .key(s), .index(0)], v))
        },
        StringField(path: "placement[].label.0", batching: .cluster, isName: true) { v, s in
            Placement(
                service: [element(.placement([.label(v, "x")]))], cluster: [node("n-\(s)", labels: [v: "x"])],
                stackFile: constraint(s, key: v, value: "x"))
        },
        StringField(path: "placement[].label.1", batching: .cluster) { v, s in
            Placement(
                service: [element(.placement([.label("faithful", v)]))], cluster: [node("n-\(s)", labels: ["faithful": v])],
                stackFile: constraint(s, key: "faithful", value: v))
        },
        StringField(path: "secretFromEnvironment", batching: .cluster, isName: true) { v, s in
            let secret = "FAITHFUL_SWARM_SECRET"
            let wrapper = json(["variable": v, "secrets": [secret: secretValue]] as [String: Any])
            return Placement(
                service: [
                    element(.environment(key: v, value: .secret(secret))), element(.secretFromEnvironment(v)), element(.entrypoint(["/app/run"])),
                ],
                composeEnvironment: [secret: secretValue, SwarmNames.versionVariable(secret): "0123456789ab"],
                // The shell runs the wrapper: PyYAML's text holds `$$` where Compose and the shell see `$`.
                stackFile: [.init(reader: .compose, expectation: .init(path: at(s, .key("entrypoint")), text: wrapper, reading: .wrapper))])
        },
        StringField(path: "stack.cluster.nodes[].name", batching: .cluster, isName: true) { v, s in
            Placement(cluster: [node(v)], stackFile: facts([.key("nodes"), .key(v), .key("hardware")], "faithful"))
        },
        StringField(path: "stack.cluster.nodes[].hardware.id", batching: .cluster) { v, s in
            Placement(cluster: [node("n-\(s)", hardware: v)], stackFile: facts([.key("nodes"), .key("n-\(s)"), .key("hardware")], v))
        },
        StringField(path: "stack.cluster.nodes[].labels{key}", batching: .cluster, isName: true) { v, s in
            Placement(cluster: [node("n-\(s)", labels: [v: "x"])], stackFile: facts([.key("nodes"), .key("n-\(s)"), .key("labels"), .key(v)], "x"))
        },
        StringField(path: "stack.cluster.nodes[].labels{value}", batching: .cluster) { v, s in
            Placement(
                cluster: [node("n-\(s)", labels: ["faithful": v])],
                stackFile: facts([.key("nodes"), .key("n-\(s)"), .key("labels"), .key("faithful")], v))
        },
        StringField(path: "stack.cluster.placements[].selection.services[]", batching: .cluster, isName: true) { v, s in
            Placement(
                stack: [minimalServiceElement(v)],
                cluster: [node("n-\(s)"), place([v], [.node("n-\(s)")])],
                stackFile: constraint(v, key: ResolvedCluster.nodeLabel, value: "n-\(s)") + facts([.key("placement"), .key(v), .index(0)], "n-\(s)"))
        },
        StringField(path: "stack.cluster.placements[].selectors[].node", batching: .cluster, isName: true) { v, s in
            Placement(
                cluster: [node(v), place([s], [.node(v)])],
                stackFile: constraint(s, key: ResolvedCluster.nodeLabel, value: v) + facts([.key("placement"), .key(s), .index(0)], v))
        },
        StringField(path: "stack.cluster.placements[].selectors[].label.0", batching: .cluster, isName: true) { v, s in
            Placement(cluster: [node("n-\(s)", labels: [v: "x"]), place([s], [.label(v, "x")])], stackFile: constraint(s, key: v, value: "x"))
        },
        StringField(path: "stack.cluster.placements[].selectors[].label.1", batching: .cluster) { v, s in
            Placement(
                cluster: [node("n-\(s)", labels: ["faithful": v]), place([s], [.label("faithful", v)])],
                stackFile: constraint(s, key: "faithful", value: v))
        },
    ]

    /// The fields of the one-per-stack declarations: a stack carries one value of each (`StackSetups`).
    static let setupFields: [StringField] =
        [
            setupField(
                "stack.influxDB.service", isName: true, modes: [.production], .influxURL, "INFLUXDB_URL",
                read: { v, _ in "http://influxdb-\(v):8086" },
                change: { setups, v in
                    setups.influx { $0.service = "influxdb-" + v }
                }),
            // Option B: test has an instance of its own.
            setupField(
                "stack.influxDB.testService", isName: true, also: ["stack.influxDB.option"], modes: [.test], .influxURL, "INFLUXDB_URL",
                read: { v, _ in "http://influxdb-test-\(v):8086" },
                change: { setups, v in
                    setups.influx {
                        $0.option = .separateTestInstance
                        $0.testService = "influxdb-test-" + v
                    }
                }),
        ]
        + influxTenantFields(.test) + influxTenantFields(.production)
        + [
            // `DATABASE_URL` is the container folder, then the file: each field reads its own part.
            setupField(
                "stack.sqlite.databaseFile", .databaseURL, "DATABASE_URL", reading: .suffix, read: { v, _ in "/" + v },
                change: { setups, v in
                    setups.sqlite { $0.databaseFile = v }
                }),
            // A database under the working directory is named relative to it.
            setupField(
                "stack.sqlite.workingDirectory", also: ["stack.sqlite.production.containerDirectory", "stack.sqlite.production.mount"],
                modes: [.production], .databaseURL, "DATABASE_URL",
                reading: .prefix, read: { _, _ in "sqlite+aiosqlite:///./db/" },
                change: { setups, v in
                    let workingDirectory = "/w" + v
                    setups.sqlite {
                        $0.workingDirectory = workingDirectory
                        $0.production.containerDirectory = workingDirectory + (workingDirectory.hasSuffix("/") ? "db" : "/db")
                    }
                }),
            sqliteFolder("stack.sqlite.test.hostDirectory", .test, host: true) { $0.hostDirectory = $1 },
            sqliteFolder("stack.sqlite.production.hostDirectory", .production, host: true) { $0.hostDirectory = $1 },
            sqliteFolder("stack.sqlite.test.containerDirectory", .test, host: false) { $0.containerDirectory = $1 },
            sqliteFolder("stack.sqlite.production.containerDirectory", .production, host: false) { $0.containerDirectory = $1 },
            setupField("stack.homeAssistant.test.url(Value)", modes: [.test], .homeAssistantURL, "HA_HTTP_URL") { setups, v in
                setups.homeAssistant { $0.test.url = .literal(v) }
            },
            setupField("stack.homeAssistant.test.webSocketURL(Value)", modes: [.test], .homeAssistantWebSocketURL, "HA_WS_URL") { setups, v in
                setups.homeAssistant { $0.test.webSocketURL = .literal(v) }
            },
            setupField("stack.homeAssistant.test.token(Value)", modes: [.test], .homeAssistantToken, "HA_TOKEN") { setups, v in
                setups.homeAssistant { $0.test.token = .literal(v) }
            },
            setupField("stack.homeAssistant.production.url(Value)", modes: [.production], .homeAssistantURL, "HA_HTTP_URL") { setups, v in
                setups.homeAssistant { $0.production.url = .literal(v) }
            },
            setupField("stack.homeAssistant.production.webSocketURL(Value)", modes: [.production], .homeAssistantWebSocketURL, "HA_WS_URL") {
                setups, v in
                setups.homeAssistant { $0.production.webSocketURL = .literal(v) }
            },
            setupField("stack.homeAssistant.production.token(Value)", modes: [.production], .homeAssistantToken, "HA_TOKEN") { setups, v in
                setups.homeAssistant { $0.production.token = .literal(v) }
            },
            // The guard runs in test only; every other service waits for it to be healthy.
            StringField(path: "stack.egressGuard.service.name", batching: .perStack, isName: true) { v, s in
                Placement(
                    yaml: .init(path: [.key("services"), .key(v)], text: nil),
                    compose: .init(path: at(s, .key("depends_on"), .key(v), .key("condition")), text: "service_healthy"), modes: [.test],
                    composeEnvironment: StackSetups.environment,
                    setup: setupChange("stack.egressGuard.service.name") { $0.egress { $0.service.name = v } })
            },
            StringField(path: "stack.egressGuard.bridge", batching: .perStack) { v, s in
                let path: [PathStep] = [.key("networks"), .key("net"), .key("driver_opts"), .key(EgressGuardSpec.bridgeNameOption)]
                return Placement(
                    yaml: .init(path: path, text: doubled(v)), compose: .init(path: path, text: v), modes: [.test],
                    composeEnvironment: StackSetups.environment,
                    // The guard keeps its name in this case's stack.
                    setup: setupChange("stack.egressGuard.bridge", also: ["stack.egressGuard.service.name"]) { $0.egress { $0.bridge = v } },
                    composeFile: [
                        .init(
                            reader: .compose,
                            expectation: .init(
                                path: [.key("services"), .key("faithful-guard"), .key("environment"), .key(EgressGuardSpec.bridgeVariable)], text: v))
                    ])
            },
            // An AI service that declares Egress joins the exit network.
            StringField(path: "stack.egressGuard.exitNetwork", batching: .perStack, isName: true) { v, s in
                Placement(
                    stack: [minimalServiceElement(s, role: .ai, [.egress(reason: "r")])],
                    yaml: .init(path: [.key("networks"), .key(v)], text: nil), compose: .init(path: at(s, .key("networks"), .key(v)), text: nil),
                    modes: [.test],
                    composeEnvironment: StackSetups.environment,
                    setup: setupChange("stack.egressGuard.exitNetwork") { $0.egress { $0.exitNetwork = v } })
            },
        ]

    /// A field of a one-per-stack declaration whose value the case's service reads through `derived`
    /// (and python-dotenv through the env-file entry `key`): `read` says what each mode reads.
    /// The org, bucket and token of InfluxDB's tenant in `mode`, each read back in that mode only.
    private static func influxTenantFields(_ mode: Mode) -> [StringField] {
        let prefix = mode == .test ? "t" : "p"
        return [
            setupField(
                "stack.influxDB.\(mode).org", modes: [mode], .influxOrg, "INFLUXDB_ORG", read: { v, _ in "\(prefix)-org-" + v },
                change: { setups, v in
                    setups.influx { $0[tenant: mode].org = "\(prefix)-org-" + v }
                }),
            setupField(
                "stack.influxDB.\(mode).bucket", modes: [mode], .influxBucket, "INFLUXDB_BUCKET", read: { v, _ in "\(prefix)-bucket-" + v },
                change: { setups, v in
                    setups.influx { $0[tenant: mode].bucket = "\(prefix)-bucket-" + v }
                }),
            setupField("stack.influxDB.\(mode).token(Value)", modes: [mode], .influxToken, "INFLUXDB_TOKEN") { setups, v in
                setups.influx { $0[tenant: mode].token = .literal(v) }
            },
        ]
    }

    private static func setupField(
        _ path: String, isName: Bool = false, also slots: [String] = [], modes: [Mode] = Mode.allCases, line: Int = #line, _ derived: DerivedValue,
        _ key: String, reading: Expectation.Reading = .text, read: @escaping @Sendable (String, Mode) -> String = { v, _ in v },
        change: @escaping @Sendable (inout StackSetups, String) -> Void
    ) -> StringField {
        StringField(path: path, batching: .perStack, isName: isName) { v, s in
            Placement(
                service: [element(.environment(key: "VALUE", value: .derived(derived)), line: line)],
                compose: .init(path: at(s, .key("environment"), .key("VALUE")), text: nil, reading: reading),
                dotenv: .init(path: [.key(key)], text: nil, reading: reading), modes: modes,
                composeEnvironment: StackSetups.environment,
                textByMode: Dictionary(uniqueKeysWithValues: modes.map { ($0, read(v, $0)) }),
                setup: setupChange(path, also: slots, line: line) { change(&$0, v) })
        }
    }

    /// A folder of SQLite's in one mode: the host folder (`data/f<value>`) or the container folder (`/c<value>`), which
    /// the service's database mount and `DATABASE_URL` read.
    private static func sqliteFolder(
        _ path: String, _ mode: Mode, host: Bool, line: Int = #line, _ change: @escaping @Sendable (inout SQLiteLocation, String) -> Void
    ) -> StringField {
        StringField(path: path, batching: .perStack) { v, s in
            // A prefix of each mode's own: isolation.cross-reference finds one mode's folder named in the other's text.
            let folder = (host ? "data/" : "/c") + (mode == .test ? "t-" : "p-") + v
            let mount = at(s, .key("volumes"), .index(0), .key(host ? "source" : "target"))
            let facts: [PathStep] = [.key("x-homeiq"), .key("files"), .key("data")]
            return Placement(
                // In its mode only: the other mode's folder is another case's.
                service: [
                    element(
                        .scoped(
                            mode == .test ? .test : .production, [element(.mount(MountSpec(source: .databaseDirectory, target: nil)), line: line)]),
                        line: line)
                ],
                compose: .init(path: mount, text: host ? "../" + folder : folder, isPath: true),
                // The container folder begins DATABASE_URL (the host folder is not in it).
                dotenv: host ? nil : .init(path: [.key("DATABASE_URL")], text: "sqlite+aiosqlite:///\(folder)/", reading: .prefix), modes: [mode],
                composeEnvironment: StackSetups.environment,
                // A mount of production's folder is where the working directory's case puts it.
                setup: setupChange(path, also: mode == .production ? ["stack.sqlite.production.mount"] : [], line: line) { setups in
                    setups.sqlite { sqlite in
                        if mode == .test { change(&sqlite.test, folder) } else { change(&sqlite.production, folder) }
                    }
                },
                // The deploy script creates the host folder it reads here.
                composeFile: host
                    ? [
                        .init(reader: .pyYAML, expectation: .init(path: facts, text: doubled(folder))),
                        .init(reader: .compose, expectation: .init(path: facts, text: folder)),
                    ] : [])
        }
    }

    private static func setupChange(
        _ path: String, also slots: [String] = [], line: Int = #line, _ apply: @escaping @Sendable (inout StackSetups) -> Void
    )
        -> SetupChange
    {
        SetupChange(slots: Set([path] + slots), location: SourceLocation(file: #filePath, line: line, column: 1), apply: apply)
    }

    /// A field of a network of its own (`n-<service>`), which the service joins.
    private static func network(_ path: String, line: Int = #line, _ steps: [PathStep], _ spec: @escaping @Sendable (String, String) -> NetworkSpec)
        -> StringField
    {
        StringField(path: path) { v, s in
            Placement(
                service: [element(.network("n-\(s)"), line: line)], stack: [stackElement(.network(spec(v, "n-\(s)")), line: line)],
                yaml: .init(path: [.key("networks"), .key("n-\(s)")] + steps, text: doubled(v)),
                compose: .init(path: [.key("networks"), .key("n-\(s)")] + steps, text: v))
        }
    }

    /// A field of a volume of its own (`v-<service>`), which the service mounts.
    private static func volume(
        _ path: String, line: Int = #line, _ steps: [PathStep], modes: [Mode] = Mode.allCases,
        _ spec: @escaping @Sendable (String, String) -> VolumeSpec
    ) -> StringField {
        StringField(path: path) { v, s in
            Placement(
                service: [element(.mount(MountSpec(source: .volume("v-\(s)"), target: "/v")), line: line)],
                stack: [stackElement(.volume(spec(v, "v-\(s)")), line: line)],
                yaml: .init(path: [.key("volumes"), .key("v-\(s)")] + steps, text: doubled(v)),
                compose: .init(path: [.key("volumes"), .key("v-\(s)")] + steps, text: v), modes: modes)
        }
    }

    /// A machine large enough for thousands of tiny services.
    static func hardware(id: String) -> HardwareProfile {
        HardwareProfile(
            id: id, memoryPerMode: .gib(1_000_000), cpusPerMode: CPUs(millicores: 1 << 38), allowsSideBySide: false,
            combinedMemory: .gib(1_000_000), allowsSeparateInfluxInstance: true)
    }
}

/// A case's change to the one-per-stack declarations (`StackSetups`): the parts it changes (its
/// slots: two cases that change one part never share a stack) and the line it was written at.
struct SetupChange: Sendable {
    var slots: Set<String>
    var location: SourceLocation
    var apply: @Sendable (inout StackSetups) -> Void
}

/// The one-per-stack declarations of a stack (InfluxDB, SQLite, Home Assistant, EgressGuard): the
/// cases of different fields change different parts of them, so that one stack carries a value of
/// each field; every part no case changes keeps its default.
struct StackSetups: Sendable {
    var influxDB: InfluxDBSetup?
    var sqlite: SQLiteSetup?
    var homeAssistant: HomeAssistantSetup?
    var egressGuard: EgressGuardSpec?

    /// The deploy environment the defaults need: their production secrets.
    static let environment = [
        "FAITHFUL_INFLUX_TOKEN": secretValue, "FAITHFUL_HA_URL": secretValue, "FAITHFUL_HA_WS_URL": secretValue, "FAITHFUL_HA_TOKEN": secretValue,
    ]

    static let defaultInfluxDB = InfluxDBSetup(
        option: .sharedInstance, service: "faithful-influxdb", testService: "faithful-influxdb-test", containerPort: 8086, testInstancePort: 8087,
        test: InfluxTenant(org: "t-org-default", bucket: "t-bucket-default", token: "faithful-test-token", retention: .days(7)),
        production: InfluxTenant(org: "p-org-default", bucket: "p-bucket-default", token: .secret("FAITHFUL_INFLUX_TOKEN"), retention: .days(30)))

    static let defaultSQLite = SQLiteSetup(
        databaseFile: "metadata.db", workingDirectory: "/app",
        test: SQLiteLocation(hostDirectory: "data/faithful-test", containerDirectory: "/srv/test"),
        production: SQLiteLocation(hostDirectory: "data/faithful-production", containerDirectory: "/srv/production"))

    static let defaultHomeAssistant = HomeAssistantSetup(
        test: HomeAssistantEndpoint(url: "http://faithful-ha:8123", webSocketURL: "ws://faithful-ha:8123/api/websocket", token: "faithful-ha-token"),
        production: HomeAssistantEndpoint(
            url: .secret("FAITHFUL_HA_URL"), webSocketURL: .secret("FAITHFUL_HA_WS_URL"), token: .secret("FAITHFUL_HA_TOKEN")))

    /// The guard closes the network every service of the harness is on.
    static let defaultEgressGuard = EgressGuardSpec(
        service: ServiceDefinition(name: "faithful-guard", role: .testFixture, elements: [], location: .unknown), network: "net",
        bridge: "faithful0", exitNetwork: "faithful-exit")

    mutating func influx(_ change: (inout InfluxDBSetup) -> Void) { edit(\.influxDB, from: Self.defaultInfluxDB, change) }
    mutating func sqlite(_ change: (inout SQLiteSetup) -> Void) { edit(\.sqlite, from: Self.defaultSQLite, change) }
    mutating func homeAssistant(_ change: (inout HomeAssistantSetup) -> Void) { edit(\.homeAssistant, from: Self.defaultHomeAssistant, change) }
    mutating func egress(_ change: (inout EgressGuardSpec) -> Void) { edit(\.egressGuard, from: Self.defaultEgressGuard, change) }

    /// Changes the setup at `field`, starting from `fallback` when the stack has none yet.
    private mutating func edit<Setup>(_ field: WritableKeyPath<Self, Setup?>, from fallback: Setup, _ change: (inout Setup) -> Void) {
        var setup = self[keyPath: field] ?? fallback
        change(&setup)
        self[keyPath: field] = setup
    }

    /// The declarations, at `location`, with the services they need (InfluxDB's instances, the guard).
    func declarations(at location: SourceLocation) -> [StackElement] {
        func service(_ name: String, role: Role = .core, _ extra: [ServiceDeclaration] = []) -> ServiceDefinition {
            minimalService(name, role: role, extra, at: location)
        }
        var elements: [StackDeclaration] = []
        if let influxDB {
            elements.append(.influxDB(influxDB))
            switch influxDB.option {
            case .sharedInstance:
                elements.append(.service(service(influxDB.service, [.option(.expose(influxDB.containerPort))])))
            case .separateTestInstance:
                elements.append(.service(service(influxDB.service, [.runsIn(.production), .option(.expose(influxDB.containerPort))])))
                elements.append(.volume(VolumeSpec(key: "faithful-influx-test", name: nil)))
                elements.append(
                    .service(
                        service(
                            influxDB.testService,
                            [
                                .runsIn(.test),
                                .port(PortSpec(testHost: influxDB.testInstancePort, productionHost: nil, container: influxDB.containerPort)),
                                .mount(MountSpec(source: .volume("faithful-influx-test"), target: "/var/lib/influxdb2")),
                            ])))
            }
        }
        if let sqlite { elements.append(.sqlite(sqlite)) }
        if let homeAssistant { elements.append(.homeAssistant(homeAssistant)) }
        if var egressGuard {
            egressGuard.service = service(egressGuard.service.name, role: .testFixture)
            elements.append(.egressGuard(egressGuard))
        }
        return elements.map { StackElement($0, at: location) }
    }
}

extension InfluxDBSetup {
    /// The tenant of `mode`, to change in place.
    fileprivate subscript(tenant mode: Mode) -> InfluxTenant {
        get { mode == .test ? test : production }
        set { if mode == .test { test = newValue } else { production = newValue } }
    }
}
