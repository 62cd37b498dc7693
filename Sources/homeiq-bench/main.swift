// homeiq-bench: times homeiq-gen's compiler on synthetic stacks. Thin: arguments in, text and exit code out.
import DeployCompiler
import Foundation

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data(message.utf8))
    exit(code)
}

let options: BenchOptions
do {
    options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("error: \(error.message)\nhelp: see 'homeiq-bench --help'.\n", code: 2)
}

let stack = SyntheticStack(count: options.services)
switch options.action {
case .help:
    print(BenchOptions.help)
case .readYAML(let path):
    do {
        print(try YAMLReadBenchmark(path: path, runs: options.runs).run())
    } catch {
        fail("error: \(error)\n", code: 1)
    }
case .validate:
    let compilation = Compiler().compile(stack.make())
    for diagnostic in compilation.diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
    if let directory = options.writeDirectory {
        do {
            try GeneratedFiles.write(compilation.files, under: directory)
        } catch {
            fail("error: could not write the generated files under \(directory): \(error)\n", code: 1)
        }
    }
    let errors = compilation.errors.count
    let warnings = compilation.diagnostics.filter { $0.severity == .warning }.count
    let counts = stack.modeCounts
    print("test=\(counts.test) production=\(counts.production) files=\(compilation.files.count)")
    print("services=\(options.services) errors=\(errors) warnings=\(warnings)")
    exit(errors == 0 ? 0 : 1)
case .measure:
    do {
        let report = try BenchRunner(stack: stack, runs: options.runs).run()
        print(report.text(rulesShown: options.rulesShown), terminator: "")
    } catch .invalid(let errors) {
        fail(
            errors.map { "\($0)\n" }.joined()
                + "error: the synthetic stack of \(options.services) services breaks \(errors.count) rule check(s); nothing was timed\n", code: 1)
    }
}
