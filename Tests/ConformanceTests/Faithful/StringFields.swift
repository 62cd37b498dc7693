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

    /// What the readers must see in `mode`'s Swarm stack file.
    func stackFileChecks(in mode: Mode) -> [(yaml: Expectation?, compose: Expectation?, dotenv: Expectation?)] {
        guard modes.contains(mode) else { return [] }
        return stackFile.map { check -> (yaml: Expectation?, compose: Expectation?, dotenv: Expectation?) in
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
        func with(_ expectation: Expectation?) -> Expectation? { expectation.map { Expectation(path: $0.path, text: text, isPath: $0.isPath) } }
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
    static let all: [StringField] = serviceFields + optionFields + valueFields + stackFields + clusterFields

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
    static let notYetCovered: [String: String] = [
        "stack.egressGuard.service.name": "one guard per stack; a service name, refused by names.pattern unless [a-z0-9-]",
        "stack.egressGuard.bridge": "one guard per stack; refused by mode.test-egress unless 1-15 bytes of [A-Za-z0-9_.-]",
        "stack.egressGuard.exitNetwork": "one guard per stack; a network key, refused by names.pattern unless [a-z0-9-]",
        "stack.influxDB.service": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.testService": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.test.org": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.test.bucket": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.test.token(Value)": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.production.org": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.production.bucket": "one InfluxDB per stack: needs a stack per value",
        "stack.influxDB.production.token(Value)": "one InfluxDB per stack: needs a stack per value",
        "stack.sqlite.databaseFile": "one SQLite per stack: needs a stack per value",
        "stack.sqlite.workingDirectory": "one SQLite per stack: needs a stack per value",
        "stack.sqlite.test.hostDirectory": "one SQLite per stack: needs a stack per value",
        "stack.sqlite.test.containerDirectory": "one SQLite per stack: needs a stack per value",
        "stack.sqlite.production.hostDirectory": "one SQLite per stack: needs a stack per value",
        "stack.sqlite.production.containerDirectory": "one SQLite per stack: needs a stack per value",
        "stack.homeAssistant.test.url(Value)": "one Home Assistant per stack: needs a stack per value",
        "stack.homeAssistant.test.webSocketURL(Value)": "one Home Assistant per stack: needs a stack per value",
        "stack.homeAssistant.test.token(Value)": "one Home Assistant per stack: needs a stack per value",
        "stack.homeAssistant.production.url(Value)": "one Home Assistant per stack: needs a stack per value",
        "stack.homeAssistant.production.webSocketURL(Value)": "one Home Assistant per stack: needs a stack per value",
        "stack.homeAssistant.production.token(Value)": "one Home Assistant per stack: needs a stack per value",
    ]

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
            let location = SourceLocation(file: #filePath, line: #line, column: 1)
            return Placement(
                stack: [
                    StackElement(
                        .service(
                            ServiceDefinition(
                                name: v, role: .core,
                                elements: [element(.image("example/s:1.0.0")), element(.healthcheck(HealthcheckSpec(test: ["CMD", "true"])))],
                                location: location)),
                        at: location)
                ],
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
            let location = SourceLocation(file: #filePath, line: #line, column: 1)
            return Placement(
                stack: [
                    StackElement(
                        .service(
                            ServiceDefinition(
                                name: v, role: .core,
                                elements: [element(.image("example/s:1.0.0")), element(.healthcheck(HealthcheckSpec(test: ["CMD", "true"])))],
                                location: location)),
                        at: location)
                ],
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
            combinedMemory: .gib(1_000_000), allowsSeparateInfluxInstance: false)
    }
}
