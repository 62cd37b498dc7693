import DeployModel

/// A block around a declaration that decides where it applies.
public enum EnclosingBlock: String, Sendable, Hashable {
    /// The stack's `Defaults { }`: every service inherits it.
    case defaults = "Defaults"
    case inTest = "InTest"
    case inProduction = "InProduction"
}

/// Where a resolved value came from: its declaration in `Deployments/`, and the blocks around it
/// (outermost first): `Defaults`, `InTest`, `InProduction`.
public struct Origin: Sendable, Hashable {
    public var location: SourceLocation
    public var blocks: [Located<EnclosingBlock>]

    public init(_ location: SourceLocation, blocks: [Located<EnclosingBlock>] = []) {
        self.location = location
        self.blocks = blocks
    }
}

extension ResolvedDeployment {
    /// Where the declaration at `location` came from, with the blocks around it.
    public func origin(of location: SourceLocation) -> Origin {
        Origin(location, blocks: enclosingBlocks[location] ?? [])
    }
}

/// Records the blocks around each declaration of the stack's defaults and services: the origins
/// the views print. Declarations written directly in a service body are not recorded (no block).
struct EnclosingBlockMap {
    private(set) var blocks: [SourceLocation: [Located<EnclosingBlock>]] = [:]

    init(defaults: [(elements: [ServiceElement], location: SourceLocation)], services: [ServiceDefinition]) {
        for block in defaults {
            record(block.elements, inside: [Located(.defaults, at: block.location)])
        }
        for service in services {
            record(service.elements, inside: [])
        }
    }

    private mutating func record(_ elements: [ServiceElement], inside enclosing: [Located<EnclosingBlock>]) {
        for element in elements {
            if case .scoped(let mode, let inner) = element.declaration {
                let block: EnclosingBlock = mode == .test ? .inTest : .inProduction
                record(inner, inside: enclosing + [Located(block, at: element.location)])
            } else if !enclosing.isEmpty {
                blocks[element.location] = enclosing
            }
        }
    }
}
