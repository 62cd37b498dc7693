import DeployModel
import DeployRender

/// Emit stage: a mode's env file body, one `KEY=VALUE` a line, grouped in commented sections.
public struct EnvFileEmitter: Sendable {
    public init() {}

    /// The env file body, or the entries that cannot be written portably.
    public func body(_ deployment: ResolvedDeployment) -> Result<String, EnvFileProblems> {
        var lines: [String] = []
        var problems: [Diagnostic] = []
        for entry in deployment.envFile {
            if let section = entry.section {
                if !lines.isEmpty { lines.append("") }
                lines.append("# \(section)")
            }
            do {
                lines.append(try DotenvWriter.line(key: entry.key, value: Self.dotenvValue(entry.value)))
            } catch {
                problems.append(Diagnostic(
                    severity: .error, ruleID: "env.encoding",
                    message: "env file entry \(entry.key) cannot be written portably: \(error.reason)",
                    location: entry.location, help: "use a value without both quotes and `$`, or a single `${VAR}` reference"))
            }
        }
        if !problems.isEmpty { return .failure(EnvFileProblems(diagnostics: problems)) }
        return .success(lines.joined(separator: "\n") + "\n")
    }

    /// A literal stays a literal; a lone reference becomes `${NAME}`; a mix is written as its display text.
    static func dotenvValue(_ value: ResolvedValue) -> DotenvValue {
        if let literal = value.literalText { return .literal(literal) }
        if value.parts.count == 1 {
            switch value.parts[0] {
            case .secret(let name, _), .variable(let name, _): return .reference(name)
            case .literal(let text): return .literal(text)
            }
        }
        return .literal(value.displayText)
    }
}

/// Env file entries that could not be encoded.
public struct EnvFileProblems: Error, Sendable {
    public var diagnostics: [Diagnostic]
}
