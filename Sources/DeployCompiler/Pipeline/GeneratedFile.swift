import DeployModel

/// One output of the compiler: a path relative to the package root and its exact bytes.
public struct GeneratedFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// The contract file names (see DESIGN.md).
public enum OutputNames {
    public static let composeTest = "docker-compose.test.yml"
    public static let composeProduction = "docker-compose.prod.yml"
    public static let envTest = "env.test"
    public static let envProduction = "env.production"
    public static let rulesDocument = "RULES.md"
    public static let environmentDocument = "ENVIRONMENT.md"

    public static func compose(_ mode: Mode) -> String { mode == .test ? composeTest : composeProduction }
    public static func env(_ mode: Mode) -> String { mode == .test ? envTest : envProduction }
    /// The untracked secrets file of a mode, relative to the package root (read by `scripts/deploy.sh`).
    public static func secrets(_ mode: Mode) -> String { "infrastructure/secrets.\(mode.rawValue).env" }
    /// The Docker Swarm stack file of `mode` (written only for a cluster).
    public static func stack(_ mode: Mode) -> String { mode == .test ? "docker-stack.test.yml" : "docker-stack.prod.yml" }
}
