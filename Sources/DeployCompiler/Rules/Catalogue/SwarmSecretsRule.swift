import DeployModel

/// `swarm.secrets`: on a cluster, every secret reaches its service as a Swarm secret file, never as an environment value.
public struct SwarmSecretsRule: Rule {
    public static let id = "swarm.secrets"
    public var summary: String { "on a cluster, secrets are Swarm secret files; a service that reads one from the environment says so" }
    public var documentation: String {
        """
        With compose, a secret is an environment value: anyone who can run `docker inspect` reads it. \
        A swarm has real secrets: encrypted in the managers' Raft log, mounted only into the tasks \
        that use them, as files under `/run/secrets/`. On a cluster, an environment variable whose \
        whole value is one secret `NAME` becomes the Swarm secret `NAME`, mounted at \
        `/run/secrets/NAME`, and the service is told where by `KEY_FILE=/run/secrets/NAME` (the \
        `_FILE` convention of official images). A service that reads a secret from the environment \
        only must say so with `SecretFromEnvironment("KEY")`; it then starts through a wrapper that \
        exports the variable from the file and execs the service's `Entrypoint`, so the value is \
        still never stored in the service's definition. The rule reports a secret mixed with other \
        text (it cannot be a file) unless declared read from the environment, a wrapped service \
        without an `Entrypoint` to exec, a wrapped value holding a deploy-time variable, and a \
        `SecretFromEnvironment` naming a variable that carries no secret; each message lists which \
        of the service's secrets go as files and which through the environment. Fix: as the help \
        line says. Complexity: O(e) for e environment variables.
        """
    }

    public init() {}

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for (deployment, _) in context.clusterDeployments {
            let mode = deployment.mode
            for service in deployment.services {
                let delivery = SwarmSecretDelivery(service)
                let summary = Self.summary(delivery)
                for variable in delivery.variables {
                    guard case .undeliverable(let reason) = variable.kind else { continue }
                    diagnostics.add(
                        Self.id, mode,
                        "service '\(service.name)': secret variable \(variable.key) cannot become a Swarm secret file: \(reason) (\(summary))",
                        at: variable.location,
                        help:
                            "make its value exactly one secret, or declare SecretFromEnvironment(\"\(variable.key)\") with the service's Entrypoint",
                        service: service.name)
                }
                if !delivery.wrapped.isEmpty && (service.entrypoint?.value ?? []).isEmpty {
                    diagnostics.add(
                        Self.id, mode,
                        "service '\(service.name)' reads \(delivery.wrapped.map(\.key).joined(separator: ", ")) from the environment only, but declares no Entrypoint for the wrapper to exec (\(summary))",
                        at: service.swarm.secretsFromEnvironment.first { $0.value == delivery.wrapped[0].key }?.location
                            ?? delivery.wrapped[0].location, help: "declare the image's entrypoint: Entrypoint(\"…\"), and its Command",
                        service: service.name)
                }
                for stale in delivery.staleDeclarations {
                    diagnostics.add(
                        Self.id, mode,
                        "service '\(service.name)' declares SecretFromEnvironment(\"\(stale.value)\"), but \(stale.value) carries no secret",
                        at: stale.location,
                        help: "remove the declaration, or use InProduction { SecretFromEnvironment(…) } if it is a secret in one mode only",
                        service: service.name)
                }
            }
        }
    }

    /// `files: HA_TOKEN_FILE; environment: OPENAI_API_KEY`.
    static func summary(_ delivery: SwarmSecretDelivery) -> String {
        var files: [String] = []
        var environment: [String] = []
        for variable in delivery.variables {
            switch variable.kind {
            case .file: files.append("\(variable.key)_FILE")
            case .wrapped: environment.append(variable.key)
            case .undeliverable: continue
            }
        }
        return
            "as files: \(files.isEmpty ? "none" : files.joined(separator: ", ")); from the environment: \(environment.isEmpty ? "none" : environment.joined(separator: ", "))"
    }
}
