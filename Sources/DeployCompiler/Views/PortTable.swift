import DeployModel

/// `homeiq-gen ports`: every published port of both modes in one table, with how the test port
/// relates to production's (the stack's test port offset, or an explicit test port).
public struct PortTable: Sendable {
    public var deployments: PerMode<ResolvedDeployment>
    public var origins: OriginText

    public init(_ deployments: PerMode<ResolvedDeployment>, root: String?) {
        self.deployments = deployments
        self.origins = OriginText(root: root)
    }

    private var test: ResolvedDeployment { deployments.test }
    private var production: ResolvedDeployment { deployments.production }

    /// One container port of one service, with its host port in each mode (nil: not published there).
    public struct Row: Sendable, Hashable {
        public var service: String
        public var container: String
        public var test: ResolvedPort?
        public var production: ResolvedPort?

        /// How the test host port relates to production's.
        public func relation(offset: Int) -> String {
            switch (test, production) {
            case (nil, _): "production only"
            case (_, nil): "test only"
            case (let test?, let production?):
                test.host == production.host
                    ? "same port"
                    : test.host == production.host + offset
                        ? "+\(offset) (offset)"
                        : "explicit test port"
            }
        }
    }

    /// By service, then container port.
    public var rows: [Row] {
        var rows: [Row] = []
        let names = Set(test.services.map(\.name) + production.services.map(\.name)).sorted()
        for name in names {
            let testPorts = test.service(named: name)?.ports ?? []
            let productionPorts = production.service(named: name)?.ports ?? []
            func key(_ port: ResolvedPort) -> String { "\(port.container)/\(port.networkProtocol.rawValue)" }
            let keys = Set((testPorts + productionPorts).map(key)).sorted {
                (Int($0.prefix { $0.isNumber }) ?? 0, $0) < (Int($1.prefix { $0.isNumber }) ?? 0, $1)
            }
            for container in keys {
                rows.append(
                    Row(
                        service: name, container: container, test: testPorts.first { key($0) == container },
                        production: productionPorts.first { key($0) == container }))
            }
        }
        return rows
    }

    public var text: String {
        let offset = test.testPortOffset
        var table = [["SERVICE", "CONTAINER", "TEST", "PRODUCTION", "TEST PORT", "ORIGIN"]]
        func host(_ port: ResolvedPort?) -> String {
            guard let port else { return "-" }
            return (port.hostIP.map { "\($0):" } ?? "") + String(port.host)
        }
        for row in rows {
            let location =
                row.test.map { origins.text(test.origin(of: $0.location, in: row.service)) }
                ?? row.production.map { origins.text(production.origin(of: $0.location, in: row.service)) } ?? ""
            table.append([row.service, row.container, host(row.test), host(row.production), row.relation(offset: offset), location])
        }
        return "Test port offset: \(offset) (a service in both modes publishes production's port + \(offset) in test, "
            + "unless its Port gives a test port).\n\n" + TextTable(table).text + "\n"
    }
}
