import DeployCompiler
import DeployModel
import DeployRead

/// `homeiq-gen import`: `Deployments/` source that reproduces compose files faithfully, mistakes
/// included, so that the next `swift run homeiq-gen` reports each mistake at a line of
/// `Deployments/` with the rule ID `lint` reports at the YAML line.
public struct ComposeImport {
    public var translator: ComposeTranslator
    public var hardware: HardwareProfile
    /// The entries of the `--env-file` files, written as `EnvFileEntry` declarations.
    public var envFileElements: [StackElement]

    public init(translator: ComposeTranslator = ComposeTranslator(), hardware: HardwareProfile = .nuc8gb, envFileElements: [StackElement] = []) {
        self.translator = translator
        self.hardware = hardware
        self.envFileElements = envFileElements
    }

    /// The source files (paths relative to the target folder), what the import has to say, or the read error.
    public struct Output {
        public var files: [GeneratedFile]
        /// Guessed roles (notes), and what the DSL could not hold or only approximates (warnings), at their YAML lines.
        public var diagnostics: [Diagnostic]
        public var readError: (file: String, error: YAML.ReadError)?
    }

    /// Imports `inputs` (the main file first, overrides after it, merged as Compose merges them).
    public func run(_ inputs: [ComposeLint.Input], project: String) -> Output {
        let reading = ComposeLint.read(inputs)
        if let readError = reading.readError { return Output(files: [], diagnostics: [], readError: readError) }
        guard let merged = reading.merged, let main = inputs.first else { return Output(files: [], diagnostics: [], readError: nil) }
        let translation = translator.translate(merged, files: inputs.map(\.path), project: project)
        let findings = Findings(translation.diagnostics)
        return write(translation.stack, origin: main.path, anchorBlocks: Self.anchorBlocks(of: merged), findings: findings)
    }

    /// Imports one compose file per mode (each with its overrides): what both say alike is declared
    /// once, a value that differs becomes per mode, other differences go into `InTest`/`InProduction`.
    public func run(test: [ComposeLint.Input], production: [ComposeLint.Input], project: String) -> Output {
        var stacks: [Stack] = []
        var diagnostics: [Diagnostic] = []
        for (mode, inputs) in [(Mode.test, test), (.production, production)] {
            let reading = ComposeLint.read(inputs)
            if let readError = reading.readError { return Output(files: [], diagnostics: [], readError: readError) }
            guard let merged = reading.merged, !inputs.isEmpty else { return Output(files: [], diagnostics: [], readError: nil) }
            var translator = translator
            translator.singleMode = mode
            let translation = translator.translate(merged, files: inputs.map(\.path), project: mode == .test ? project + "-test" : project)
            stacks.append(translation.stack)
            diagnostics += translation.diagnostics
        }
        var findings = Findings(diagnostics)
        let merge = ModeMerge(test: stacks[0], production: stacks[1], guessedRoles: findings.guessedRoles).merged()
        findings.diagnostics += merge.diagnostics
        let origin = "\(test.first?.path ?? "") and \(production.first?.path ?? "")"
        return write(merge.stack, origin: origin, anchorBlocks: [], findings: findings)
    }

    /// What the translation said, sorted for the writer: keys not imported (by service), guessed roles.
    struct Findings {
        var diagnostics: [Diagnostic] = []
        var notImported: [String: [Diagnostic]] = [:]
        var guessedRoles: Set<String> = []

        init(_ translated: [Diagnostic]) {
            for finding in translated {
                switch finding.ruleID {
                case "lint.unsupported" where finding.severity == .warning:
                    var finding = finding
                    finding.ruleID = "import.not-imported"
                    finding.finding = finding.finding.replacingOccurrences(of: "is not checked by the rules", with: "is not imported")
                    finding.help = "write it by hand in Deployments/ (a comment in the service marks the place), or drop it"
                    if let service = finding.service { notImported[service, default: []].append(finding) }
                    diagnostics.append(finding)
                case "lint.interpolation":
                    if let service = finding.service { notImported[service, default: []].append(finding) }
                    diagnostics.append(finding)
                case "lint.role":
                    if let service = finding.service { guessedRoles.insert(service) }
                    diagnostics.append(finding)
                default:
                    diagnostics.append(finding)
                }
            }
        }
    }

    private func write(_ stack: Stack, origin: String, anchorBlocks: [SwiftSourceWriter.AnchorBlock], findings: Findings) -> Output {
        var stack = stack
        stack.elements.insert(StackElement(.hardware(hardware), at: stack.location), at: 0)
        stack.elements += envFileElements
        let writer = SwiftSourceWriter(
            origin: origin, anchorBlocks: anchorBlocks, notImported: findings.notImported, guessedRoles: findings.guessedRoles)
        let written = writer.files(for: stack)
        return Output(files: written.files, diagnostics: (findings.diagnostics + written.diagnostics).sorted(), readError: nil)
    }

    /// The top-level `x-` keys of `root` and the lines each spans (up to the next top-level key).
    static func anchorBlocks(of root: YAML.Node) -> [SwiftSourceWriter.AnchorBlock] {
        let pairs = root.pairs ?? []
        var blocks: [SwiftSourceWriter.AnchorBlock] = []
        for (index, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar, key.hasPrefix("x-") else { continue }
            let start = pair.key.mark.line
            // Up to the next key of the same file (an override's positions are marked with its file).
            let next =
                pairs[(index + 1)...].map(\.key.mark.line).filter { $0 > start && $0 / YAML.Node.fileStride == start / YAML.Node.fileStride }
                .min() ?? Int.max
            blocks.append(SwiftSourceWriter.AnchorBlock(key: key, lines: start...(next - 1)))
        }
        return blocks
    }
}
