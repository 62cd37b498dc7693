import DeployModel

/// `secrets.build-argument`: no build argument holds a secret.
public struct SecretsBuildArgumentRule: Rule {
    public static let id = "secrets.build-argument"
    public var summary: String { "no build argument is a secret (it would be baked into an image layer)" }
    public var documentation: String {
        """
        Build arguments are resolved per mode exactly like environment values (literals, \
        `.mode(test:production:)`, `.variable(_, default:)`, derived values). A `.secret(…)` is \
        refused: Docker records build arguments in the image history (`docker history` shows them \
        to anyone who can pull the image), so a token given at build time is published with the \
        image. It cannot be waived. Fix: pass the secret at run time with \
        `Env(\"NAME\", .secret(\"NAME\"))`, or use a BuildKit secret mount in the Dockerfile \
        (`RUN --mount=type=secret,id=…`) fed from the deploy host. Complexity: O(a) for a build \
        arguments in both modes.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                for argument in service.build?.value.arguments ?? [] {
                    for name in argument.value.secretNames {
                        diagnostics.add(
                            Self.id, deployment.mode,
                            "service '\(service.name)' passes the secret \(name) as build argument \(argument.key); build arguments are stored in the image history",
                            at: argument.location,
                            help:
                                "pass it at run time with Env(\"\(argument.key)\", .secret(\"\(name)\")), or read it from a BuildKit secret mount (RUN --mount=type=secret)",
                            service: service.name)
                    }
                }
            }
        }
    }
}
