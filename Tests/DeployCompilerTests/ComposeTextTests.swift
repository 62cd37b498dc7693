import DeployCompiler
import DeployModel
import DeployRender
import Testing

@Suite("Compose text: every string escaped, by construction")
struct ComposeTextTests {
    @Test("literal doubles every $ byte, also one fused with a combining mark or joiner")
    func literalEscapesBytes() {
        #expect(ComposeText.literal("$").raw == "$$")
        #expect(ComposeText.literal("a$").raw == "a$$")
        #expect(ComposeText.literal("${X:?m}").raw == "$${X:?m}")
        #expect(ComposeText.literal("$\u{FE0F}").raw == "$$\u{FE0F}")
        #expect(ComposeText.literal("a$\u{200D}b").raw == "a$$\u{200D}b")
        #expect(ComposeText.literal("$\u{301}$$").raw == "$$\u{301}$$$$")
        #expect(ComposeText.literal("admin:$apr1$x").raw == "admin:$$apr1$$x")
        #expect(ComposeText.literal("").raw == "")
        #expect(ComposeText.literal("no dollar é").raw == "no dollar é")
    }

    @Test("a value writes references and escapes its literal parts, messages and defaults")
    func valueText() {
        let value = ResolvedValue(parts: [
            .literal("p$"), .secret(name: "S", message: "set $S"), .variable(name: "V", default: "d$"), .variable(name: "W", default: nil),
        ])
        #expect(ComposeText.value(value).raw == "p$$${S:?set $$S}${V:-d$$}${W}")
        #expect(value.composeText == ComposeText.value(value).raw)
    }

    /// Every string scalar of a compose document, with the path to it.
    private func scalars(_ node: YAMLNode, path: String = "") -> [(String, String)] {
        switch node {
        case .string(let text): [(path, text)]
        case .literal: []
        case .sequence(let items): items.enumerated().flatMap { scalars($1, path: "\(path)[\($0)]") }
        case .mapping(let entries): entries.flatMap { scalars($0.value, path: "\(path).\($0.key)") }
        }
    }

    @Test("no field of the compose file carries an unescaped $")
    func everyFieldEscaped() {
        let hostile = "a$b$\u{FE0F}"
        let escaped = "a$$b$$\u{FE0F}"
        let stack = Stack("s") {
            Network("net")
            Volume("data")
            CoreService("api") {
                Image("img\(hostile)")
                Build(context: "ctx\(hostile)", dockerfile: "df\(hostile)", arguments: ["ARG": .literal(hostile)], target: "t\(hostile)")
                Command("sh", "-c", "exec app --token $INFLUXDB_TOKEN \(hostile)")
                Entrypoint("e\(hostile)")
                User("u\(hostile)")
                Profile("p\(hostile)")
                Env("E", .literal(hostile))
                EnvFile("env\(hostile)")
                Mount(volume: "data", at: "/m\(hostile)")
                Mount(bind: "b\(hostile)", at: "/b")
                ExtraHost("h\(hostile)", "10.0.0.1")
                Healthcheck(["CMD", "c\(hostile)"])
                Logging(driver: "d\(hostile)", options: ["o": "v\(hostile)"])
                Label("basic-auth", "admin:$apr1$\(hostile)")
                ContainerName(.literal("c\(hostile)"))
            }
        }
        let deployment = ModeResolver().resolve(stack, mode: .production)
        let found = scalars(ComposeEmitter(paths: PathMapping(outputDirectory: "generated")).document(deployment))
        let carrying = found.filter { $0.1.contains("a$") }
        #expect(carrying.count >= 17, "every hostile field must be written: \(found)")
        for (path, text) in carrying {
            #expect(text.contains(escaped) && Self.dollarRunsAreEven(text), "\(path) is not escaped: \(text)")
        }
        let command = found.first { $0.0 == ".services.api.command[2]" }?.1
        #expect(command == "exec app --token $$INFLUXDB_TOKEN \(escaped)")
    }

    /// Whether every run of `$` bytes has an even length (only escaped dollars, no reference).
    static func dollarRunsAreEven(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 + [0] {
            if byte == UInt8(ascii: "$") {
                run += 1
                continue
            }
            if run % 2 != 0 { return false }
            run = 0
        }
        return true
    }

    @Test("build arguments resolve per mode like environment values")
    func buildArgumentsPerMode() {
        let stack = Stack("s") {
            InfluxDB(
                .sharedInstance,
                test: InfluxTenant(org: "o-test", bucket: "events_test", token: "t", retention: .days(7)),
                production: InfluxTenant(org: "o", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))
            CoreService("api") {
                Build(
                    context: "src",
                    arguments: [
                        "LEVEL": .mode(test: "debug", production: "info"),
                        "VERSION": .variable("VERSION", default: "1.0"),
                        "BUCKET": .influxBucket,
                        "PLAIN": "x$y",
                    ])
            }
        }
        let both = ModeResolver().resolveAll(stack)
        func arguments(_ deployment: ResolvedDeployment) -> [String: String] {
            var result: [String: String] = [:]
            for argument in deployment.services[0].build?.value.arguments ?? [] { result[argument.key] = argument.value.composeText }
            return result
        }
        #expect(arguments(both.test) == ["BUCKET": "events_test", "LEVEL": "debug", "PLAIN": "x$$y", "VERSION": "${VERSION:-1.0}"])
        #expect(arguments(both.production) == ["BUCKET": "events", "LEVEL": "info", "PLAIN": "x$$y", "VERSION": "${VERSION:-1.0}"])
        let yaml = YAMLEmitter.emit(ComposeEmitter(paths: PathMapping(outputDirectory: "generated")).document(both.production))
        #expect(
            yaml.contains("      BUCKET: events\n") && yaml.contains("      LEVEL: info\n") && yaml.contains("VERSION: ${VERSION:-1.0}\n"), "\(yaml)")
    }

    @Test("volume and network names given as values keep their default and their required check")
    func volumeAndNetworkNames() {
        let stack = Stack("s") {
            Volume("pvol", name: .variable("PVOL", default: "fallback"))
            Volume("svol", name: .secret("SVOL"))
            Network("net", name: .mode(test: "n-test", production: .variable("PNET", default: "n")))
            CoreService("api") {
                Mount(volume: "pvol", at: "/p")
                Mount(volume: "svol", at: "/s")
                OnNetwork("net")
            }
        }
        let both = ModeResolver().resolveAll(stack)
        let yaml = YAMLEmitter.emit(ComposeEmitter(paths: PathMapping(outputDirectory: "generated")).document(both.production))
        #expect(yaml.contains("name: ${PVOL:-fallback}\n"), "\(yaml)")
        #expect(yaml.contains("name: ${SVOL:?set SVOL in infrastructure/secrets.production.env or the environment}\n"), "\(yaml)")
        #expect(yaml.contains("name: ${PNET:-n}\n"), "\(yaml)")
        let testYAML = YAMLEmitter.emit(ComposeEmitter(paths: PathMapping(outputDirectory: "generated")).document(both.test))
        #expect(testYAML.contains("name: n-test\n"), "\(testYAML)")
        let document = EnvironmentDocument(both).markdown
        let svolRow = document.split(separator: "\n").first { $0.contains("`SVOL`") }
        #expect(svolRow?.contains("required secret") == true, "SVOL must be listed as a required secret:\n\(document)")
    }
}
