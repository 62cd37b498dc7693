import DeployModel
import DeployRender

/// The whole pipeline: resolve both modes, prove the rules, emit the files.
///
/// Nothing is emitted when an error stands: `files` is then empty.
public struct Compiler: Sendable {
    public var resolver: ModeResolver
    public var rules: RuleEngine

    public init(resolver: ModeResolver = ModeResolver(), rules: RuleEngine = RuleEngine()) {
        self.resolver = resolver
        self.rules = rules
    }

    /// Where the outputs go, relative to the package root.
    public struct Layout: Sendable, Hashable {
        public var outputDirectory: String
        public var docsDirectory: String

        public init(outputDirectory: String = "generated", docsDirectory: String = "docs") {
            self.outputDirectory = outputDirectory
            self.docsDirectory = docsDirectory
        }
    }

    /// Compiles `stack`.
    public func compile(_ stack: Stack, layout: Layout = Layout()) -> Compilation {
        var collector = DiagnosticCollector()
        let deployments = resolver.resolveAll(stack, diagnostics: &collector)
        let context = RuleContext(test: deployments[0], production: deployments[1])
        let outcome = rules.run(context)
        for diagnostic in outcome.diagnostics { collector.emit(diagnostic) }
        var compilation = Compilation(deployments: deployments, diagnostics: collector.diagnostics, files: [],
                                      budgets: deployments.map(Budget.init), waiversInForce: outcome.waiversInForce)
        guard !compilation.hasErrors else { return compilation }

        compilation.files = emit(deployments, waivers: outcome.waiversInForce, layout: layout, budgets: compilation.budgets)
        return compilation
    }

    private func emit(_ deployments: [ResolvedDeployment], waivers: [WaiverInForce], layout: Layout, budgets: [Budget]) -> [GeneratedFile] {
        let compose = ComposeEmitter(paths: PathMapping(outputDirectory: layout.outputDirectory))
        var files: [GeneratedFile] = []
        for (deployment, budget) in zip(deployments, budgets) {
            let affecting = waivers.filter { waiver in
                waiver.service.map { deployment.service(named: $0) != nil } ?? true
            }
            var header = [
                "mode: \(deployment.mode) (compose project \(deployment.projectName), hardware \(deployment.hardware.value.id)"
                    + (deployment.influxDB.map { ", InfluxDB \($0.value.option.rawValue)" } ?? "") + ")",
                "deploy: scripts/deploy.sh \(deployment.mode)",
                "budget: \(budget.summary)",
            ]
            header += affecting.isEmpty ? ["waivers: none"] : affecting.map { "waiver: \($0.summary)" }
            let yaml = YAMLEmitter.emit(compose.document(deployment))
            files.append(GeneratedFile(path: "\(layout.outputDirectory)/\(OutputNames.compose(deployment.mode))",
                                       contents: GeneratedFileHeader.wrap(yaml, lines: header, style: .hash)))
            // Rule env.portable has proved every entry writable.
            let body = EnvFileEmitter().text(deployment)
            let envHeader = [
                "mode: \(deployment.mode) (compose project \(deployment.projectName))",
                "use: docker compose --env-file \(layout.outputDirectory)/\(OutputNames.env(deployment.mode)) …  (scripts/deploy.sh does this)",
                deployment.mode == .production ? "secrets are ${VAR} references only: set them in the environment or infrastructure/secrets.production.env"
                    : "test values only: no production secret belongs here",
            ]
            files.append(GeneratedFile(path: "\(layout.outputDirectory)/\(OutputNames.env(deployment.mode))",
                                       contents: GeneratedFileHeader.wrap(body, lines: envHeader, style: .hash)))
        }
        files.append(GeneratedFile(path: "\(layout.docsDirectory)/\(OutputNames.rulesDocument)",
                                   contents: GeneratedFileHeader.wrap(RulesDocument(rules: rules.rules).markdown, lines: ["the rule catalogue, from the rule registry"], style: .html)))
        let environment = EnvironmentDocument(test: deployments[0], production: deployments[1])
        files.append(GeneratedFile(path: "\(layout.docsDirectory)/\(OutputNames.environmentDocument)",
                                   contents: GeneratedFileHeader.wrap(environment.markdown, lines: ["the environment variable reference, from the model"], style: .html)))
        return files
    }
}

/// The result of a compilation.
public struct Compilation: Sendable {
    /// Test, then production.
    public var deployments: [ResolvedDeployment]
    public var diagnostics: [Diagnostic]
    /// Empty when an error stands.
    public var files: [GeneratedFile]
    public var budgets: [Budget]
    public var waiversInForce: [WaiverInForce]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
