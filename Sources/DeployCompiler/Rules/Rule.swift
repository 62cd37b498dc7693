import DeployModel

/// An invariant the compiler proves before it writes anything.
///
/// A rule sees both resolved modes at once, so cross-mode proofs are ordinary rules.
/// Each rule lives in its own file with a stable ID, a one-line summary, and a doc paragraph
/// (what, why, how to fix, and its complexity).
public protocol Rule: Sendable {
    /// Stable ID, `area.name` (e.g. `isolation.volume`); the type is named after it (`IsolationVolumeRule`).
    static var id: String { get }
    /// One line: what the rule proves.
    var summary: String { get }
    /// What it checks, why, how to fix a violation, and, as its last sentence, its complexity
    /// (`Complexity: O(…)`, for maintainers: `userDocumentation` leaves it out).
    var documentation: String { get }
    /// Whether a `Waive(…)` may silence it.
    var isWaivable: Bool { get }
    /// Reports every violation in `context`.
    func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector)
}

extension Rule {
    /// The rule's stable ID (`Self.id`).
    public var id: String { Self.id }
    public var isWaivable: Bool { true }

    /// `documentation` for users (`docs/RULES.md`, `explain`): without the closing `Complexity: O(…)` sentence.
    public var userDocumentation: String {
        guard let range = documentation.ranges(of: " Complexity: O(").last else { return documentation }
        return String(documentation[..<range.lowerBound])
    }
}

/// What the rules see: both modes, resolved, and their budgets.
public struct RuleContext: Sendable {
    public let deployments: PerMode<ResolvedDeployment>
    /// What each mode asks of the machine (computed once per compilation).
    public var budgets: PerMode<Budget>
    /// Every registered rule ID and whether it may be waived (filled in by the engine).
    public var catalog: [String: Bool]

    /// The package root's files, when the compiler knows the root (rule `files.exist`); nil in library use.
    public var hostFiles: HostFiles?

    /// The service names of each mode.
    public let serviceNames: PerMode<Set<String>>

    /// Every string field of each mode's generated files (what the secret rules scan), listed once.
    let emittedFields: PerMode<EmittedFields>

    /// Each mode's environment values, once where services repeat them (for the rules that judge a value by itself).
    let environmentValues: PerMode<EnvironmentValues>

    public init(
        _ deployments: PerMode<ResolvedDeployment>, budgets: PerMode<Budget>? = nil, catalog: [String: Bool] = [:], hostFiles: HostFiles? = nil
    ) {
        self.deployments = deployments
        self.budgets = budgets ?? deployments.map(Budget.init)
        self.catalog = catalog
        self.hostFiles = hostFiles
        // The two modes' fields on two cores: the largest serial step between resolution and the rules.
        let derived = deployments.concurrentMap {
            (names: Set($0.services.map { $0.name }), fields: $0.emittedFields, values: EnvironmentValues($0))
        }
        serviceNames = derived.map(\.names)
        emittedFields = derived.map(\.fields)
        environmentValues = derived.map(\.values)
    }

    public var test: ResolvedDeployment { deployments.test }
    public var production: ResolvedDeployment { deployments.production }

    /// Why no service `name` runs in `mode` ("which runs only in production", "which is not declared"),
    /// or nil when it does.
    public func absence(of name: String, in mode: Mode) -> String? {
        if serviceNames[mode].contains(name) { return nil }
        return serviceNames[mode.other].contains(name) ? "which runs only in \(mode.other)" : "which is not declared"
    }

    public func deployment(_ mode: Mode) -> ResolvedDeployment { deployments[mode] }
}
