import DeployCompiler
import DeployLint
import DeployModel
import DeployRender

/// `homeiq-gen`: parses arguments, runs the compiler, reads and writes files, and returns
/// what to print and the exit code. It prints nothing itself; `main.swift` does.
public struct CommandLineTool: Sendable {
    /// What a run produced.
    public struct Result: Sendable, Equatable {
        public var exitCode: Int32
        public var standardOutput: String
        public var standardError: String
    }

    public var stack: Stack
    public var currentDirectory: String
    public var fileSystem: any FileSystem
    public var isTerminal: Bool
    public var compiler: Compiler

    public init(
        stack: Stack, currentDirectory: String, fileSystem: any FileSystem = LocalFileSystem(),
        isTerminal: Bool = false, compiler: Compiler = Compiler()
    ) {
        self.stack = stack
        self.currentDirectory = currentDirectory
        self.fileSystem = fileSystem
        self.isTerminal = isTerminal
        self.compiler = compiler
    }

    public func run(_ arguments: [String]) -> Result {
        let invocation: Invocation
        do {
            invocation = try Invocation(parsing: arguments)
        } catch {
            return Result(exitCode: 2, standardOutput: "", standardError: HelpText.usageError(error))
        }
        switch invocation.command {
        case .version: return Result(exitCode: 0, standardOutput: "homeiq-gen \(HelpText.version)\n", standardError: "")
        case .help: return help(invocation.operand)
        case .rules: return rules()
        case .explain: return explain(invocation.operand ?? "")
        case .generate, .check, .budget: return compile(invocation)
        case .diff, .show, .graph, .ports: return view(invocation)
        case .lint: return lint(invocation)
        case .import: return importFiles(invocation)
        }
    }

    private func help(_ topic: String?) -> Result {
        guard let topic else { return Result(exitCode: 0, standardOutput: HelpText.root + "\n", standardError: "") }
        guard let command = Invocation.Command(rawValue: topic) else {
            return Result(
                exitCode: 2, standardOutput: "",
                standardError: HelpText.usageError(UsageError(message: "unknown subcommand '\(topic)'", command: nil)))
        }
        return Result(exitCode: 0, standardOutput: HelpText.help(for: command) + "\n", standardError: "")
    }

    private func rules() -> Result {
        let rules = compiler.rules.rules
        let width = rules.map(\.id.count).max() ?? 0
        var lines = rules.map { rule in
            rule.id.padding(width) + "  " + (rule.isWaivable ? "" : "(not waivable) ") + rule.summary
        }
        lines.append("")
        lines.append("\(rules.count) rules. 'homeiq-gen explain <rule>' prints one; docs/RULES.md has them all.")
        return Result(exitCode: 0, standardOutput: lines.joined(separator: "\n") + "\n", standardError: "")
    }

    private func explain(_ id: String) -> Result {
        guard let rule = compiler.rules.rules.first(where: { $0.id == id }) else {
            let near = compiler.rules.rules.map(\.id).filter { $0.hasPrefix(String(id.prefix(while: { $0 != "." }))) }
            let hint = near.isEmpty ? "" : " (rules in that area: \(near.joined(separator: ", ")))"
            return Result(
                exitCode: 2, standardOutput: "",
                standardError: "error: unknown rule '\(id)'\(hint)\nhelp: see 'homeiq-gen rules'.\n")
        }
        let text = "\(rule.id)\(rule.isWaivable ? "" : " (not waivable)")\n\n\(rule.summary)\n\n\(rule.userDocumentation)\n"
        return Result(exitCode: 0, standardOutput: text, standardError: "")
    }

    private func compile(_ invocation: Invocation) -> Result {
        if let given = invocation.root, !PackageRootLocator.isRoot(absolute(given), fileSystem: fileSystem) {
            return Result(
                exitCode: 2, standardOutput: "",
                standardError:
                    "error: --root \(given) is not a package root (it needs Package.swift and Deployments/)\nhelp: pass the folder of the homeiq-gen checkout.\n"
            )
        }
        guard let root = locateRoot(invocation) else {
            return Result(
                exitCode: 2, standardOutput: "",
                standardError:
                    "error: no package root above \(currentDirectory) (a folder with Package.swift and Deployments/)\nhelp: run inside the homeiq-gen checkout, or pass --root <directory>.\n"
            )
        }
        let output: String
        switch outputDirectory(invocation, root: root) {
        case .success(let relative): output = relative
        case .failure(let error): return Result(exitCode: 2, standardOutput: "", standardError: HelpText.usageError(error))
        }
        let formatter = DiagnosticFormatter(root: root, color: invocation.color ?? isTerminal)
        var compiler = self.compiler
        if invocation.swarmTarget { compiler.resolver.swarmTarget = true }
        if compiler.hostFiles == nil {
            // Host paths of Deployments/ are checked against the package root (rule files.exist).
            let fileSystem = self.fileSystem
            compiler.hostFiles = HostFiles(root: root) { relative in
                let path = root.hasSuffix("/") ? root + relative : root + "/" + relative
                guard fileSystem.exists(path) else { return nil }
                return fileSystem.isDirectory(path) ? .directory : .file
            }
        }
        let layout = Compiler.Layout(outputDirectory: output)
        let compilation = compiler.compile(stack, layout: layout)
        var errorText = formatter.report(compilation.diagnostics)
        if compilation.hasErrors {
            errorText += "error: the stack breaks \(Set(compilation.errors.map(\.ruleID)).count) rule(s); nothing was written\n"
            return Result(exitCode: 1, standardOutput: "", standardError: errorText)
        }
        let budgets = compilation.budgets.map(\.summary).joined(separator: "\n") + "\n"
        if invocation.command == .budget {
            return Result(exitCode: 0, standardOutput: budgets, standardError: errorText)
        }
        var files = compilation.files
        do {
            if let guide = try guideWithDiagram(compilation.deployments, root: root, layout: layout) { files.append(guide) }
        } catch {
            return Result(
                exitCode: 1, standardOutput: "",
                standardError: errorText + "error: \(error.path) \(error.message); nothing was written\n"
                    + "help: put the two marker lines back where the architecture diagram belongs (see 'homeiq-gen help graph').\n")
        }
        switch invocation.command {
        case .check:
            return check(files, root: root, warnings: errorText)
        default:
            do {
                let statuses = try OutputWriter(fileSystem: fileSystem, root: root).write(files)
                let width = statuses.map(\.path.count).max() ?? 0
                var text =
                    statuses.map { "\($0.status.rawValue.padding(9)) \($0.path.padding(width))".trimmedTrailing }.joined(separator: "\n") + "\n"
                let written = statuses.filter { $0.status == .written }.count
                text += "\(statuses.count) files: \(written) written, \(statuses.count - written) unchanged\n" + budgets
                return Result(exitCode: 0, standardOutput: text, standardError: errorText)
            } catch {
                return Result(
                    exitCode: 1, standardOutput: "",
                    standardError: errorText
                        + "error: could not write \(error); nothing was changed\n")
            }
        }
    }

    /// The deployment guide with its architecture diagram regenerated, when the package has the guide.
    private func guideWithDiagram(
        _ deployments: PerMode<ResolvedDeployment>, root: String,
        layout: Compiler.Layout
    ) throws(GuideError) -> GeneratedFile? {
        let path = "\(layout.docsDirectory)/\(ArchitectureDiagram.guideName)"
        guard let guide = fileSystem.read("\(root)/\(path)") else { return nil }
        do {
            return GeneratedFile(path: path, contents: try ArchitectureDiagram.update(guide, with: deployments))
        } catch {
            throw GuideError(path: path, message: error.message)
        }
    }

    private struct GuideError: Error {
        var path: String
        var message: String
    }

    private func check(_ files: [GeneratedFile], root: String, warnings: String) -> Result {
        var stale: [String] = []
        var diffs = ""
        for file in files {
            let bytes = fileSystem.readBytes("\(root)/\(file.path)")
            if bytes == Array(file.contents.utf8) { continue }
            let current = bytes.map { String(decoding: $0, as: UTF8.self) }
            stale.append(file.path + (current == nil ? " (missing)" : ""))
            diffs += UnifiedDiff.make(
                old: current ?? "", new: file.contents,
                oldName: current == nil ? "/dev/null" : "a/\(file.path)", newName: "b/\(file.path)")
        }
        if stale.isEmpty {
            return Result(exitCode: 0, standardOutput: "\(files.count) generated files are up to date\n", standardError: warnings)
        }
        let message =
            "error: \(stale.count) generated file(s) out of date: \(stale.joined(separator: ", "))\n"
            + "help: run 'swift run homeiq-gen' and commit the result.\n"
        return Result(exitCode: 1, standardOutput: diffs, standardError: warnings + message)
    }

    func locateRoot(_ invocation: Invocation) -> String? {
        if let root = invocation.root { return absolute(root) }
        return PackageRootLocator.find(from: currentDirectory, fileSystem: fileSystem)
    }

    private func outputDirectory(_ invocation: Invocation, root: String) -> Swift.Result<String, UsageError> {
        guard let output = invocation.output else { return .success("generated") }
        // Compared after resolving links: a link inside the root may point anywhere.
        let full = PathMapping.components(resolvingExistingPrefix(absolute(output))).joined(separator: "/")
        let base = PathMapping.components(fileSystem.resolvingLinks(root) ?? root).joined(separator: "/")
        guard full.hasPrefix(base + "/") else {
            return .failure(
                UsageError(message: "--output must be a folder inside the package root \(root) (links resolved: /\(full))", command: .generate))
        }
        if let status = fileSystem.status("/" + full), status.kind != .directory {
            return .failure(UsageError(message: "--output must be a folder; \(output) is a file", command: .generate))
        }
        return .success(String(full.dropFirst(base.count + 1)))
    }

    /// `path` with the links of its longest existing prefix resolved (the rest does not exist yet).
    private func resolvingExistingPrefix(_ path: String) -> String {
        var parts = PathMapping.components(path)
        var missing: [String] = []
        while !parts.isEmpty {
            if let resolved = fileSystem.resolvingLinks("/" + parts.joined(separator: "/")) {
                return ([resolved] + missing).joined(separator: "/")
            }
            missing.insert(parts.removeLast(), at: 0)
        }
        return "/" + missing.joined(separator: "/")
    }

    func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : "\(currentDirectory)/\(path)"
        return "/" + PathMapping.components(joined).joined(separator: "/")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    var trimmedTrailing: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
