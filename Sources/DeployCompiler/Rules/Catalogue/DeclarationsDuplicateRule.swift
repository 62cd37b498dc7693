import DeployModel

/// `declarations.duplicate`: a single-valued declaration appears at most once per scope.
public struct DeclarationsDuplicateRule: Rule {
    public static let id = "declarations.duplicate"
    public var summary: String { "a service or Defaults block declares Image, Limits, Healthcheck, Restart, … at most once per scope" }
    public var documentation: String {
        """
        `Image`, `Build`, `Healthcheck`, `HealthcheckTimings`, `Restart`, `Logging`, `Limits`, \
        `Reservations`, `Command`, `Entrypoint`, `User`, `ContainerName`, `StopGracePeriod` and \
        `RunsIn` hold one value per service. Written twice in the same scope, the last one would win \
        silently: in a stack translated by hand, a second `Healthcheck` copied from another service \
        shipped a health check probing that service's port. The error is at the second \
        declaration, with a note at the first. An `InTest { }` or `InProduction { }` block \
        overriding the body is not a duplicate (that is what the blocks are for), nor is a service \
        overriding its `Defaults`; two in the same block (or in two blocks of the same mode) are. \
        It cannot be waived. Fix: delete the one that is wrong, or move the per-mode one into \
        `InTest { }`/`InProduction { }`. Complexity: O(d) for d declarations in both modes.
        """
    }
    public var isWaivable: Bool { false }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for duplicate in deployment.duplicateDeclarations {
                let owner = duplicate.service.map { "service '\($0)'" } ?? "Defaults"
                diagnostics.add(
                    Self.id, deployment.mode,
                    "\(owner) declares \(duplicate.kind) a second time in the same scope (first at \(duplicate.first.shortDescription)); the last one would silently win",
                    at: duplicate.second,
                    help: "delete the wrong \(duplicate.kind), or move the per-mode one into InTest { } / InProduction { }",
                    service: duplicate.service)
                diagnostics.add(
                    Self.id, deployment.mode, "the first \(duplicate.kind) of \(owner) is here", at: duplicate.first, service: duplicate.service,
                    severity: .note)
            }
        }
    }
}
