// homeiq-gen: compile Deployments/*.swift into generated/. Thin: arguments in, text and exit code out.
import Foundation
import GenCLI
import HomeIQDeployments

let tool = CommandLineTool(
    stack: HomeIQ.stack,
    currentDirectory: FileManager.default.currentDirectoryPath,
    isTerminal: isatty(STDERR_FILENO) == 1)
let result = tool.run(Array(CommandLine.arguments.dropFirst()))
FileHandle.standardOutput.write(Data(result.standardOutput.utf8))
FileHandle.standardError.write(Data(result.standardError.utf8))
exit(result.exitCode)
