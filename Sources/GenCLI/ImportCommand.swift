import DeployCompiler
import DeployLint
import DeployModel

extension CommandLineTool {
    /// `homeiq-gen import FILE… [--into DIR] [--force] [--hardware ID] [--profiles test=P,production=P]`.
    func importFiles(_ invocation: Invocation) -> Result {
        let perMode = perModeFiles(invocation)
        if !perMode.isEmpty && (perMode.count != 2 || !invocation.arguments.isEmpty) {
            return Result(
                exitCode: 2, standardOutput: "",
                standardError: HelpText.usageError(
                    UsageError(message: "give --test-file and --production-file together, and no other compose file", command: .import)))
        }
        var parsed: ComposeInputs
        switch composeInputs(invocation) {
        case .success(let inputs): parsed = inputs
        case .failure(let failure): return failure.result
        }
        let into = invocation.value(of: CommandLineInterface.into) ?? "Deployments"
        let folder = absolute(into.hasSuffix("/") && into.count > 1 ? String(into.dropLast()) : into)
        let shown = into.hasSuffix("/") ? into : into + "/"
        // Host paths in the files are relative to each file's folder; in Deployments/ to the package root above it.
        let root = PathMapping.components(folder).dropLast()
        let fileFolder = PathMapping.components(absolute(parsed.inputs[0].path)).dropLast()
        let shared = zip(root, fileFolder).prefix { $0 == $1 }.count
        parsed.translator.directory = (Array(repeating: "..", count: root.count - shared) + fileFolder.dropFirst(shared)).joined(separator: "/")

        let importer = ComposeImport(translator: parsed.translator, hardware: parsed.hardware, envFileElements: parsed.envFileElements)
        let output =
            perMode.isEmpty
            ? importer.run(parsed.inputs, project: parsed.project)
            : importer.run(test: [parsed.inputs[0]], production: [parsed.inputs[1]], project: parsed.project)
        if let (file, error) = output.readError { return readFailure(file, error) }

        let existing = fileSystem.list(folder).filter { $0.hasSuffix(".swift") }.sorted()
        let force = invocation.flag(CommandLineInterface.force) == true
        if !existing.isEmpty && !force {
            return Result(
                exitCode: 2, standardOutput: "",
                standardError: """
                    error: \(shown) already holds Swift files (\(existing.joined(separator: ", "))); import writes nothing over them
                    help: import into an empty folder (--into DIR), or pass --force to replace every *.swift file in \(shown)

                    """)
        }
        let written: [(path: String, status: OutputWriter.Status)]
        do {
            written = try OutputWriter(fileSystem: fileSystem, root: folder).write(output.files)
        } catch {
            return Result(exitCode: 2, standardOutput: "", standardError: "error: nothing imported: \(error)\n")
        }
        // The folder is one Swift module: a file import did not write would declare things twice.
        let stale = existing.filter { name in !output.files.contains { $0.path == name } }
        for name in stale { fileSystem.remove("\(folder)/\(name)") }

        var report = written.map { "\($0.status == .written ? "wrote" : "unchanged") \(shown)\($0.path)\n" }.joined()
        report += stale.map { "removed \(shown)\($0) (--force)\n" }.joined()
        report += "next: swift run homeiq-gen (proves the rules on the imported stack; each finding at a line of \(shown))\n"
        let formatter = DiagnosticFormatter(root: "", color: invocation.color ?? isTerminal)
        return Result(exitCode: 0, standardOutput: report, standardError: formatter.report(output.diagnostics))
    }
}
