import DeployModel

extension ResolvedService {
    /// The ports the service listens on inside its container: its published ports' container side and its `Expose` ports.
    var listeningPorts: Set<Int> {
        Set(self.ports.map { $0.container }).union(self.options.exposed.map { $0.value })
    }

    /// `8006` or `8006, 8080` for messages, or `none`.
    var listeningPortsText: String {
        let sorted = listeningPorts.sorted()
        return sorted.isEmpty ? "none" : sorted.map(String.init).joined(separator: ", ")
    }

    /// Whether the service listens on `port` inside its container (`listeningPorts` holds it), without building the set.
    func listens(on port: Int) -> Bool {
        self.ports.contains { $0.container == port } || self.options.exposed.contains { $0.value == port }
    }
}
