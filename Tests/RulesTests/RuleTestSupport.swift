import DeployCompiler
import DeployModel
import Foundation
import Testing

/// Compiles `stack` and records its findings for `.exactFindings` (tests that read the files or budgets too).
func compiled(_ stack: Stack, by compiler: Compiler = Compiler()) -> Compilation {
    let compilation = compiler.compile(stack)
    FindingsLedger.current?.record(compilation.diagnostics)
    return compilation
}

/// Every finding of `stack` as "severity rule line message", for a test that compares this whole list with `==`
/// (so each finding in it is expected).
func findingLines(of stack: Stack, by compiler: Compiler = Compiler()) -> [String] {
    let diagnostics = compiled(stack, by: compiler).diagnostics
    FindingsLedger.current?.account(diagnostics)
    return diagnostics.map { "\($0.severity) \($0.ruleID) \($0.location.line) \($0.message)" }
}

/// Compiles `stack` and returns every diagnostic that stands after waivers.
func diagnostics(of stack: Stack) -> [Diagnostic] {
    compiled(stack).diagnostics
}

/// The 1-based line of this test file that carries the marker comment `// @name`.
///
/// Tests put the marker on the line that should be blamed, so the expected line is read
/// from the source text, not copied from the code under test.
func line(marked name: String, file: String = #filePath) -> Int {
    let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let matches = lines.indices.filter { lines[$0].hasSuffix("// @\(name)") || lines[$0].contains("// @\(name) ") }
    precondition(matches.count == 1, "marker // @\(name) must appear exactly once in \(file), found \(matches.count)")
    return matches[0] + 1
}

/// Expects a diagnostic of `ruleID` at the line marked `// @marker` in the calling file, and returns it.
@discardableResult
func expectDiagnostic(
    _ ruleID: String, atMarker marker: String, in diagnostics: [Diagnostic],
    severity: Diagnostic.Severity = .error,
    file: String = #filePath, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let expectedLine = line(marked: marker, file: file)
    let found = diagnostics.first { $0.ruleID == ruleID && $0.location.line == expectedLine && $0.location.file == file }
    #expect(
        found != nil, "expected [\(ruleID)] at line \(expectedLine) of \(file); got:\n\(diagnostics.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation)
    #expect(found?.severity == severity, sourceLocation: sourceLocation)
    if let found { FindingsLedger.current?.account([found]) }
    return found
}

/// One expected finding: rule, the marker of the blamed line, severity and the modes it holds in.
struct ExpectedFinding: Hashable, CustomStringConvertible {
    var ruleID: String
    var marker: String
    var severity: Diagnostic.Severity = .error
    var modes: Modes = []

    var description: String { "\(severity) [\(ruleID)] @\(marker)\(modes.isEmpty ? "" : " (\(modes))")" }
}

/// Expects `diagnostics` to be exactly `expected`, no more and no fewer (as swift-format's tests compare the
/// full finding list): each at the line of its `// @marker` in the calling file, with its severity and modes.
func expectFindings(
    _ expected: [ExpectedFinding], in diagnostics: [Diagnostic], file: String = #filePath,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    func key(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.severity) [\(diagnostic.ruleID)] \(diagnostic.location.file):\(diagnostic.location.line) \(diagnostic.modes)"
    }
    let wanted = expected.map { "\($0.severity) [\($0.ruleID)] \(file):\(line(marked: $0.marker, file: file)) \($0.modes)" }.sorted()
    let found = diagnostics.map(key).sorted()
    FindingsLedger.current?.account(diagnostics)
    #expect(
        found == wanted, "expected exactly \(expected), got:\n\(diagnostics.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}

/// Expects no diagnostic of `ruleID` at all.
func expectNoDiagnostic(_ ruleID: String, in diagnostics: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let found = diagnostics.filter { $0.ruleID == ruleID }
    #expect(found.isEmpty, "unexpected [\(ruleID)]:\n\(found.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
}

/// A small stack that passes every rule; tests add one violation to it.
///
/// `extra` is appended at stack level; `service` is added to the body of the core service `api`.
func validStack(
    @StackBuilder extra: () -> [StackElement] = { [] },
    @ServiceBuilder service: () -> [ServiceElement] = { [] }
) -> Stack {
    let extraElements = extra()
    let serviceElements = service()
    return Stack("demo") {
        Hardware(.nuc8gb)  // @valid-stack-hardware
        Network("demo-network")
        Defaults {
            Restart(.unlessStopped)
            OnNetwork("demo-network")
            Env("DEPLOYMENT_MODE", .deploymentMode)
            HealthcheckTimings(interval: 30, timeout: 5, retries: 3, startPeriod: 10)
            Limits(memory: .mib(256), cpus: 0.5)
            Reservations(memory: .mib(128), cpus: 0.1)
        }
        InfluxDB(
            .sharedInstance,
            test: InfluxTenant(org: "demo-test", bucket: "events_test", token: "demo-test-token", retention: .days(7)),
            production: InfluxTenant(org: "demo", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))
        SQLite(
            test: SQLiteLocation(hostDirectory: "data/test", containerDirectory: "/app/data/test"),
            production: SQLiteLocation(hostDirectory: "data/production", containerDirectory: "/app/data"))
        Volume("influxdb_data")
        CoreService("influxdb") {
            Image("influxdb:2.7.10")
            Port(8086)
            Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")
            Healthcheck(["CMD", "influx", "ping"])
        }
        CoreService("api") {
            Image("example/api:1.0.0")
            Port(8006)
            Env("INFLUXDB_BUCKET", .influxBucket)
            DependsOn("influxdb", .healthy)
            Healthcheck.http(port: 8006)
            serviceElements
        }
        extraElements
    }
}

/// The diagnostics of `ruleID` among `diagnostics`, in order.
func ruleDiagnostics(_ ruleID: String, in diagnostics: [Diagnostic]) -> [Diagnostic] {
    let found = diagnostics.filter { $0.ruleID == ruleID }
    FindingsLedger.current?.account(found)
    return found
}

/// A copy of `stack` under another name (the project name derives from it), located at the caller.
func renamed(_ stack: Stack, to name: String, file: String = #filePath, line: Int = #line, column: Int = #column) -> Stack {
    Stack(name: name, elements: stack.elements, location: DeployModel.SourceLocation(file: file, line: line, column: column))
}

/// Compiles `stack`, expects at least one error and no generated file (nothing is written when a rule fails),
/// and returns every diagnostic.
@discardableResult
func expectRejected(_ stack: Stack, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    let compilation = compiled(stack)
    let rejected = compilation.hasErrors
    let written = compilation.files.map(\.path)
    #expect(rejected, "expected the stack to be rejected", sourceLocation: sourceLocation)
    #expect(written.isEmpty, "a rejected stack must produce no file", sourceLocation: sourceLocation)
    return compilation.diagnostics
}
