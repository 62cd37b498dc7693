import DeployModel

/// `isolation.cross-reference`: no value of one mode names a resource of the other.
public struct IsolationCrossReferenceRule: Rule {
    public static let id = "isolation.cross-reference"
    public var summary: String { "no production value names a test resource, and no test value a production one" }
    public var documentation: String {
        """
        Separate buckets, networks and folders only isolate the modes if nothing points across: a \
        production service configured with `INFLUXDB_BUCKET=home_assistant_events_test`, \
        `HA_HTTP_URL=http://home-assistant-test:8123` or `sqlite:///./data/test/metadata.db`, or a \
        test service with production's bucket, writes into the other deployment. The rule collects \
        the other mode's distinctive names (its InfluxDB bucket and org where they differ from this \
        mode's, its network and volume names, its SQLite host folder when the folders do not nest, \
        the services that run only there, and its compose project name) and looks for them in every \
        environment value, env-file value, bind-mount source and container name of this mode \
        (literal text and variable defaults; the names of secret references are not resources). \
        Values are split into names at every character outside `[A-Za-z0-9_.-]` (so `/`, `:` and \
        spaces separate), and a multi-segment name such as `data/test` matches consecutive segments; \
        a container name that starts with the other mode's project name is reported as well. \
        Fix: use the derived values (`.influxBucket`, `.homeAssistantURL`, `.databaseURL`, \
        `.url(of:port:)`), `.mode(test:production:)`, or per-mode mounts. Complexity: O(t·k) for \
        t characters of values (an environment value that services repeat searched once), with a hash set of \
        names and k distinct name lengths in segments (1 or 2): linear in the text.
        """
    }

    /// What makes a name distinctive of a mode, for the message.
    private struct Distinctive {
        var names: [String: String] = [:]
        /// The segment counts of the names, longest first (usually 1 or 2 entries).
        var lengths: [Int] = []
        /// The first segments of the names of more than one segment: no other segment can start one.
        var firsts: Set<String> = []
        /// The signatures of `firsts`.
        var firstSignatures = TextSignatures()
        /// The one-segment names' signatures, so most texts are turned away before any hashing.
        var singles = TextSignatures()

        mutating func add(_ name: String, _ kind: String) {
            // Most names (a service, a volume) are one segment: their own key.
            if !name.isEmpty, name != ".", IsolationText.isName(name) {
                if names[name] == nil { names[name] = kind }
                singles.insert(name)
                if !lengths.contains(1) {
                    lengths.append(1)
                    lengths.sort(by: >)
                }
                return
            }
            let segments = IsolationText.segments(name)
            guard !segments.isEmpty else { return }
            let key = segments.joined(separator: "/")
            if names[key] == nil { names[key] = kind }
            if segments.count > 1 {
                firsts.insert(segments[0])
                firstSignatures.insert(segments[0])
            } else {
                singles.insert(key)
            }
            if !lengths.contains(segments.count) {
                lengths.append(segments.count)
                lengths.sort(by: >)
            }
        }

        mutating func remove(_ name: String) {
            names[IsolationText.isName(name) ? name : IsolationText.segments(name).joined(separator: "/")] = nil
        }

        /// The first distinctive name in the text `value` contributes (literal parts and variable defaults; not the
        /// names of references), and what it is.
        func find(in value: ResolvedValue) -> (name: String, kind: String)? {
            for part in value.parts {
                switch part {
                case .literal(let text): if let found = find(in: text) { return found }
                case .variable(_, let fallback?): if let found = find(in: fallback) { return found }
                case .variable, .secret: continue
                }
            }
            return nil
        }

        /// The first distinctive name in `text`, and what it is.
        func find(in text: String) -> (name: String, kind: String)? {
            // Most values are one name (`true`, `8080`, a bucket): then the text is its only segment.
            if IsolationText.isName(text) {
                guard lengths.contains(1), text != ".", singles.mayContain(text) else { return nil }
                return names[text].map { (text, $0) }
            }
            // The segments as byte ranges: a string is made only for a segment whose signature may match.
            return text.utf8.withContiguousStorageIfAvailable(find(inBytes:)) ?? Array(text.utf8).withUnsafeBufferPointer(find(inBytes:))
        }

        /// `find(in:)` on the UTF-8 bytes of a text.
        private func find(inBytes bytes: UnsafeBufferPointer<UInt8>) -> (name: String, kind: String)? {
            let ranges = IsolationText.segmentRanges(bytes)
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            func mayStart(_ range: Range<Int>, length: Int) -> Bool {
                length == 1
                    ? singles.mayContain(utf8Count: range.count, first: bytes[range.lowerBound])
                    : firstSignatures.mayContain(utf8Count: range.count, first: bytes[range.lowerBound]) && firsts.contains(string(range))
            }
            for length in lengths where length <= ranges.count {
                for start in 0...(ranges.count - length) where mayStart(ranges[start], length: length) {
                    let key = ranges[start..<(start + length)].map(string).joined(separator: "/")
                    if let kind = names[key] { return (key, kind) }
                }
            }
            return nil
        }
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let other = context.deployment(deployment.mode.other)
            let names = distinctive(of: other, against: deployment)
            scan(
                deployment, otherProject: other.projectName, names: names, values: context.environmentValues[deployment.mode],
                into: &diagnostics)
        }
    }

    /// The names that belong to `other` and not to `mine`.
    private func distinctive(of other: ResolvedDeployment, against mine: ResolvedDeployment) -> Distinctive {
        var names = Distinctive()
        if let theirs = other.influxDB?.value.tenant(other.mode) {
            let ours = mine.influxDB?.value.tenant(mine.mode)
            if theirs.bucket != ours?.bucket { names.add(theirs.bucket, "InfluxDB bucket") }
            if theirs.org != ours?.org { names.add(theirs.org, "InfluxDB organisation") }
        }
        for network in other.networks { names.add(network.name, "network") }
        for volume in other.volumes { names.add(volume.name, "volume") }
        if let theirs = other.sqlite?.value.location(other.mode).hostDirectory {
            let ours = mine.sqlite?.value.location(mine.mode).hostDirectory
            if ours.map({ !IsolationPaths.nests(IsolationPaths.components($0), IsolationPaths.components(theirs)) }) ?? true {
                names.add(theirs, "SQLite folder")
            }
        }
        let myServices = Set(mine.services.map { $0.name })
        for service in other.services where !myServices.contains(service.name) {
            names.add(service.name, "\(other.mode)-only service")
        }
        names.add(other.projectName, "compose project")
        // What this mode itself uses is not distinctive of the other (shared names are other rules' business).
        for network in mine.networks { names.remove(network.name) }
        for volume in mine.volumes { names.remove(volume.name) }
        for service in mine.services { names.remove(service.name) }
        names.remove(mine.projectName)
        return names
    }

    private func scan(
        _ deployment: ResolvedDeployment, otherProject: String, names: Distinctive, values: EnvironmentValues,
        into diagnostics: inout DiagnosticCollector
    ) {
        let mode = deployment.mode
        let other = mode.other
        func report(_ what: String, _ found: (name: String, kind: String), at location: SourceLocation, service: String?) {
            diagnostics.add(
                Self.id, mode, "\(what) names \(other)'s \(found.kind) '\(found.name)'",
                at: location,
                help:
                    "use the value derived for the mode (.influxBucket, .homeAssistantURL, .databaseURL, .url(of:port:)) or .mode(test:production:)",
                service: service)
        }
        // An environment value that services repeat is searched once (`EnvironmentValues`).
        let named = values.judge { names.find(in: $0) }
        for (index, service) in deployment.services.enumerated() {
            values.forEachJudged(named, service: service, at: index) { variable, found in
                if variable.fromDefaults {
                    report("Defaults value \(variable.key)", found, at: variable.location, service: nil)
                } else {
                    report("service '\(service.name)': \(variable.key)", found, at: variable.location, service: service.name)
                }
            }
            for mount in service.mounts {
                guard case .bind(let path) = mount.source, let found = names.find(in: path) else { continue }
                report("service '\(service.name)': bind mount '\(path)'", found, at: mount.location, service: service.name)
            }
            let container = service.containerName.value.literalText ?? service.containerName.value.displayText
            if let found = names.find(in: container) {
                report("container name '\(container)'", found, at: service.containerName.location, service: service.name)
            } else if startsWithProject(container, otherProject) && !startsWithProject(container, deployment.projectName, longerThan: otherProject) {
                report(
                    "container name '\(container)'", (otherProject, "compose project prefix"), at: service.containerName.location,
                    service: service.name)
            }
        }
        for entry in deployment.envFile {
            guard let found = names.find(in: entry.value) else { continue }
            report("the env file: \(entry.key)", found, at: entry.location, service: nil)
        }
    }

    /// Whether `name` starts with `project-`; with `longerThan`, only when `project` is the more specific prefix.
    private func startsWithProject(_ name: String, _ project: String, longerThan other: String? = nil) -> Bool {
        // An ASCII project whose bytes (and a '-') do not start the name is no prefix of it: decided without making the
        // joined string. Otherwise String's own comparison decides (canonical equivalence).
        let bytes = name.utf8
        let bytesMatch = bytes.starts(with: project.utf8) && bytes.dropFirst(project.utf8.count).first == UInt8(ascii: "-")
        if !bytesMatch, project.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        guard name.hasPrefix(project + "-") else { return false }
        return other.map { project.count > $0.count } ?? true
    }
}
