import DeployCompiler
import DeployLint
import DeployModel
import Foundation

extension CommandLineTool {
    /// `homeiq-gen lint FILE… [--hardware ID] [--profiles test=P,production=P]`.
    func lint(_ invocation: Invocation) -> Result {
        func usage(_ message: String) -> Result {
            Result(exitCode: 2, standardOutput: "", standardError: HelpText.usageError(UsageError(message: message, command: .lint)))
        }
        guard !invocation.arguments.isEmpty else { return usage("lint needs at least one compose file") }
        var translator = ComposeTranslator()
        if let profiles = invocation.value(of: CommandLineInterface.profiles) {
            for assignment in profiles.split(separator: ",") {
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let mode = Mode(rawValue: parts[0]) else {
                    return usage("--profiles takes test=PROFILE,production=PROFILE, not '\(profiles)'")
                }
                if mode == .test { translator.testProfile = parts[1] } else { translator.productionProfile = parts[1] }
            }
        }
        let hardwareID = invocation.value(of: CommandLineInterface.hardware) ?? HardwareProfile.nuc8gb.id
        guard let hardware = HardwareProfile.all.first(where: { $0.id == hardwareID }) else { return usage("unknown hardware '\(hardwareID)'") }
        var inputs: [ComposeLint.Input] = []
        for path in invocation.arguments {
            let full = path.hasPrefix("/") ? path : "\(currentDirectory)/\(path)"
            // The bytes as they are (invalid UTF-8 is the reader's to report, at its line).
            guard let bytes = FileManager.default.contents(atPath: full).map(Array.init) ?? fileSystem.read(full).map({ Array($0.utf8) }) else {
                return Result(
                    exitCode: 2, standardOutput: "",
                    standardError: "error: cannot read '\(path)'\nhelp: check the path; it is relative to the current folder.\n")
            }
            inputs.append(ComposeLint.Input(path: path, bytes: bytes))
        }
        let directory = currentDirectory.split(separator: "/").last.map(String.init) ?? "compose"
        let report = ComposeLint(translator: translator, hardware: hardware).lint(inputs, project: directory.lowercased())
        if let (file, error) = report.readError {
            var text = "\(file):\(error.mark.line):\(error.mark.column): error: [yaml.syntax] \(error.message)\n    help: \(error.help)\n"
            if let related = error.related { text += "\(file):\(related.line):\(related.column): note: [yaml.syntax] the first one is here\n" }
            return Result(exitCode: 2, standardOutput: "", standardError: text)
        }
        let formatter = DiagnosticFormatter(root: "", color: invocation.color ?? isTerminal)
        let text = formatter.report(report.diagnostics)
        return Result(exitCode: report.hasErrors ? 1 : 0, standardOutput: "", standardError: text)
    }
}
