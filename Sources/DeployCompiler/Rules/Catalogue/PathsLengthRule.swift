import DeployModel

/// `paths.length`: every host path fits in PATH_MAX.
public struct PathsLengthRule: Rule {
    public static let id = "paths.length"
    public var summary: String { "every host path (bind mount, env file, build context) is at most 4095 bytes" }
    public var documentation: String {
        """
        Linux refuses a path of 4096 bytes or more (`PATH_MAX`), so a longer bind-mount source, \
        `EnvFile` or build context can never be found on the NUC; it is a typo or generated \
        garbage, and comparing its folders for isolation would cost memory quadratic in its \
        length. It cannot be waived. Fix: write the real path, relative to the package root. \
        Complexity: O(p) for p host paths in both modes.
        """
    }
    public var isWaivable: Bool { false }

    /// The longest path Linux accepts, in bytes.
    public static let maximumBytes = 4095

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                var paths: [(what: String, path: String, location: SourceLocation)] = []
                for mount in service.mounts { if case .bind(let path) = mount.source { paths.append(("bind-mount source", path, mount.location)) } }
                for file in service.envFiles { paths.append(("env file", file.value, file.location)) }
                if let build = service.build { paths.append(("build context", build.value.context, build.location)) }
                for (what, path, location) in paths where path.utf8.count > Self.maximumBytes {
                    diagnostics.add(
                        Self.id, deployment.mode,
                        "service '\(service.name)' has a \(what) of \(path.utf8.count) bytes; Linux paths are at most \(Self.maximumBytes)",
                        at: location, help: "write the real path, relative to the package root", service: service.name)
                }
            }
        }
    }
}
