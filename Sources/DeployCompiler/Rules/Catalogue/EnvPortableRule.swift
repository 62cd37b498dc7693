import DeployModel
import DeployRender

/// `env.portable`: every env file entry and service environment value reads back exactly, and no env file key repeats.
public struct EnvPortableRule: Rule {
    public static let id = "env.portable"
    public var summary: String { "env file entries and service environment values read back exactly; no env file key repeats" }
    public var documentation: String {
        """
        The env files are read by two parsers that disagree on quoting: docker compose's \
        (`--env-file`) and python-dotenv (the services' settings loaders and our validators). A value \
        is written plain, in single quotes or in double quotes, whichever both read back exactly; \
        some values have no such spelling (a `$` together with a quote or backslash, or a literal \
        `${`), a line break has none the deploy scripts read (they take one entry a line, as \
        `scripts/lib/envfile.sh` says), and a value that mixes text with a `${VAR}` reference cannot be written at all, \
        so they are refused here rather than written wrong. A key written twice is read differently \
        too (the last wins in one place, the first in another), so each key appears once. In the \
        compose files, literal text is always safe (`$` is doubled), but a `${VAR:?message}` or \
        `${VAR:-default}` reference must name a valid variable and its message or default must not \
        contain `{`, `}`, `$` or a line break, which would end or nest the interpolation (Compose v2 \
        matches braces: `${S:?{}` breaks the next reference); no value may \
        contain a NUL character. A nested default (`${A:-${B}}`, also read by `homeiq-gen lint`) is \
        refused with its own advice: Compose v2 interpolates it, but python-dotenv reads the inner \
        `${B}` as text, so one value would mean two things. The emitters rely on this rule and cannot be told to write anyway: \
        it is not waivable. Fix: simplify the value, or pass it as a single `.secret(…)`/`.variable(…)`. \
        The same holds for build arguments, container names and volume and network names. \
        Complexity: O(e) for e env file entries and values, a value that services repeat scanned once.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let mode = deployment.mode
            var keys: [String: SourceLocation] = [:]
            for entry in deployment.envFile {
                if let first = keys[entry.key] {
                    diagnostics.add(
                        Self.id, mode, "env file key \(entry.key) is written twice (first at \(first.shortDescription))", at: entry.location,
                        help:
                            "remove the EnvFileEntry or rename it; derived entries (InfluxDB, Home Assistant, SQLite, feature flags) are written already"
                    )
                } else {
                    keys[entry.key] = entry.location
                }
                // An invalid key is names.pattern's to report.
                guard DotenvWriter.isValidKey(entry.key) else { continue }
                if let problem = Self.envFileProblem(entry.value) {
                    diagnostics.add(
                        Self.id, mode, "env file entry \(entry.key) cannot be written portably: \(problem)", at: entry.location,
                        help: "use a value without both quotes and `$`, or a single .secret(…)/.variable(…) reference")
                }
            }
            let help = "drop `{`, `}`, `$` and line breaks from the message or default; use a valid variable name"
            // An environment value that services repeat is judged once (`EnvironmentValues`).
            let values = context.environmentValues[mode]
            let problems = values.judge(Self.composeProblem)
            for (index, service) in deployment.services.enumerated() {
                values.forEachJudged(problems, service: service, at: index) { variable, problem in
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' sets \(variable.key) to a value compose cannot read back: \(problem)",
                        at: variable.location, help: help, service: service.name)
                }
                for argument in service.build?.value.arguments ?? [] {
                    if let problem = Self.composeProblem(argument.value) {
                        diagnostics.add(
                            Self.id, mode,
                            "service '\(service.name)' sets build argument \(argument.key) to a value compose cannot read back: \(problem)",
                            at: argument.location, help: help, service: service.name)
                    }
                }
                if let problem = Self.composeProblem(service.containerName.value) {
                    diagnostics.add(
                        Self.id, mode, "service '\(service.name)' has a container name compose cannot read back: \(problem)",
                        at: service.containerName.location, help: help, service: service.name)
                }
            }
            for volume in deployment.volumes {
                if let problem = Self.composeProblem(volume.nameValue) {
                    diagnostics.add(
                        Self.id, mode, "volume '\(volume.key)' has a name compose cannot read back: \(problem)", at: volume.location, help: help)
                }
            }
            for network in deployment.networks {
                if let problem = Self.composeProblem(network.nameValue) {
                    diagnostics.add(
                        Self.id, mode, "network '\(network.key)' has a name compose cannot read back: \(problem)", at: network.location, help: help)
                }
            }
        }
    }

    /// Why `value` cannot be an env file value, or nil.
    static func envFileProblem(_ value: ResolvedValue) -> String? {
        if value.hasReferences && value.parts.count > 1 {
            return "it mixes text with a ${…} reference (\(value.displayText)); an env file value is a literal or one reference"
        }
        if value.literalParts.contains(where: { $0.containsUTF8(0) }) { return "it contains a NUL character" }
        if let nested = nestedDefault(value) { return nested }
        do {
            _ = try DotenvWriter.line(key: "KEY", value: EnvFileEmitter.dotenvValue(value))
            return nil
        } catch {
            return error.reason
        }
    }

    /// Why a `${NAME:-${OTHER}}` default cannot be written, or nil: Compose v2 interpolates a nested
    /// default, python-dotenv (the services' settings loaders) reads it as literal text, and homeiq-gen
    /// writes every default as literal text, so it would mean different things to different readers.
    static func nestedDefault(_ value: ResolvedValue) -> String? {
        guard value.hasReferences else { return nil }
        for part in value.parts {
            guard case .variable(let name, let fallback?) = part, Self.containsReference(fallback) else { continue }
            return
                "the default of ${\(name)} nests a reference (${\(name):-${…}}): Compose v2 interpolates it but python-dotenv reads it as text; "
                + "give a literal default, or choose the value per mode with .mode(test:production:)"
        }
        return nil
    }

    /// Whether `text` holds `${` (as Characters: on bytes when it is ASCII, where bytes are characters).
    private static func containsReference(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.contains("${") }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }

    /// `{`, `}`, `$`, a line break or NUL: what a message or default cannot hold.
    private static func unreadable(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") || byte == 0
    }

    /// Why `value` would not read back from the compose file, or nil.
    static func composeProblem(_ value: ResolvedValue) -> String? {
        if let nested = nestedDefault(value) { return nested }
        for part in value.parts {
            switch part {
            case .literal(let text):
                if text.containsUTF8(0) { return "it contains a NUL character" }
            case .secret(let name, let text), .variable(let name, .some(let text)):
                if !DotenvWriter.isValidKey(name) { return "'\(name)' is not a valid variable name" }
                // On bytes: the characters sought are ASCII, and no byte of another character is one of them.
                if let bad = text.utf8.first(where: { Self.unreadable($0) }) {
                    return "the message or default of ${\(name)} contains '\(Unicode.Scalar(bad).escaped(asASCII: true))'"
                }
            case .variable(let name, nil):
                if !DotenvWriter.isValidKey(name) { return "'\(name)' is not a valid variable name" }
            }
        }
        return nil
    }
}
