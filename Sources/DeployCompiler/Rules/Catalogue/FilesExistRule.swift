import DeployModel

/// `files.exist`: the host files the deployment needs are in the repository at generation time.
public struct FilesExistRule: Rule {
    public static let id = "files.exist"
    public var summary: String { "bind-mount sources, env files, build contexts and Dockerfiles exist in the repository" }
    public var documentation: String {
        """
        A bind mount of a path that does not exist is not an error to Docker: it creates an empty \
        folder owned by root in its place, so a mistyped `infrastructure/influxdb/init.sh` starts \
        InfluxDB without its init script and the mistake surfaces weeks later. A missing `env_file` \
        or build context fails only on the NUC, at deploy time. Every bind-mount source, `EnvFile` \
        path and build context that is relative to the package root (where `homeiq-gen` runs) must \
        exist there, env files as files and contexts as folders, and so must the build's Dockerfile \
        (`Dockerfile` in the context unless given). Absolute paths (`/dev/…`, `/var/run/…`) are the \
        host's and are not checked, nor are paths that leave the repository (`../…`); the per-mode \
        data folders (the `SQLite` host directories, e.g. `data/test`) and everything in them are \
        created by `scripts/deploy.sh` and are exempt. The check runs whenever the compiler knows \
        the package root, as `homeiq-gen` always does. Fix: correct the path, or add the file to \
        the repository. Complexity: O(p) file lookups for p declared paths.
        """
    }
    public var isWaivable: Bool { false }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        guard let files = context.hostFiles else { return }
        for deployment in context.deployments {
            let mode = deployment.mode
            let dataFolder = deployment.sqlite.map { IsolationPaths.components($0.value.location(mode).hostDirectory) }
            /// The path relative to the root when it lies in the repository and outside the data folder.
            func checked(_ path: String) -> [String]? {
                guard !PathMapping.isAbsolute(path) else { return nil }
                let components = IsolationPaths.components(path)
                guard !components.contains(".."), components.count > 1 else { return nil }
                if let dataFolder, components.starts(with: dataFolder) { return nil }
                return components
            }
            func expect(_ path: String, _ kind: HostFiles.Kind?, what: String, at location: SourceLocation, service: String) {
                guard let components = checked(path) else { return }
                let relative = components.dropFirst().joined(separator: "/")
                let found = files.kind(relative)
                let problem: String
                switch (found, kind) {
                case (nil, _): problem = "does not exist"
                case (.file?, .directory?): problem = "is a file, not a folder"
                case (.directory?, .file?): problem = "is a folder, not a file"
                default: return
                }
                diagnostics.add(
                    Self.id, mode, "\(what) '\(relative)' of service '\(service)' \(problem) in the repository",
                    at: location, help: "correct the path (relative to the package root), or add the file to the repository",
                    service: service)
            }
            for service in deployment.services {
                for mount in service.mounts {
                    guard case .bind(let path) = mount.source else { continue }
                    expect(path, nil, what: "bind-mount source", at: mount.location, service: service.name)
                }
                for envFile in service.envFiles {
                    expect(envFile.value, .file, what: "env file", at: envFile.location, service: service.name)
                }
                if let build = service.build {
                    expect(build.value.context, .directory, what: "build context", at: build.location, service: service.name)
                    if let context = checked(build.value.context), files.kind(context.dropFirst().joined(separator: "/")) == .directory {
                        let dockerfile = build.value.dockerfile ?? "Dockerfile"
                        let path = PathMapping.isAbsolute(dockerfile) ? dockerfile : build.value.context + "/" + dockerfile
                        expect(path, .file, what: "Dockerfile", at: build.location, service: service.name)
                    }
                }
            }
        }
    }
}
