import DeployModel
import DeployRender

/// The whole pipeline: resolve both modes, prove the rules, emit the files.
///
/// Nothing is emitted when an error stands: `files` is then empty.
public struct Compiler: Sendable {
    public var resolver: ModeResolver
    public var rules: RuleEngine
    /// The package root's files, for the checks of host paths (rule `files.exist`); nil checks none.
    public var hostFiles: HostFiles?

    public init(resolver: ModeResolver = ModeResolver(), rules: RuleEngine = RuleEngine(), hostFiles: HostFiles? = nil) {
        self.resolver = resolver
        self.rules = rules
        self.hostFiles = hostFiles
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
        let deployments = resolver.resolveAll(stack)
        let budgets = deployments.map(Budget.init)
        let outcome = rules.run(RuleContext(deployments, budgets: budgets, hostFiles: hostFiles))
        for diagnostic in outcome.diagnostics { collector.emit(diagnostic) }
        var compilation = Compilation(
            deployments: deployments, diagnostics: collector.diagnostics, files: [],
            budgets: budgets, waiversInForce: outcome.waiversInForce)
        guard !compilation.hasErrors else { return compilation }

        compilation.files = emit(deployments, budgets: budgets, waivers: outcome.waiversInForce, layout: layout)
        return compilation
    }

    /// One piece of output, rendered on its own core.
    private enum Output: Sendable {
        case compose(Mode)
        case envFile(Mode)
        case rulesDocument
        /// A section of ENVIRONMENT.md: the sections are joined into the file once all are rendered.
        case environmentSection(EnvironmentDocument.Section)
        case stack(Mode)
    }

    /// What an output renders to.
    private enum Rendered: Sendable {
        case file(GeneratedFile)
        case lines([String])
    }

    /// Emit stage: the generated files of resolved `deployments` that passed the rules, with their
    /// `budgets` and `waivers` in the headers. Only resolved types come in, so no unresolved DSL `Value`
    /// can reach a file. In a fixed order: each mode's compose and env file (test first), then the
    /// documents. The files (and the sections of ENVIRONMENT.md) are independent, so they are rendered on all cores.
    public func emit(
        _ deployments: PerMode<ResolvedDeployment>, budgets: PerMode<Budget>, waivers: [WaiverInForce] = [],
        layout: Layout = Layout()
    ) -> [GeneratedFile] {
        // Each mode's `${…}` uses, found once for its compose file's facts and for ENVIRONMENT.md.
        let variableUses = deployments.concurrentMap(\.variableUses)
        let environment = EnvironmentDocument(deployments, variableUses: variableUses)
        let outputs =
            Mode.allCases.flatMap { [Output.compose($0), .envFile($0)] } + [.rulesDocument]
            + EnvironmentDocument.Section.allCases.map(Output.environmentSection)
            + Mode.allCases.filter { deployments[$0].cluster != nil }.map { Output.stack($0) }
        // Largest first, so that no core is left with a big piece at the end; then back in output order.
        let schedule = outputs.indices.sorted { Self.weight(outputs[$0]) > Self.weight(outputs[$1]) }
        let rendered = schedule.map { outputs[$0] }.concurrentMap { output -> Rendered in
            switch output {
            case .compose(let mode):
                return .file(
                    composeFile(
                        deployments[mode], other: deployments[mode.other], variableUses: variableUses[mode], budget: budgets[mode], waivers: waivers,
                        layout: layout))
            case .envFile(let mode):
                return .file(envFile(deployments[mode], layout: layout))
            case .stack(let mode):
                return .file(
                    stackFile(deployments[mode], other: deployments[mode.other], budget: budgets[mode], waivers: waivers, layout: layout))
            case .rulesDocument:
                return .file(
                    GeneratedFile(
                        path: "\(layout.docsDirectory)/\(OutputNames.rulesDocument)",
                        contents: GeneratedFileHeader.wrap(
                            RulesDocument(rules: rules.rules).markdown, lines: ["the rule catalogue, from the rule registry"], style: .html)))
            case .environmentSection(let section):
                return .lines(environment.lines(section))
            }
        }
        var inOrder = rendered
        for (position, index) in schedule.enumerated() { inOrder[index] = rendered[position] }
        var files: [GeneratedFile] = []
        var sections: [[String]] = []
        var environmentPosition = 0
        for piece in inOrder {
            switch piece {
            case .file(let file): files.append(file)
            case .lines(let lines):
                if sections.isEmpty { environmentPosition = files.count }
                sections.append(lines)
            }
        }
        let document = GeneratedFile(
            path: "\(layout.docsDirectory)/\(OutputNames.environmentDocument)",
            contents: GeneratedFileHeader.wrap(
                EnvironmentDocument.markdown(sections), lines: ["the environment variable reference, from the model"], style: .html))
        files.insert(document, at: environmentPosition)
        return files
    }

    /// Relative rendering cost, for scheduling: a compose file weighs about twice the largest section of ENVIRONMENT.md.
    private static func weight(_ output: Output) -> Int {
        switch output {
        case .compose, .stack: 6
        case .environmentSection(.serviceEnvironment): 3
        case .environmentSection(.services), .environmentSection(.deployTime): 1
        case .envFile, .rulesDocument, .environmentSection: 0
        }
    }

    private func composeFile(
        _ deployment: ResolvedDeployment, other: ResolvedDeployment?, variableUses: [VariableUse], budget: Budget, waivers: [WaiverInForce],
        layout: Layout
    ) -> GeneratedFile {
        let compose = ComposeEmitter(paths: PathMapping(outputDirectory: layout.outputDirectory))
        let header = composeHeader(
            deployment, kind: "compose project", deploy: "scripts/deploy.sh \(deployment.mode)", budget: budget, waivers: waivers)
        let yaml = YAMLEmitter.emit(tree: compose.composeDocument(deployment, other: other, variableUses: variableUses))
        return GeneratedFile(
            path: "\(layout.outputDirectory)/\(OutputNames.compose(deployment.mode))",
            contents: GeneratedFileHeader.wrap(yaml, lines: header, style: .hash))
    }

    /// The header lines of a compose or stack file: mode, how to deploy, budget, waivers in force.
    private func composeHeader(_ deployment: ResolvedDeployment, kind: String, deploy: String, budget: Budget, waivers: [WaiverInForce]) -> [String] {
        let affecting = waivers.filter { waiver in
            waiver.modes.contains(deployment.mode) && (waiver.service.map { deployment.service(named: $0) != nil } ?? true)
        }
        var header = [
            "mode: \(deployment.mode) (\(kind) \(deployment.projectName), hardware \(deployment.hardware.value.id)"
                + (deployment.influxDB.map { ", InfluxDB \($0.value.option.rawValue)" } ?? "") + ")",
            "deploy: \(deploy)",
            "budget: \(budget.summary)",
        ]
        header += affecting.isEmpty ? ["waivers: none"] : affecting.map { "waiver: \($0.summary)" }
        return header
    }

    private func stackFile(_ deployment: ResolvedDeployment, other: ResolvedDeployment?, budget: Budget, waivers: [WaiverInForce], layout: Layout)
        -> GeneratedFile
    {
        let emitter = SwarmStackEmitter(compose: ComposeEmitter(paths: PathMapping(outputDirectory: layout.outputDirectory)))
        let nodes = (deployment.cluster?.nodes ?? []).map { "\($0.name) (\($0.hardware.id))" }.joined(separator: ", ")
        var header = composeHeader(
            deployment, kind: "swarm stack", deploy: "scripts/deploy.sh --swarm \(deployment.mode)", budget: budget, waivers: waivers)
        header.insert("cluster: \(nodes)\(deployment.cluster?.isDeclared == true ? "" : ", implicit: one node with the stack's hardware")", at: 1)
        header.insert("start order: Swarm ignores depends_on; each service retries until what it needs is healthy (health checks)", at: 3)
        let yaml = YAMLEmitter.emit(tree: emitter.stackDocument(deployment, other: other))
        return GeneratedFile(
            path: "\(layout.outputDirectory)/\(OutputNames.stack(deployment.mode))",
            contents: GeneratedFileHeader.wrap(yaml, lines: header, style: .hash))
    }

    private func envFile(_ deployment: ResolvedDeployment, layout: Layout) -> GeneratedFile {
        // Rule env.portable has proved every entry writable.
        let body = EnvFileEmitter().text(deployment)
        let envHeader = [
            "mode: \(deployment.mode) (compose project \(deployment.projectName))",
            "use: docker compose --env-file \(layout.outputDirectory)/\(OutputNames.env(deployment.mode)) …  (scripts/deploy.sh does this)",
            deployment.mode == .production
                ? "secrets are ${VAR} references only: set them in the environment or infrastructure/secrets.production.env"
                : "test values only: no production secret belongs here",
        ]
        return GeneratedFile(
            path: "\(layout.outputDirectory)/\(OutputNames.env(deployment.mode))",
            contents: GeneratedFileHeader.wrap(body, lines: envHeader, style: .hash))
    }
}

/// The result of a compilation.
public struct Compilation: Sendable {
    public var deployments: PerMode<ResolvedDeployment>
    public var diagnostics: [Diagnostic]
    /// Empty when an error stands.
    public var files: [GeneratedFile]
    /// What each mode asks of the machine.
    public var budgets: PerMode<Budget>
    public var waiversInForce: [WaiverInForce]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
