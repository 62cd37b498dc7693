import DeployModel

/// `security.docker-socket`: no production service mounts the Docker socket.
public struct SecurityDockerSocketRule: Rule {
    public static let id = "security.docker-socket"
    public var summary: String { "no production service mounts the Docker socket (unless waived with a reason)" }
    public var documentation: String {
        """
        A container that can reach `/var/run/docker.sock` can start a privileged container that \
        mounts the host's root filesystem: it is root on the NUC, read-only mount or not. Monitoring \
        and log tools ask for it by habit. In production, a bind mount whose host path is a \
        `docker.sock` (`/var/run/docker.sock`, `/run/docker.sock`, or any path ending in it) is an \
        error. Fix: drop the mount, or give the tool a socket proxy that allows only the read calls it \
        needs; where the service really must control Docker, `Waive(\"security.docker-socket\", \
        because: …)` in the service, and the reason is printed in the production file's header. \
        Complexity: O(m) for m mounts in production.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for service in context.production.services {
            for mount in service.mounts {
                guard case .bind(let path) = mount.source, path.hasSuffix("docker.sock") else { continue }
                diagnostics.add(
                    Self.id, .production,
                    "service '\(service.name)' mounts the Docker socket '\(path)': that is root on the host\(mount.readOnly ? ", read-only or not" : "")",
                    at: mount.location,
                    help: ProductionSecurity.help(
                        "remove the mount, or use a socket proxy that allows only the calls the service needs", rule: Self.id),
                    service: service.name)
            }
        }
    }
}
