import DeployModel

/// `isolation.bind-path`: no host path is bind-mounted by both modes, and none lies inside the other mode's.
public struct IsolationBindPathRule: Rule {
    public static let id = "isolation.bind-path"
    public var summary: String { "test and production bind-mount no common host path, and none inside the other's" }
    public var documentation: String {
        """
        A host folder mounted by both modes is shared state: test seeding would write next to the \
        production SQLite database, or a test reset (`rm -rf data/test`) would reach production. \
        Nesting counts: production mounting `data` sees everything test writes to `data/test`. Paths \
        are compared normalised (`./data/`, `data/.` and `data` are one path; `data/test` lies in \
        `data`, `data/production` does not lie in `data/test`). Mounts that are read-only in both \
        modes are allowed (checked-in configuration such as an init script: neither mode can change \
        it). Fix: give each mode its own folder with `Mount(test: \"data/test/x\", production: \
        \"data/production/x\", at: …)`, mount the narrower folder, or mount shared configuration \
        read-only. Complexity: O(m·d) with a hash map holding every folder of the m bind mounts (d, \
        the path depth, is a small constant): no pairwise comparison.
        """
    }

    /// The first bind mount of a host path in one mode.
    private struct Use {
        var path: [String]
        var location: SourceLocation
        var service: String
        var readOnly: Bool
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let test = uses(context.test)
        let production = uses(context.production)
        report(test, against: production, testSide: true, into: &diagnostics)
        report(production, against: test, testSide: false, into: &diagnostics)
    }

    /// Every bind-mounted host path of `deployment`, by normalised key; a path is read-only only if every mount of it is.
    private func uses(_ deployment: ResolvedDeployment) -> [String: Use] {
        var result: [String: Use] = [:]
        // Services repeat their bind sources (a shared data folder): each is split once.
        var split: [String: (components: [String], key: String)] = [:]
        for service in deployment.services {
            for mount in service.mounts {
                guard case .bind(let path) = mount.source else { continue }
                let components: [String]
                let key: String
                if let known = split[path] {
                    (components, key) = known
                } else {
                    components = IsolationPaths.components(path)
                    key = IsolationPaths.key(components)
                    split[path] = (components, key)
                }
                if var existing = result[key] {
                    existing.readOnly = existing.readOnly && mount.readOnly
                    result[key] = existing
                } else {
                    result[key] = Use(path: components, location: mount.location, service: service.name, readOnly: mount.readOnly)
                }
            }
        }
        return result
    }

    /// For each path of `mine`, looks up it and every folder above it among `theirs`.
    private func report(
        _ mine: [String: Use], against theirs: [String: Use], testSide: Bool,
        into diagnostics: inout DiagnosticCollector
    ) {
        let myMode = testSide ? Mode.test : .production
        for key in mine.keys.sorted() {
            let use = mine[key]!
            for candidate in IsolationPaths.selfAndAncestorKeys(use.path) {
                guard let other = theirs[candidate] else { continue }
                if use.readOnly && other.readOnly { continue }
                let here = IsolationPaths.display(use.path)
                let there = IsolationPaths.display(other.path)
                if candidate == key {
                    // The same path: reported once, from the test side.
                    guard testSide else { break }
                    let owners =
                        use.service == other.service
                        ? "service '\(use.service)'" : "test service '\(use.service)' and production service '\(other.service)'"
                    diagnostics.error(
                        Self.id, "host path '\(here)' is bind-mounted by both test and production (\(owners))",
                        at: use.location,
                        help:
                            "give each mode its own folder: Mount(test: \"…/test/…\", production: \"…/production/…\", at: …), or mount it read-only in both",
                        service: use.service)
                } else {
                    // `theirs` holds a folder above `mine`: blame the wider mount.
                    diagnostics.error(
                        Self.id,
                        "\(myMode.other) host path '\(there)' (service '\(other.service)') contains \(myMode) host path '\(here)' (service '\(use.service)')",
                        at: other.location,
                        help:
                            "mount a folder of \(myMode.other)'s own that does not contain \(myMode)'s, e.g. data/\(myMode.other) next to data/\(myMode)",
                        service: other.service)
                }
                break
            }
        }
    }
}
