import DeployCompiler
import DeployModel
import DeployRender

/// Times the compiler's phases on a synthetic stack, in-process, with a monotonic clock.
struct BenchRunner: Sendable {
    var stack: SyntheticStack
    var runs: Int

    /// The phases, in pipeline order.
    enum Phase: String, Sendable, CaseIterable {
        /// Building the `Stack` value through the DSL (what `HomeIQ.stack` costs at start-up).
        case construct
        /// `ModeResolver.resolveAll`: both modes.
        case resolve
        /// `RuleEngine.run`: every rule over both modes, then the waivers.
        case rules
        /// Compose documents, YAML, env files, RULES.md, ENVIRONMENT.md, headers with digests.
        case render
        /// `Compiler.compile`, end to end (resolve + rules + render + sorting the diagnostics).
        case compile
    }

    /// What the runs measured.
    struct Report: Sendable {
        var services: Int
        var testServices: Int
        var productionServices: Int
        var runs: Int
        var ruleCount: Int
        /// Bytes of generated output per run (compose and env files of both modes, the generated documents).
        var outputBytes: Int
        /// Files `Compiler.compile` writes that the render phase does not (a new output the split does not know yet).
        var unrendered: [String]
        var phases: [Phase: Samples]
        /// Each rule's `check`, timed on its own.
        var rules: [(id: String, samples: Samples)]
        /// construct + compile, per run.
        var total: Samples
        var peakMebibytes: Double?
    }

    /// Why the stack cannot be timed.
    enum Failure: Error, Sendable {
        /// The synthetic stack breaks rules: a generator bug, or a rule the generator does not know yet.
        case invalid([Diagnostic])
        /// The phase-by-phase render of a file differs from `Compiler.compile`'s, or `compile` no longer
        /// writes it: the split no longer mirrors the pipeline.
        case renderMismatch(path: String)
    }

    /// Compiles once (a warm-up that also proves the stack clean and the render split faithful), then times `runs` runs.
    ///
    /// Each run builds the stack, times resolve, rules and render on it, drops their results, then times
    /// `Compiler.compile` on the same stack; so the peak memory is that of one pipeline, as in `homeiq-gen`.
    func run() throws(Failure) -> Report {
        let compiler = Compiler()
        let (outputBytes, unrendered) = try warmUp(compiler)

        var phases: [Phase: Samples] = [:]
        var total = Samples()
        var ruleSamples = compiler.rules.rules.map { (id: $0.id, samples: Samples()) }
        let clock = ContinuousClock()
        for _ in 0..<runs {
            var built: Stack?
            let construct = clock.measure { built = self.stack.make() }
            let stack = built!
            var split: [Phase: Duration] = [.construct: construct]
            do {
                var collector = DiagnosticCollector()
                var deployments: [ResolvedDeployment] = []
                split[.resolve] = clock.measure { deployments = compiler.resolver.resolveAll(stack, diagnostics: &collector) }
                let context = RuleContext(test: deployments[0], production: deployments[1])
                var outcome: RuleOutcome?
                split[.rules] = clock.measure { outcome = compiler.rules.run(context) }
                var output = Rendered()
                split[.render] = clock.measure { output = self.render(deployments, rules: compiler.rules.rules) }
                guard outcome?.hasErrors == false, !output.bodies.isEmpty else { throw .invalid(outcome?.diagnostics.filter { $0.severity == .error } ?? []) }

                var checked = context
                checked.catalog = Dictionary(compiler.rules.rules.map { ($0.id, $0.isWaivable) }, uniquingKeysWith: { first, _ in first })
                for (index, rule) in compiler.rules.rules.enumerated() {
                    var sink = DiagnosticCollector()
                    ruleSamples[index].samples.append(clock.measure { rule.check(checked, into: &sink) })
                }
            }
            var hasErrors = true
            split[.compile] = clock.measure { hasErrors = compiler.compile(stack).hasErrors }
            guard !hasErrors else { throw .invalid([]) }

            for (phase, duration) in split { phases[phase, default: Samples()].append(duration) }
            total.append(construct + split[.compile]!)
        }
        let counts = stack.modeCounts
        return Report(services: stack.count, testServices: counts.test, productionServices: counts.production, runs: runs,
                      ruleCount: compiler.rules.rules.count, outputBytes: outputBytes, unrendered: unrendered,
                      phases: phases, rules: ruleSamples, total: total, peakMebibytes: PeakMemory.mebibytes())
    }

    /// One untimed compilation: proves the stack clean and the render split equal to the compiler's output.
    /// Returns the bytes of output and the files the split does not render.
    private func warmUp(_ compiler: Compiler) throws(Failure) -> (outputBytes: Int, unrendered: [String]) {
        let compilation = compiler.compile(stack.make())
        guard !compilation.hasErrors else { throw .invalid(compilation.errors) }
        let rendered = render(compilation.deployments, rules: compiler.rules.rules)
        for (path, body) in rendered.bodies.sorted(by: { $0.key < $1.key }) {
            guard let file = compilation.files.first(where: { $0.path == path }), file.contents.hasSuffix(body) else {
                throw .renderMismatch(path: path)
            }
        }
        return (compilation.files.reduce(0) { $0 + $1.contents.utf8.count },
                compilation.files.map(\.path).filter { rendered.bodies[$0] == nil })
    }

    /// The generated bodies, keyed by path, built stage by stage as `Compiler` does.
    struct Rendered: Sendable {
        var bodies: [String: String] = [:]
    }

    /// Renders `deployments` as the compiler's emit stage does: compose YAML and env files with
    /// their headers and digests, the rule catalogue and the environment reference.
    private func render(_ deployments: [ResolvedDeployment], rules: [any Rule]) -> Rendered {
        let layout = Compiler.Layout()
        let compose = ComposeEmitter(paths: PathMapping(outputDirectory: layout.outputDirectory))
        var rendered = Rendered()
        for deployment in deployments {
            let yaml = YAMLEmitter.emit(compose.document(deployment))
            let header = ["mode: \(deployment.mode)", "budget: \(Budget(deployment).summary)"]
            _ = GeneratedFileHeader.wrap(yaml, lines: header, style: .hash)
            rendered.bodies["\(layout.outputDirectory)/\(OutputNames.compose(deployment.mode))"] = yaml
            let body = EnvFileEmitter().text(deployment)
            _ = GeneratedFileHeader.wrap(body, lines: ["mode: \(deployment.mode)"], style: .hash)
            rendered.bodies["\(layout.outputDirectory)/\(OutputNames.env(deployment.mode))"] = body
        }
        let catalogue = RulesDocument(rules: rules).markdown
        _ = GeneratedFileHeader.wrap(catalogue, lines: ["the rule catalogue"], style: .html)
        rendered.bodies["\(layout.docsDirectory)/\(OutputNames.rulesDocument)"] = catalogue
        let environment = EnvironmentDocument(test: deployments[0], production: deployments[1]).markdown
        _ = GeneratedFileHeader.wrap(environment, lines: ["the environment variable reference"], style: .html)
        rendered.bodies["\(layout.docsDirectory)/\(OutputNames.environmentDocument)"] = environment
        return rendered
    }
}
