import DeployModel

/// `compose.valid`: values Compose or Docker would refuse, or read differently, are refused at their line.
public struct ComposeValidRule: Rule {
    public static let id = "compose.valid"
    public var summary: String {
        "health check tests, host IPs, labels, mount targets, profiles, extra hosts, images and service names are valid compose"
    }
    public var documentation: String {
        """
        Values that the compose schema accepts as strings but Compose or Docker refuses, or reads \
        differently, at deploy time on the NUC: a health check test that does not start with `CMD`, \
        `CMD-SHELL` or `NONE` (Docker runs the first word as a command named `curl -f …`); a \
        published port's host address that is not an IP address (`localhost` is refused by \
        Compose); an empty label key; a mount, tmpfs or device target that is empty, relative or \
        contains `:` (the short syntax splits on it); an empty or malformed profile name (compose \
        pattern `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`); an extra host with an empty name or an address that \
        is neither an IP nor `host-gateway`; an image reference with whitespace or an uppercase \
        letter in its repository name; a service name that does not start with a letter or digit or \
        contains `..` (it is the container's host name on the network: `-` and `..` are not host \
        names); an empty user, Dockerfile, build target, logging driver, stop signal, platform, PID or \
        network mode (Compose drops it as if unwritten); an empty build argument, logging option, \
        sysctl or driver option key, or one with a control character or line break; device permissions other than r, w, m; a one-letter volume (`y:/data` reads as a \
        Windows drive); a control character in a container path, bind source or env file path (Compose cuts the path at NUL); \
        a bind source with `:` or an unclosed `${`; an \
        extra host name that is not a host name (Compose splits at its first `:`); `network_mode` \
        together with networks (Compose refuses the file); a volume whose name starts with `.` or `~` \
        (a host path in the short syntax); an unclosed `${` in a mount target; an empty network or \
        volume driver, IPAM driver, subnet, gateway or range. Each is an error at the declaration. Negative durations and retries are \
        `numbers.range`'s. Fix: write the value as Compose expects it; the message says what. \
        Complexity: O(n) in the size of the declarations.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                for problem in Self.problems(service) {
                    diagnostics.add(
                        Self.id, deployment.mode, "service '\(service.name)': \(problem.message)", at: problem.location,
                        help: problem.help, service: service.name)
                }
            }
            for network in deployment.networks {
                for problem in UnfaithfulText.problems(network: network) {
                    diagnostics.add(
                        Self.id, deployment.mode, "network '\(network.key)': \(problem.message)", at: network.location, help: problem.help)
                }
            }
            for volume in deployment.volumes {
                for problem in UnfaithfulText.problems(volume: volume) {
                    diagnostics.add(Self.id, deployment.mode, "volume '\(volume.key)': \(problem.message)", at: volume.location, help: problem.help)
                }
            }
            // The mode's SQLite folder is the bind source of every Mount(.databaseDirectory).
            if let sqlite = deployment.sqlite {
                for problem in UnfaithfulText.bindSourceProblems(sqlite.value.location(deployment.mode).hostDirectory) {
                    diagnostics.add(
                        Self.id, deployment.mode, "SQLite's \(deployment.mode) folder: \(problem.message)", at: sqlite.location, help: problem.help)
                }
            }
        }
    }

    struct Problem {
        var message: String
        var location: SourceLocation
        var help: String
    }

    static func problems(_ service: ResolvedService) -> [Problem] {
        var problems: [Problem] = []
        func add(_ message: String, _ location: SourceLocation, _ help: String) {
            problems.append(Problem(message: message, location: location, help: help))
        }
        let name = service.name
        if let first = name.unicodeScalars.first,
            !(("0"..."9").contains(first) || ("a"..."z").contains(first) || ("A"..."Z").contains(first)) || Self.containsDotDot(name)
        {
            add(
                "the service name '\(name)' is not a host name (it must start with a letter or digit and not contain '..')",
                service.location, "rename the service, e.g. 'device-helper'")
        }
        if let check = service.healthcheck, !check.value.disabled, let first = check.value.test.first,
            !["CMD", "CMD-SHELL", "NONE"].contains(first)
        {
            add(
                "the health check test starts with '\(Self.short(first))', not CMD, CMD-SHELL or NONE", check.location,
                "write Healthcheck([\"CMD\", \"program\", \"arg\"]) or Healthcheck([\"CMD-SHELL\", \"shell command\"])")
        }
        for port in service.ports {
            if let ip = port.hostIP, !IPAddress.isValid(ip) {
                add(
                    "the host address '\(Self.short(ip))' of port \(port.container) is not an IP address", port.location,
                    "write an IP address such as 127.0.0.1 or ::1 (Compose refuses host names here)")
            }
        }
        for label in service.labels where label.value.key.isEmpty {
            add("a label has an empty key", label.location, "give the label a key, e.g. Label(\"org.example.team\", \"…\")")
        }
        for label in service.labels where !label.value.key.isEmpty {
            for problem in UnfaithfulText.keyProblems(CollectionOfOne(label.value.key), "label") {
                add(problem.message, label.location, problem.help)
            }
        }
        func target(_ path: String, _ what: String, _ location: SourceLocation) {
            let problem =
                path.isEmpty
                ? "is empty"
                : !PathMapping.isAbsolute(path)
                    ? "is not an absolute path"
                    // On scalars: ':' followed by a combining mark is one Character, and Compose splits there.
                    : path.unicodeScalars.contains(":")
                        ? "contains ':'"
                        : UnfaithfulText.hasControl(path) ? "contains a control character" : nil
            if let problem {
                add("the \(what) target '\(Self.short(path))' \(problem)", location, "write an absolute container path without ':', e.g. /data")
            }
        }
        for mount in service.mounts { target(mount.target, "mount", mount.location) }
        for tmpfs in service.options.tmpfs { target(tmpfs.value.target, "tmpfs", tmpfs.location) }
        for device in service.options.devices {
            target(device.value.container, "device", device.location)
            if device.value.host.isEmpty || device.value.host.unicodeScalars.contains(":") {
                add(
                    "the device path '\(Self.short(device.value.host))' is empty or contains ':'", device.location,
                    "name the host device, e.g. /dev/ttyUSB0")
            }
        }
        for profile in service.profiles where !NamesPatternRule.NamePattern.container.matches(profile.value) {
            add(
                "the profile name '\(Self.short(profile.value))' does not match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", profile.location,
                "name the profile in letters, digits, '_', '.' and '-'")
        }
        for host in service.extraHosts {
            if host.value.host.isEmpty {
                add("an extra host has an empty name", host.location, "write ExtraHost(\"name\", \"192.168.1.10\")")
            } else if !host.value.host.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
            }) {
                add(
                    "the extra host name '\(Self.short(host.value.host))' is not a host name (Compose splits 'name:address' at its first ':')",
                    host.location, "write a host name of letters, digits, '.', '-' and '_'")
            }
            if host.value.address != "host-gateway", !IPAddress.isValid(host.value.address) {
                add(
                    "the address '\(Self.short(host.value.address))' of extra host '\(Self.short(host.value.host))' is not an IP address or host-gateway",
                    host.location, "write an IP address, or host-gateway for the Docker host")
            }
        }
        if let mode = service.options.networkMode, !mode.value.isEmpty, !service.networks.isEmpty {
            add(
                "network_mode '\(Self.short(mode.value))' and networks (\(service.networks.map(\.value).sorted().joined(separator: ", "))) are exclusive: Compose refuses the file",
                mode.location, "leave the service off every network (also the Defaults' OnNetwork), or remove NetworkMode")
        }
        for problem in service.unfaithfulText { add(problem.value.message, problem.location, problem.value.help) }
        if let image = service.image, let problem = imageProblem(image.value) {
            add(
                "the image reference '\(Self.short(image.value))' \(problem)", image.location,
                "write the repository in lowercase without spaces, e.g. ghcr.io/homeiq/data-api:2.4.0")
        }
        return problems
    }

    /// What makes an image reference unusable, or nil.
    static func imageProblem(_ reference: String) -> String? {
        if reference.utf8.allSatisfy({ $0 < 0x80 }) { return asciiImageProblem(Array(reference.utf8)) }
        if reference.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) { return "contains whitespace" }
        var repository = Substring(reference)
        if let at = repository.firstIndex(of: "@") { repository = repository[..<at] }
        let lastSlash = repository.lastIndex(of: "/")
        if let colon = repository.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true { repository = repository[..<colon] }
        // The registry host (before the first '/', when it has a '.' or ':' or is localhost) may be in any case.
        var path = repository
        if let slash = repository.firstIndex(of: "/") {
            let host = repository[..<slash]
            if host.contains(".") || host.contains(":") || host == "localhost" { path = repository[repository.index(after: slash)...] }
        }
        if path.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) { return "has an uppercase letter in its repository name" }
        return nil
    }

    /// `imageProblem` for ASCII text, on its bytes (a character is a byte; whitespace and controls are 0x00-0x20).
    private static func asciiImageProblem(_ bytes: [UInt8]) -> String? {
        if bytes.contains(where: { $0 <= 0x20 }) { return "contains whitespace" }
        var end = bytes.firstIndex(of: UInt8(ascii: "@")) ?? bytes.count
        let lastSlash = bytes[..<end].lastIndex(of: UInt8(ascii: "/"))
        if let colon = bytes[..<end].lastIndex(of: UInt8(ascii: ":")), lastSlash.map({ colon > $0 }) ?? true { end = colon }
        var start = 0
        if let slash = bytes[..<end].firstIndex(of: UInt8(ascii: "/")) {
            let host = bytes[..<slash]
            if host.contains(UInt8(ascii: ".")) || host.contains(UInt8(ascii: ":")) || host.elementsEqual("localhost".utf8) { start = slash + 1 }
        }
        if bytes[start..<end].contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return "has an uppercase letter in its repository name"
        }
        return nil
    }

    /// Whether `name` contains `..`: on its bytes when it is ASCII (bytes are characters), else by Foundation's search.
    private static func containsDotDot(_ name: String) -> Bool {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.contains("..") }
        var previous: UInt8 = 0
        for byte in name.utf8 {
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: ".") { return true }
            previous = byte
        }
        return false
    }

    /// At most 80 characters of `text`, controls escaped: enough to recognise, never a whole large value.
    static func short(_ text: String) -> String {
        let escaped = text.unicodeScalars.prefix(80).map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }.joined()
        return text.unicodeScalars.count > 80 ? escaped + "…" : escaped
    }
}
