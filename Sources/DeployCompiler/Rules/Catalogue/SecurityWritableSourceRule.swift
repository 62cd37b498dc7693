import DeployModel

/// `security.writable-source`: no production service bind-mounts a folder of the repository writable.
public struct SecurityWritableSourceRule: Rule {
    public static let id = "security.writable-source"
    public var summary: String { "no production service bind-mounts a repository folder writable (only the per-mode data folders)" }
    public var documentation: String {
        """
        The repository on the NUC holds `Deployments/`, `scripts/`, `infrastructure/` and the \
        generated files that `scripts/deploy.sh` trusts. A production container that can write a \
        folder of it can change what the next deployment runs, or the init scripts InfluxDB executes \
        on first start. In production, a bind mount of a path inside the repository (relative to the \
        package root) must be read-only, unless it lies in the mode's data folder, which the deploy \
        script creates for exactly this purpose (the `SQLite` host directory, e.g. `data/production`). \
        Paths outside the repository are not this rule's concern. Fix: `Mount(bind: …, at: …, \
        readOnly: true)`, or keep the service's writable state in the mode's data folder or a named \
        volume; where a writable source folder is really meant, `Waive(\"security.writable-source\", \
        because: …)` in the service. Complexity: O(m) for m production mounts.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        let production = context.production
        let dataFolders = [production.sqlite?.value.location(.production).hostDirectory].compactMap { $0 }.map(IsolationPaths.components)
        for service in production.services {
            for mount in service.mounts where !mount.readOnly {
                guard case .bind(let path) = mount.source, !PathMapping.isAbsolute(path) else { continue }
                let components = IsolationPaths.components(path)
                guard !components.contains(".."), !dataFolders.contains(where: { components.starts(with: $0) }) else { continue }
                diagnostics.add(
                    Self.id, .production, "service '\(service.name)' bind-mounts repository path '\(IsolationPaths.display(components))' writable",
                    at: mount.location,
                    help: ProductionSecurity.help(
                        "mount it read-only (readOnly: true), or keep writable state in the mode's data folder or a named volume", rule: Self.id),
                    service: service.name)
            }
        }
    }
}
