import DeployModel

/// Text in one declaration that Compose would read as something else than written, in words.
///
/// Found where each declaration is resolved, so that rule `compose.valid` reports it at the
/// declaration's line. Each case was found by the differential test and the fuzzer against Docker
/// Compose v2 (`Tests/ConformanceTests/Faithful`).
enum UnfaithfulText {
    /// One problem: what is wrong, and what to write instead.
    struct Problem: Sendable, Hashable {
        var message: String
        var help: String
    }

    /// The problems of `declaration`'s text.
    static func problems(_ declaration: ServiceDeclaration) -> [Problem] {
        var problems: [Problem] = []
        /// Compose drops an empty scalar as if it were not written: the image's or Docker's default applies.
        func empty(_ text: String?, _ what: String, _ component: String) {
            if text == "" {
                problems.append(
                    Problem(
                        message: "an empty \(what) is dropped by Compose (the default applies, not '')",
                        help: "remove the empty \(component), or write the \(what)"))
            }
        }
        /// Compose refuses a mapping with an empty key, or one with a control character or line break.
        func emptyKey(_ keys: some Collection<String>, _ what: String) {
            problems += keyProblems(keys, what)
        }
        switch declaration {
        case .user(let user): empty(user, "user", "User")
        case .build(let spec):
            empty(spec.dockerfile, "Dockerfile name", "dockerfile:")
            empty(spec.target, "build target", "target:")
            emptyKey(spec.arguments.keys, "build argument")
        case .logging(let spec):
            empty(spec.driver, "logging driver", "Logging driver")
            emptyKey(spec.options.keys, "logging option")
        case .option(let option):
            switch option {
            case .stopSignal(let signal): empty(signal, "stop signal", "StopSignal")
            case .platform(let platform): empty(platform, "platform", "Platform")
            case .pid(let pid): empty(pid, "PID namespace", "PID")
            case .networkMode(let mode): empty(mode, "network mode", "NetworkMode")
            case .sysctl(let key, _): emptyKey(CollectionOfOne(key), "sysctl")
            case .device(let device):
                if let permissions = device.permissions, !Self.isDevicePermissions(permissions) {
                    problems.append(
                        Problem(
                            message:
                                "the device permissions '\(ComposeValidRule.short(permissions))' are not cgroup permissions (one or more of r, w, m)",
                            help: "write permissions such as \"rw\" or \"rwm\", or leave them out for rwm"))
                }
            default: break
            }
        case .envFile(let path):
            if hasControl(path) {
                problems.append(
                    Problem(
                        message: "the env file path '\(ComposeValidRule.short(path))' contains a control character (Compose cannot open it)",
                        help: "name the file in printable characters"))
            }
        case .mount(let spec):
            if case .volume(let key) = spec.source, key.count == 1, key.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) {
                problems.append(
                    Problem(
                        message: "the one-letter volume '\(key)' reads as a Windows drive in '\(key):\(spec.target ?? "")' (Compose finds no volume)",
                        help: "name the volume with two or more characters"))
            }
            if case .volume(let key) = spec.source, key.hasPrefix(".") || key.hasPrefix("~") {
                problems.append(
                    Problem(
                        message:
                            "the volume '\(ComposeValidRule.short(key))' reads as a host path in '\(ComposeValidRule.short(key)):…' (Compose binds a folder instead)",
                        help: "start the volume's name with a letter or digit"))
            }
            if case .bind(let test, let production) = spec.source {
                for path in Set([test, production]).sorted() { problems += bindSourceProblems(path) }
            }
            if let target = spec.target, hasUnclosedBrace(target) {
                problems.append(
                    Problem(
                        message:
                            "the mount target '\(ComposeValidRule.short(target))' has a '${' without '}': Compose's short syntax then finds no target",
                        help: "close the brace or leave '${' out of the container path"))
            }
        default: break
        }
        return problems
    }

    /// The problems of a bind mount's host path (a `Mount` of a folder, or SQLite's folder of a mode),
    /// written in Compose's short syntax `SOURCE:TARGET`.
    static func bindSourceProblems(_ path: String) -> [Problem] {
        if hasControl(path) {
            return [
                Problem(
                    message: "the bind source '\(ComposeValidRule.short(path))' contains a control character (Compose cuts the path at NUL)",
                    help: "name the folder in printable characters")
            ]
        } else if path.unicodeScalars.contains(":") {
            return [
                Problem(
                    message: "the bind source '\(ComposeValidRule.short(path))' contains ':' (Compose's short syntax splits on it)",
                    help: "rename the folder without ':'")
            ]
        } else if hasUnclosedBrace(path) {
            return [
                Problem(
                    message: "the bind source '\(ComposeValidRule.short(path))' has a '${' without '}': Compose's short syntax then finds no target",
                    help: "rename the folder without '${'")
            ]
        }
        return []
    }

    /// Whether a `${` in `text` is left open: each `${` needs its own `}` (`${a${b}` leaves the first
    /// open, and Compose's short syntax then finds no target: the fuzzer's seed 3670000813). Counted on
    /// Unicode scalars (`{` or `:` followed by a combining mark is one Character, and Compose reads
    /// scalars: seed 3739124837); a `{` without `$` opens nothing.
    static func hasUnclosedBrace(_ text: String) -> Bool {
        var depth = 0
        var afterDollar = false
        for scalar in text.unicodeScalars {
            if scalar == "{" && afterDollar {
                depth += 1
            } else if scalar == "}" && depth > 0 {
                depth -= 1
            }
            afterDollar = scalar == "$"
        }
        return depth > 0
    }

    /// The problems of a network's or volume's text: Compose drops an empty driver, subnet, gateway or range.
    static func problems(network: ResolvedNetwork) -> [Problem] {
        var problems: [Problem] = []
        func empty(_ text: String?, _ what: String) {
            if text == "" {
                problems.append(
                    Problem(message: "an empty \(what) is dropped by Compose (the default applies, not '')", help: "remove it, or write the \(what)"))
            }
        }
        empty(network.driver, "network driver")
        problems += keyProblems(network.driverOptions.keys, "network driver option")
        empty(network.ipam?.driver, "IPAM driver")
        for pool in network.ipam?.pools ?? [] {
            empty(pool.subnet, "subnet")
            empty(pool.gateway, "gateway")
            empty(pool.ipRange, "IP range")
        }
        return problems
    }

    /// The problems of a volume's text.
    static func problems(volume: ResolvedVolume) -> [Problem] {
        var problems: [Problem] = []
        if volume.driver == "" {
            problems.append(
                Problem(message: "an empty volume driver is dropped by Compose (the default applies, not '')", help: "remove it, or write the driver")
            )
        }
        problems += keyProblems(volume.driverOptions.keys, "volume driver option")
        return problems
    }

    /// Compose's schema refuses a mapping key that is empty or holds a control character or line break.
    static func keyProblems(_ keys: some Collection<String>, _ what: String) -> [Problem] {
        func isUnprintable(_ key: String) -> Bool {
            key.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" }
        }
        // Every service passes its defaults' keys through here: most have none to report, found without sorting them.
        guard keys.contains(where: { $0.isEmpty || isUnprintable($0) }) else { return [] }
        var problems: [Problem] = []
        for key in keys.sorted() {
            if key.isEmpty {
                problems.append(Problem(message: "an empty \(what) key is refused by Compose", help: "give every \(what) a name"))
            } else if isUnprintable(key) {
                problems.append(
                    Problem(
                        message: "the \(what) key '\(ComposeValidRule.short(key))' holds a control character or line break (Compose refuses it)",
                        help: "name the \(what) in printable characters"))
            }
        }
        return problems
    }

    /// Whether `text` holds a C0 control character or DEL.
    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// One or more of `r`, `w`, `m`, each at most once.
    static func isDevicePermissions(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 3 && Set(text).count == text.count && text.allSatisfy { "rwm".contains($0) }
    }
}
