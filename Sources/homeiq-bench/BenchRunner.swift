import DeployCompiler
import DeployModel

/// Times the compiler's stages on a synthetic stack, in-process, with a monotonic clock.
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
        /// `Compiler.emit`: compose and env files, RULES.md, ENVIRONMENT.md, headers with digests.
        case render
        /// `Compiler.compile`, end to end (resolve + rules + render + sorting the diagnostics), until its result is returned.
        case compile
        /// Dropping `compile`'s result (both modes' model and the files): the heap's teardown, on one core.
        case release
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
        var phases: [Phase: Samples]
        /// Each rule's `check`, timed on its own.
        var rules: [(id: String, samples: Samples)]
        /// construct + compile + release, per run.
        var total: Samples
        var peakMebibytes: Double?
    }

    /// Why the stack cannot be timed.
    enum Failure: Error, Sendable {
        /// The synthetic stack breaks rules: a generator bug, or a rule the generator does not know yet.
        case invalid([Diagnostic])
    }

    /// One compilation of `stack` that must pass every rule: the bytes of output it writes.
    private static func warmUp(_ compiler: Compiler, _ stack: SyntheticStack) throws(Failure) -> Int {
        let compilation = compiler.compile(stack.make())
        guard !compilation.hasErrors else { throw .invalid(compilation.errors) }
        return compilation.files.reduce(0) { $0 + $1.contents.utf8.count }
    }

    /// Times each rule's `check` alone on `context` (with the engine's catalogue, as `RuleEngine.run` gives it).
    private static func timeEachRule(
        of compiler: Compiler, on context: RuleContext, clock: ContinuousClock, into samples: inout [(id: String, samples: Samples)]
    ) {
        var checked = context
        checked.catalog = compiler.rules.catalog
        for (index, rule) in compiler.rules.rules.enumerated() {
            var sink = DiagnosticCollector()
            samples[index].samples.append(clock.measure { rule.check(checked, into: &sink) })
        }
    }

    /// Compiles once (a warm-up that also proves the stack clean), then times `runs` runs.
    ///
    /// Each run builds the stack, times resolve and rules (the compiler's own stages) on it, then each
    /// rule alone, drops the rules' context and times render (as `Compiler.compile` drops it before
    /// emitting), drops their results, then times `Compiler.compile` on the same stack and the release
    /// of its result; so the peak memory is that of one pipeline, as in `homeiq-gen`.
    func run() throws(Failure) -> Report {
        let compiler = Compiler()
        // The warm-up's result is dropped before the timed runs, so that it does not add to their peak.
        let outputBytes = try Self.warmUp(compiler, stack)

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
                var resolved: PerMode<ResolvedDeployment>?
                split[.resolve] = clock.measure { resolved = compiler.resolver.resolveAll(stack) }
                let deployments = resolved!
                var built: RuleContext?
                var outcome: RuleOutcome?
                split[.rules] = clock.measure {
                    built = RuleContext(deployments)
                    outcome = compiler.rules.run(built!)
                }
                guard let outcome, !outcome.hasErrors else { throw .invalid(outcome?.diagnostics.filter { $0.severity == .error } ?? []) }
                let budgets = built!.budgets
                Self.timeEachRule(of: compiler, on: built!, clock: clock, into: &ruleSamples)
                // Dropped before rendering, as `Compiler.compile` drops it: the peak is one pipeline's.
                built = nil
                var files: [GeneratedFile] = []
                split[.render] = clock.measure { files = compiler.emit(deployments, budgets: budgets, waivers: outcome.waiversInForce) }
                guard !files.isEmpty else { throw .invalid([]) }
            }
            var compilation: Compilation?
            split[.compile] = clock.measure { compilation = compiler.compile(stack) }
            guard compilation?.hasErrors == false else { throw .invalid([]) }
            split[.release] = clock.measure { compilation = nil }

            for (phase, duration) in split { phases[phase, default: Samples()].append(duration) }
            total.append(construct + split[.compile]! + split[.release]!)
        }
        let counts = stack.modeCounts
        return Report(
            services: stack.count, testServices: counts.test, productionServices: counts.production, runs: runs,
            ruleCount: compiler.rules.rules.count, outputBytes: outputBytes,
            phases: phases, rules: ruleSamples, total: total, peakMebibytes: PeakMemory.mebibytes())
    }
}
