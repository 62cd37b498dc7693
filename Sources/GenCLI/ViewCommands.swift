import DeployCompiler
import DeployModel

extension CommandLineTool {
    /// `diff`, `show`, `graph`, `ports`: the stack as resolved (whether or not it passes the rules),
    /// origins relative to the package root when there is one.
    func view(_ invocation: Invocation) -> Result {
        let root = locateRoot(invocation)
        let deployments = compiler.resolver.resolveAll(stack)
        let selected = deployments.filter { invocation.mode == nil || $0.mode == invocation.mode }
        let text: String
        switch invocation.command {
        case .diff: text = ModeDiff(deployments, root: root).text
        case .ports: text = PortTable(deployments, root: root).text
        case .graph: text = DependencyGraph(selected).text(invocation.format)
        default:
            let name = invocation.operand ?? ""
            let description = ServiceDescription(service: name, in: selected, root: root)
            guard description.exists else {
                let known = Set(deployments.flatMap { $0.services.map(\.name) }).sorted()
                let hint =
                    ServiceDescription(service: name, in: deployments.values, root: root).exists
                    ? "it does not run in \(invocation.mode?.rawValue ?? "")" : "services: \(known.joined(separator: ", "))"
                return Result(
                    exitCode: 2, standardOutput: "",
                    standardError: "error: no service '\(name)' in \(invocation.mode.map { "\($0)" } ?? "either mode")\nhelp: \(hint).\n")
            }
            text = description.text
        }
        return Result(exitCode: 0, standardOutput: text, standardError: "")
    }
}
