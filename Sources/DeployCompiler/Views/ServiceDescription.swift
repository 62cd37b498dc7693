import DeployModel

/// `homeiq-gen show SERVICE`: a service as resolved in each mode, every setting with its origin.
public struct ServiceDescription: Sendable {
    public var name: String
    /// The modes to show, in order.
    public var deployments: [ResolvedDeployment]
    public var origins: OriginText

    public init(service name: String, in deployments: [ResolvedDeployment], root: String?) {
        self.name = name
        self.deployments = deployments
        self.origins = OriginText(root: root)
    }

    /// Whether the service is declared in any of the modes shown.
    public var exists: Bool { deployments.contains { $0.service(named: name) != nil } }

    public var text: String {
        var sections: [String] = []
        for deployment in deployments {
            let heading = "\(name) in \(deployment.mode) (compose project \(deployment.projectName))"
            guard let service = deployment.service(named: name) else {
                let elsewhere = deployments.lazy.compactMap { $0.service(named: name) }.first
                sections.append(
                    heading + ": does not run in \(deployment.mode)"
                        + (elsewhere.map { "; it runs in \($0.modes.value) (\(origins.place($0.modes.location)))" } ?? ""))
                continue
            }
            let rows = deployment.facts(of: service).map { [$0.label, $0.value, origins.text($0.origin)] }
            sections.append(heading + ":\n" + TextTable(rows, indent: "  ").text)
        }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
