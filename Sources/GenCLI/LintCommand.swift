import DeployCompiler
import DeployLint
import DeployModel
import DeployRead
import Foundation

extension CommandLineTool {
    /// `homeiq-gen lint FILE… [--hardware ID] [--profiles test=P,production=P]`.
    func lint(_ invocation: Invocation) -> Result {
        let parsed: ComposeInputs
        switch composeInputs(invocation) {
        case .success(let inputs): parsed = inputs
        case .failure(let failure): return failure.result
        }
        let lint = ComposeLint(translator: parsed.translator, hardware: parsed.hardware, envFileElements: parsed.envFileElements)
        let report = lint.lint(parsed.inputs, project: parsed.project)
        if let (file, error) = report.readError { return readFailure(file, error) }
        let formatter = DiagnosticFormatter(root: "", color: invocation.color ?? isTerminal)
        let text = formatter.report(report.diagnostics)
        return Result(exitCode: report.hasErrors ? 1 : 0, standardOutput: "", standardError: text)
    }

    /// What `lint` and `import` read: the files, the profiles of each mode, the hardware, the project name.
    struct ComposeInputs {
        var inputs: [ComposeLint.Input]
        var translator: ComposeTranslator
        var hardware: HardwareProfile
        var project: String
        /// `--env-file`: its entries as stack elements.
        var envFileElements: [StackElement] = []
    }

    /// A failure that ends the command (its exit code and message).
    struct Failure: Error {
        var result: Result
    }

    /// Parses the options and reads the files `lint` and `import` take.
    func composeInputs(_ invocation: Invocation) -> Swift.Result<ComposeInputs, Failure> {
        func usage(_ message: String) -> Failure {
            Failure(
                result: Result(
                    exitCode: 2, standardOutput: "", standardError: HelpText.usageError(UsageError(message: message, command: invocation.command))))
        }
        let paths = invocation.arguments + perModeFiles(invocation)
        guard !paths.isEmpty else { return .failure(usage("\(invocation.command.rawValue) needs at least one compose file")) }
        var translator = ComposeTranslator()
        if let profiles = invocation.value(of: CommandLineInterface.profiles) {
            for assignment in profiles.split(separator: ",") {
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let mode = Mode(rawValue: parts[0]) else {
                    return .failure(usage("--profiles takes test=PROFILE,production=PROFILE, not '\(profiles)'"))
                }
                if mode == .test { translator.testProfile = parts[1] } else { translator.productionProfile = parts[1] }
            }
        }
        let hardwareID = invocation.value(of: CommandLineInterface.hardware) ?? HardwareProfile.nuc8gb.id
        guard let hardware = HardwareProfile.all.first(where: { $0.id == hardwareID }) else {
            return .failure(usage("unknown hardware '\(hardwareID)'"))
        }
        var inputs: [ComposeLint.Input] = []
        for path in paths {
            // The bytes as they are (invalid UTF-8 is the reader's to report, at its line).
            guard let bytes = FileManager.default.contents(atPath: absolute(path)).map(Array.init) ?? fileSystem.readBytes(absolute(path)) else {
                return .failure(
                    Failure(
                        result: Result(
                            exitCode: 2, standardOutput: "",
                            standardError: "error: cannot read '\(path)'\nhelp: check the path; it is relative to the current folder.\n")))
            }
            inputs.append(ComposeLint.Input(path: path, bytes: bytes))
        }
        var envFileElements: [StackElement] = []
        if let option = invocation.value(of: CommandLineInterface.envFile) {
            var files: [Mode: String] = [:]
            if option.contains("=") {
                for assignment in option.split(separator: ",") {
                    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let mode = Mode(rawValue: parts[0]) else {
                        return .failure(usage("--env-file takes FILE or test=FILE,production=FILE, not '\(option)'"))
                    }
                    files[mode] = parts[1]
                }
                guard files.count == 2 else { return .failure(usage("--env-file test=FILE,production=FILE names both modes")) }
            } else {
                files = [.test: option, .production: option]
            }
            var read: [Mode: (path: String, entries: [EnvFileEntries.Entry])] = [:]
            for (mode, path) in files {
                guard let bytes = fileSystem.readBytes(absolute(path)) else {
                    return .failure(
                        Failure(
                            result: Result(
                                exitCode: 2, standardOutput: "",
                                standardError: "error: cannot read env file '\(path)'\nhelp: check the path; it is relative to the current folder.\n")
                        ))
                }
                read[mode] = (path, EnvFileEntries.read(String(decoding: bytes, as: UTF8.self)))
            }
            if let test = read[.test], let production = read[.production] {
                envFileElements = EnvFileEntries.elements(test: test, production: production)
            }
        }
        let directory = currentDirectory.split(separator: "/").last.map(String.init) ?? "compose"
        return .success(
            ComposeInputs(
                inputs: inputs, translator: translator, hardware: hardware, project: directory.lowercased(), envFileElements: envFileElements))
    }

    /// `--test-file T --production-file P` of `import`, in that order (empty when not given).
    func perModeFiles(_ invocation: Invocation) -> [String] {
        [invocation.value(of: CommandLineInterface.testFile), invocation.value(of: CommandLineInterface.productionFile)].compactMap { $0 }
    }

    /// A file that is not readable YAML: its located error, exit 2.
    func readFailure(_ file: String, _ error: YAML.ReadError) -> Result {
        var text = "\(file):\(error.mark.line):\(error.mark.column): error: [yaml.syntax] \(error.message)\n    help: \(error.help)\n"
        if let related = error.related { text += "\(file):\(related.line):\(related.column): note: [yaml.syntax] the first one is here\n" }
        return Result(exitCode: 2, standardOutput: "", standardError: text)
    }
}
