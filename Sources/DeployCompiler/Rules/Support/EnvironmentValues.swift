/// A mode's environment variables, each key and value once where services repeat them, and which of them each
/// service's variables hold.
///
/// Most variables repeat from service to service (`LOG_LEVEL=INFO`, `INFLUXDB_URL=http://influxdb:8086`), so a
/// rule that judges a variable by its key and value judges each of `values` once, then reads one small number
/// per variable instead of reading every variable again: at thousands of services the variables no longer fit
/// the processor's cache, and a rule that walks them all waits on memory more than it computes.
struct EnvironmentValues: Sendable {
    /// The values of the mode's environment variables (`service.environment`), in order of use, without the
    /// repetitions: a variable whose key and value equal those at the same place in the previous service's
    /// environment (services share their keys, and most of their values) reuses that entry. Found by comparing
    /// neighbours, not by hashing every value, so a value may still appear more than once.
    let values: [ResolvedValue]
    /// The key of each of `values`' variables: every variable that reuses an entry has that key.
    let keys: [String]
    /// Per variable, by service, then in `service.environment` order: its value's position in `values`.
    private let positions: [Int32]
    /// Where each service's variables start in `positions`, by position in `deployment.services`, and where the last ends.
    private let starts: [Int32]

    /// The values of `deployment`'s services.
    init(_ deployment: ResolvedDeployment) {
        var values: [ResolvedValue] = []
        var keys: [String] = []
        var positions: [Int32] = []
        var starts: [Int32] = [0]
        starts.reserveCapacity(deployment.services.count + 1)
        var previous = ResolvedEnvironment()
        var previousStart = 0
        for service in deployment.services {
            let environment = service.environment
            let start = positions.count
            for (offset, variable) in environment.enumerated() {
                // A variable shared with the previous service (a feature flag, or one resolution shares) is known without
                // reading its value. Otherwise an equal key and value at the same place.
                if offset < previous.count {
                    let before = previous[offset]
                    if before.isSameDeclaration(as: variable) || (before.key == variable.key && before.value == variable.value) {
                        positions.append(positions[previousStart + offset])
                        continue
                    }
                }
                positions.append(Int32(values.count))
                values.append(variable.value)
                keys.append(variable.key)
            }
            starts.append(Int32(positions.count))
            previous = environment
            previousStart = start
        }
        self.values = values
        self.keys = keys
        self.positions = positions
        self.starts = starts
    }

    /// `judge` of each of `values`, once each.
    func judge<Judgement>(_ judge: (ResolvedValue) -> Judgement?) -> Judgements<Judgement> {
        Judgements(values.map(judge))
    }

    /// `judge` of each of `values` and its variable's key, once each.
    func judgeVariables<Judgement>(_ judge: (_ key: String, _ value: ResolvedValue) -> Judgement?) -> Judgements<Judgement> {
        Judgements(zip(keys, values).map(judge))
    }

    /// Calls `body` with each variable of `service`, the service at `index` of the deployment's services, whose
    /// value `judgements` judged, and the judgement, in the order of `service.environment`.
    func forEachJudged<Judgement>(
        _ judgements: Judgements<Judgement>, service: ResolvedService, at index: Int, _ body: (ResolvedEnvironmentVariable, Judgement) -> Void
    ) {
        guard !judgements.isEmpty else { return }
        let first = Int(starts[index])
        for position in first..<Int(starts[index + 1]) {
            guard let judgement = judgements.byEntry[Int(positions[position])] else { continue }
            body(service.environment[position - first], judgement)
        }
    }

    /// `forEachJudged(_:service:at:_:)` for every service of `deployment` (the deployment these values are of), in
    /// order, with the service; when no value was judged, no service is visited.
    func forEachJudged<Judgement>(
        _ judgements: Judgements<Judgement>, in deployment: ResolvedDeployment,
        _ body: (ResolvedService, ResolvedEnvironmentVariable, Judgement) -> Void
    ) {
        guard !judgements.isEmpty else { return }
        for (index, service) in deployment.services.enumerated() {
            forEachJudged(judgements, service: service, at: index) { body(service, $0, $1) }
        }
    }
}
