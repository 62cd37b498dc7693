import DeployModel

extension ResolvedService {
    /// The ports the service listens on inside its container (its published ports' container side and its
    /// `Expose` ports) for messages: `8006` or `8006, 8080`, or `none`.
    var listeningPortsText: String {
        let sorted = Set(self.ports.map { $0.container }).union(self.options.exposed.map { $0.value }).sorted()
        return sorted.isEmpty ? "none" : sorted.map(String.init).joined(separator: ", ")
    }

    /// Whether the service listens on `port` inside its container (one of the ports `listeningPortsText` names).
    func listens(on port: Int) -> Bool {
        self.ports.contains { $0.container == port } || self.options.exposed.contains { $0.value == port }
    }
}
