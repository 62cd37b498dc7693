import DeployCompiler
import DeployModel
import DeployRead

/// `homeiq-gen lint`: the compiler's rules on hand-written compose files.
public struct ComposeLint {
    public var translator: ComposeTranslator
    public var hardware: HardwareProfile
    /// The entries of the `--env-file` files (`EnvFileEntries.elements`), judged with the stack.
    public var envFileElements: [StackElement]

    public init(translator: ComposeTranslator = ComposeTranslator(), hardware: HardwareProfile = .nuc8gb, envFileElements: [StackElement] = []) {
        self.translator = translator
        self.hardware = hardware
        self.envFileElements = envFileElements
    }

    /// A file as the user named it, and its bytes.
    public struct Input {
        public var path: String
        public var bytes: [UInt8]
        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// What lint found; `readError` is set (with its file) when a file is not readable YAML.
    public struct Report {
        public var diagnostics: [Diagnostic]
        public var readError: (file: String, error: YAML.ReadError)?
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// The files read and merged: the document, what reading found (duplicate keys), or the first read error.
    public struct Reading {
        public var merged: YAML.Node?
        public var diagnostics: [Diagnostic]
        public var readError: (file: String, error: YAML.ReadError)?
    }

    /// Reads `inputs`: the first is the main file, the others override it as `docker compose -f a -f b` would.
    public static func read(_ inputs: [Input]) -> Reading {
        var merged: YAML.Node?
        var diagnostics: [Diagnostic] = []
        for (index, input) in inputs.enumerated() {
            let node: YAML.Node?
            do {
                let read = try YAML.readKeepingDuplicateKeys(input.bytes)
                // An override's positions are kept apart from the main file's: its index rides in the line.
                node = index == 0 ? read.node : read.node?.filed(index)
                for duplicate in read.duplicates {
                    diagnostics.append(
                        Diagnostic(
                            severity: .error, ruleID: DeclarationsDuplicateRule.id,
                            message:
                                "key '\(duplicate.key)' is written a second time in the same mapping (first at line \(duplicate.first.line)); Compose silently keeps only the last",
                            location: SourceLocation(file: input.path, line: duplicate.second.line, column: duplicate.second.column),
                            help: "delete the wrong one, or merge the two"))
                }
            } catch {
                return Reading(merged: nil, diagnostics: diagnostics, readError: (input.path, error))
            }
            guard let node else { continue }
            merged = merged.map { ComposeMerge.merge($0, node) } ?? node
        }
        return Reading(merged: merged, diagnostics: diagnostics, readError: nil)
    }

    /// Lints `inputs`: the first is the main file, the others override it as `docker compose -f a -f b` would.
    public func lint(_ inputs: [Input], project: String) -> Report {
        let reading = Self.read(inputs)
        if let readError = reading.readError { return Report(diagnostics: reading.diagnostics, readError: readError) }
        guard let merged = reading.merged else { return Report(diagnostics: reading.diagnostics, readError: nil) }
        var diagnostics = reading.diagnostics
        var translation = translator.translate(merged, files: inputs.map(\.path), project: project)
        translation.stack.elements.append(StackElement(.hardware(hardware), at: translation.stack.location))
        translation.stack.elements += envFileElements
        diagnostics += translation.diagnostics
        diagnostics += Compiler().compile(translation.stack).diagnostics
        return Report(diagnostics: diagnostics.sorted(), readError: nil)
    }
}

/// How Compose merges an override file into the files before it: mappings key by key, the
/// override's scalars win, sequences are appended, `!reset` removes and `!override` replaces.
public enum ComposeMerge {
    public static func merge(_ base: YAML.Node, _ override: YAML.Node) -> YAML.Node {
        if override.tag == "!override" { return override }
        guard case .mapping(let basePairs) = base.content, case .mapping(let overridePairs) = override.content else {
            if case .sequence(let baseItems) = base.content, case .sequence(let overrideItems) = override.content {
                var result = override
                result.content = .sequence(baseItems + overrideItems)
                return result
            }
            return override
        }
        var pairs = basePairs
        for pair in overridePairs {
            let index = pairs.firstIndex { $0.key.scalar == pair.key.scalar }
            if pair.value.tag == "!reset" {
                if let index { pairs.remove(at: index) }
            } else if let index {
                pairs[index].value = merge(pairs[index].value, pair.value)
            } else {
                pairs.append(pair)
            }
        }
        var result = base
        result.content = .mapping(pairs)
        return result
    }
}

extension YAML.Node {
    /// Lines at or above this come from the override file `line / fileStride` (the main file is 0).
    static let fileStride = 1 << 32

    /// The node with every position marked as coming from file `index` of the inputs.
    func filed(_ index: Int) -> YAML.Node {
        var node = self
        node.mark.line += index * Self.fileStride
        switch content {
        case .scalar: break
        case .sequence(let items): node.content = .sequence(items.map { $0.filed(index) })
        case .mapping(let pairs):
            node.content = .mapping(
                pairs.map { pair in
                    var pair = pair
                    pair.key = pair.key.filed(index)
                    pair.value = pair.value.filed(index)
                    return pair
                })
        }
        return node
    }
}
