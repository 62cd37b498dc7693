import DeployModel

/// `isolation.sqlite`: each mode's SQLite database is a different file on the host, in folders that do not nest.
public struct IsolationSQLiteRule: Rule {
    public static let id = "isolation.sqlite"
    public var summary: String { "test and production write different SQLite database files, in host folders that do not nest" }
    public var documentation: String {
        """
        The metadata database (devices, entities, automations) is a SQLite file on the host. If both \
        modes open the same file, test seeding and mock data end up in production's device registry; \
        if one mode's folder contains the other's, a mount of the wider folder exposes both. The rule \
        checks the stack's `SQLite(test:production:)` host folders (different, neither inside the \
        other), and follows every service's literal `DATABASE_URL` (`sqlite…:///./data/metadata.db`, \
        relative to the working directory) through the service's bind mounts to the host file it \
        really opens: no host file may be opened by both modes, and none may lie in the other mode's \
        database folder. A database file not under any mount lives inside the container and is not \
        checked. Fix: use `.databaseURL` and `Mount.database(readOnly:)`, which derive both per mode, \
        and keep the folders side by side (`data/test`, `data/production`). Complexity: O(s·d) for s \
        services and path depth d, with hash maps of mount targets and database files.
        """
    }

    public static let key = "DATABASE_URL"

    /// A host file a service opens as its database.
    private struct Opened {
        var host: [String]
        var service: String
        var location: SourceLocation
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var folders: [Mode: [String]] = [:]
        if let test = context.test.sqlite, let production = context.production.sqlite {
            let testFolder = IsolationPaths.components(test.value.test.hostDirectory)
            let productionFolder = IsolationPaths.components(production.value.production.hostDirectory)
            folders = [.test: testFolder, .production: productionFolder]
            if testFolder == productionFolder {
                diagnostics.error(
                    Self.id, "test and production keep their SQLite database in the same host folder '\(IsolationPaths.display(testFolder))'",
                    at: test.location, help: "give each mode its own folder: SQLite(test: …\"data/test\"…, production: …\"data/production\"…)")
            } else if IsolationPaths.nests(testFolder, productionFolder) {
                let (outer, inner) = testFolder.count < productionFolder.count ? (Mode.test, Mode.production) : (.production, .test)
                diagnostics.error(
                    Self.id,
                    "the \(outer) SQLite folder '\(IsolationPaths.display(folders[outer]!))' contains the \(inner) one '\(IsolationPaths.display(folders[inner]!))'",
                    at: test.location, help: "use sibling folders that do not nest, e.g. data/test and data/production")
            }
        }

        var opened: [Mode: [String: Opened]] = [:]
        for deployment in context.deployments {
            let workingDirectory = deployment.sqlite?.value.workingDirectory ?? "/"
            let volumeNames = Dictionary(deployment.volumes.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
            var files: [String: Opened] = [:]
            // Services share their URL (`.databaseURL`): each URL is parsed once.
            var containerFiles: [String: [String]?] = [:]
            var paths = IsolationPaths.Memo()
            for service in deployment.services {
                guard let variable = service.environment[Self.key], let url = variable.value.literalText else { continue }
                let container = containerFiles[url] ?? Self.containerFile(of: url, workingDirectory: workingDirectory)
                containerFiles[url] = .some(container)
                guard let container,
                    let host = Self.hostFile(ofContainerFile: container, mounts: service.mounts, volumeNames: volumeNames, paths: &paths)
                else { continue }
                let key = IsolationPaths.key(host)
                if files[key] == nil { files[key] = Opened(host: host, service: service.name, location: variable.location) }
                if let otherFolder = folders[deployment.mode.other], IsolationPaths.nests(otherFolder, host), host.count > otherFolder.count {
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' opens '\(IsolationPaths.display(host))', inside the \(deployment.mode.other) database folder '\(IsolationPaths.display(otherFolder))'",
                        at: variable.location, help: "use Env(\"\(Self.key)\", .databaseURL) with Mount.database(): both follow the mode",
                        service: service.name)
                }
            }
            opened[deployment.mode] = files
        }
        let production = opened[.production] ?? [:]
        for (key, file) in (opened[.test] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let other = production[key] else { continue }
            diagnostics.error(
                Self.id,
                "test service '\(file.service)' and production service '\(other.service)' open the same database file '\(IsolationPaths.display(file.host))' on the host",
                at: file.location, help: "use Env(\"\(Self.key)\", .databaseURL) with Mount.database(): each mode gets its own file",
                service: file.service)
        }
    }

    /// The components of the path, inside the container, of the file a SQLite URL opens; nil when it is
    /// not a SQLite URL, or an in-memory database.
    static func containerFile(of url: String, workingDirectory: String) -> [String]? {
        guard url.hasPrefix("sqlite"), let separator = url.firstRange(of: "://") else { return nil }
        var path = String(url[separator.upperBound...])
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        // `sqlite:///relative.db` and `sqlite:////absolute.db`: the first slash separates the (empty) host.
        // On bytes and scalars: a '/' followed by a combining mark is one Character (PathMapping.isAbsolute).
        guard PathMapping.isAbsolute(path) else { return nil }
        path = String(path.unicodeScalars.dropFirst())
        guard !path.isEmpty, path != ":memory:" else { return nil }
        return PathMapping.isAbsolute(path)
            ? IsolationPaths.components(path)
            : IsolationPaths.components(
                PathMapping.isAbsolute(workingDirectory) ? workingDirectory + "/" + path : "/" + workingDirectory + "/" + path)
    }

    /// The host path of the container file `container` through the mount whose target is its longest
    /// prefix (of two mounts on one target, the last, as Compose has it); nil when no mount covers it.
    static func hostFile(
        ofContainerFile container: [String], mounts: [ResolvedMount], volumeNames: [String: String], paths: inout IsolationPaths.Memo
    ) -> [String]? {
        let targets = mounts.filter { !$0.target.isEmpty }.map { (target: paths.components($0.target), mount: $0) }
        for length in stride(from: container.count, through: 1, by: -1) {
            guard let mount = targets.last(where: { $0.target.elementsEqual(container[..<length]) })?.mount else { continue }
            let rest = container[length...]
            switch mount.source {
            case .bind(let source): return paths.components(source) + rest
            case .volume(let key): return ["volume:\(volumeNames[key] ?? key)"] + rest
            }
        }
        return nil
    }
}
