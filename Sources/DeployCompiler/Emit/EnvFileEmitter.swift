import DeployModel
import DeployRender

/// Emit stage: a mode's env file body, one `KEY=VALUE` a line, grouped in commented sections.
///
/// Rule `env.portable` proves before emission that every entry can be written; an entry that
/// cannot anyway is left out with a comment saying so, never written wrong.
public struct EnvFileEmitter: Sendable {
    public init() {}

    /// The env file body.
    public func text(_ deployment: ResolvedDeployment) -> String {
        var lines: [String] = []
        for entry in deployment.envFile {
            if let section = entry.section {
                if !lines.isEmpty { lines.append("") }
                lines.append("# \(section)")
            }
            if let line = try? DotenvWriter.line(key: entry.key, value: Self.dotenvValue(entry.value)) {
                lines.append(line)
            } else {
                lines.append("# \(entry.key.filter { $0.isLetter || $0.isNumber || $0 == "_" }): left out, no portable spelling (rule env.portable)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A literal stays a literal; a lone reference becomes `${NAME}` (`${NAME:-default}` with its
    /// default); a mix is written as its display text.
    static func dotenvValue(_ value: ResolvedValue) -> DotenvValue {
        if let literal = value.literalText { return .literal(literal) }
        if value.parts.count == 1 {
            switch value.parts[0] {
            case .secret(let name, _), .variable(let name, nil): return .reference(name)
            case .variable(let name, let fallback?): return .referenceWithDefault(name, fallback: fallback)
            case .literal(let text): return .literal(text)
            }
        }
        return .literal(value.displayText)
    }
}
