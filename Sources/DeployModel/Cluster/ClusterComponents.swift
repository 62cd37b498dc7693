// The cluster DSL: `Cluster { Node(…); Place(…) }` at stack level, `Placement`, `Replicas` and
// `SecretFromEnvironment` in a service body. Each captures the file, line and column it was written at.

/// Anything that can stand in a `Cluster { … }` body: `Node`, `Place`.
public protocol ClusterComponent: Sendable {
    var clusterElements: [ClusterElement] { get }
}

/// One declaration inside a `Cluster` body.
public enum ClusterElement: Sendable, Hashable {
    case node(NodeSpec)
    case placement(GroupPlacement)
}

/// Builds a `Cluster` body.
@resultBuilder
public enum ClusterBuilder {
    public static func buildExpression(_ component: some ClusterComponent) -> [ClusterElement] { component.clusterElements }
    public static func buildBlock(_ parts: [ClusterElement]...) -> [ClusterElement] { Array(concatenating: parts) }
    public static func buildOptional(_ part: [ClusterElement]?) -> [ClusterElement] { part ?? [] }
    public static func buildEither(first part: [ClusterElement]) -> [ClusterElement] { part }
    public static func buildEither(second part: [ClusterElement]) -> [ClusterElement] { part }
    public static func buildArray(_ parts: [[ClusterElement]]) -> [ClusterElement] { Array(concatenating: parts) }
}

/// The Docker Swarm the stack runs on: its nodes and group placements. Declaring one makes
/// `homeiq-gen` also write `generated/docker-stack.{test,prod}.yml` and prove placement per node.
public struct Cluster: StackComponent {
    public let stackElements: [StackElement]
    public init(file: String = #filePath, line: Int = #line, column: Int = #column, @ClusterBuilder _ content: () -> [ClusterElement]) {
        var nodes: [NodeSpec] = []
        var placements: [GroupPlacement] = []
        for element in content() {
            switch element {
            case .node(let node): nodes.append(node)
            case .placement(let placement): placements.append(placement)
            }
        }
        stackElements = [
            StackElement(
                .cluster(ClusterSpec(nodes: nodes, placements: placements)),
                at: SourceLocation(file: file, line: line, column: column))
        ]
    }
}

/// A machine of the cluster: `Node("nuc-b", .nuc16gb, labels: ["accelerator": "gpu"])`.
public struct Node: ClusterComponent {
    public let clusterElements: [ClusterElement]
    public init(
        _ name: String, _ hardware: HardwareProfile, labels: [String: String] = [:],
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        clusterElements = [
            .node(
                NodeSpec(
                    name: name, hardware: hardware, labels: labels,
                    location: SourceLocation(file: file, line: line, column: column)))
        ]
    }
}

/// Places several services at once: `Place("influxdb", "data-api", on: .node("nuc-a"))` or
/// `Place(role: .ai, on: .label("accelerator", "gpu"))`. A service's own `Placement` wins over a
/// `Place` naming it, which wins over a `Place` of its role.
public struct Place: ClusterComponent {
    public let clusterElements: [ClusterElement]
    public init(_ services: String..., on selectors: NodeSelector..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        clusterElements = [
            .placement(
                GroupPlacement(
                    selection: .services(services), selectors: selectors,
                    location: SourceLocation(file: file, line: line, column: column)))
        ]
    }
    public init(role: Role, on selectors: NodeSelector..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        clusterElements = [
            .placement(
                GroupPlacement(
                    selection: .role(role), selectors: selectors,
                    location: SourceLocation(file: file, line: line, column: column)))
        ]
    }
}

/// Where this service may run in a cluster: `Placement(.node("nuc-a"))`, `Placement(.label("accelerator", "gpu"))`,
/// `Placement(.spread)`. Several selectors must all hold. Ignored by the compose target.
public struct Placement: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ selectors: NodeSelector..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.placement(selectors), file: file, line: line, column: column)]
    }
}

/// How many tasks of a stateless service a cluster runs (`deploy.replicas`; default 1).
public struct Replicas: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ count: Int, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.replicas(count), file: file, line: line, column: column)]
    }
}

/// Says that the service reads the secret in environment variable `key` from the environment only
/// (not from `KEY_FILE`). On a cluster it then gets the Swarm secret through a wrapper that exports
/// it from `/run/secrets/` before it execs the service's `Entrypoint`: never as a stored environment value.
public struct SecretFromEnvironment: ServiceComponent {
    public let serviceElements: [ServiceElement]
    public init(_ key: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        serviceElements = [ServiceElement(.secretFromEnvironment(key), file: file, line: line, column: column)]
    }
}
