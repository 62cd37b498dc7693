import DeployModel

/// `mode.deployment-mode`: every service's environment has `DEPLOYMENT_MODE` equal to its mode.
public struct ModeDeploymentModeRule: Rule {
    public static let id = "mode.deployment-mode"
    public var summary: String { "every service has DEPLOYMENT_MODE equal to the mode it runs in" }
    public var documentation: String {
        """
        Services decide at start-up whether they may call outside APIs, which bucket and database \
        they write, and whether synthetic data is allowed, from `DEPLOYMENT_MODE`. A service without \
        it, or with the other mode's value (a copy-pasted literal), behaves like the wrong deployment. \
        The value must be the literal of the mode (`test` or `production`), as `.deploymentMode` \
        derives it, in every service (the stack's `Defaults` is the place). A hand-written env-file \
        entry `DEPLOYMENT_MODE` with another value is reported too. It cannot be waived. \
        Fix: `Env("DEPLOYMENT_MODE", .deploymentMode)` in `Defaults { }`, and remove literal overrides. \
        Complexity: O(s + e) for s services and e environment declarations.
        """
    }
    public var isWaivable: Bool { false }

    public static let key = "DEPLOYMENT_MODE"

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            let expected = deployment.mode.deploymentModeValue
            for service in deployment.services {
                guard let variable = service.environment[Self.key] else {
                    diagnostics.add(
                        Self.id, deployment.mode, "service '\(service.name)' has no \(Self.key)",
                        at: service.location,
                        help: "add Env(\"\(Self.key)\", .deploymentMode) to the stack's Defaults { } (or to the service)",
                        service: service.name)
                    continue
                }
                if variable.value.literalText != expected {
                    diagnostics.add(
                        Self.id, deployment.mode, "service '\(service.name)' has \(Self.key)=\(variable.value.displayText), expected '\(expected)'",
                        at: variable.location,
                        help: "write Env(\"\(Self.key)\", .deploymentMode): the compiler derives the value per mode",
                        service: service.name)
                }
            }
            for entry in deployment.envFile where entry.key == Self.key && entry.value.literalText != expected {
                diagnostics.add(
                    Self.id, deployment.mode, "the env file sets \(Self.key)=\(entry.value.displayText), expected '\(expected)'",
                    at: entry.location,
                    help: "remove the EnvFileEntry: the env file's \(Self.key) is derived")
            }
        }
    }
}
