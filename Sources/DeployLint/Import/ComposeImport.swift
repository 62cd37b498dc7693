import DeployCompiler
import DeployModel
import DeployRead

/// `homeiq-gen import`: `Deployments/` source that reproduces compose files faithfully, mistakes
/// included, so that the next `swift run homeiq-gen` reports each mistake at a line of
/// `Deployments/` with the rule ID `lint` reports at the YAML line.
public struct ComposeImport {
    public var translator: ComposeTranslator
    public var hardware: HardwareProfile

    public init(translator: ComposeTranslator = ComposeTranslator(), hardware: HardwareProfile = .nuc8gb) {
        self.translator = translator
        self.hardware = hardware
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
        var translation = translator.translate(merged, file: main.path, project: project)
        translation.stack.elements.insert(StackElement(.hardware(hardware), at: translation.stack.location), at: 0)

        // Keys the model has no place for: written as comments in their service, and listed.
        var notImported: [String: [Diagnostic]] = [:]
        var diagnostics: [Diagnostic] = []
        var guessedRoles: Set<String> = []
        for finding in translation.diagnostics {
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

        let writer = SwiftSourceWriter(
            origin: main.path, anchorBlocks: Self.anchorBlocks(of: merged), notImported: notImported, guessedRoles: guessedRoles)
        let written = writer.files(for: translation.stack)
        return Output(files: written.files, diagnostics: (diagnostics + written.diagnostics).sorted(), readError: nil)
    }

    /// The top-level `x-` keys of `root` and the lines each spans (up to the next top-level key).
    static func anchorBlocks(of root: YAML.Node) -> [SwiftSourceWriter.AnchorBlock] {
        let pairs = root.pairs ?? []
        var blocks: [SwiftSourceWriter.AnchorBlock] = []
        for (index, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar, key.hasPrefix("x-") else { continue }
            let start = pair.key.mark.line
            let next = pairs[(index + 1)...].map(\.key.mark.line).filter { $0 > start }.min() ?? Int.max
            blocks.append(SwiftSourceWriter.AnchorBlock(key: key, lines: start...(next - 1)))
        }
        return blocks
    }
}
