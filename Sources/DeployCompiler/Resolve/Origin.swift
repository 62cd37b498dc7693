import DeployModel

/// A block around a declaration that decides where it applies, or the `ServiceGroup` it came in.
public enum EnclosingBlock: String, Sendable, Hashable {
    /// The stack's `Defaults { }`: every service inherits it.
    case defaults = "Defaults"
    case inTest = "InTest"
    case inProduction = "InProduction"
    /// A `ServiceGroup`, located where it was used.
    case serviceGroup = "ServiceGroup"

    /// How an origin names it: `Defaults at …`, `ServiceGroup used at …`.
    public var title: String { self == .serviceGroup ? "ServiceGroup used at" : "\(rawValue) at" }
}

/// Where a resolved value came from: its declaration in `Deployments/`, and the blocks around it
/// (outermost first): `Defaults`, `InTest`, `InProduction`, and the use site of a `ServiceGroup`.
public struct Origin: Sendable, Hashable {
    public var location: SourceLocation
    public var blocks: [Located<EnclosingBlock>]

    public init(_ location: SourceLocation, blocks: [Located<EnclosingBlock>] = []) {
        self.location = location
        self.blocks = blocks
    }
}

/// The blocks around the nested declarations of one mode's defaults and services, by location.
/// Declarations written directly in a service body have none and are not recorded.
public struct DeclarationBlocks: Sendable, Hashable {
    private var defaults: [SourceLocation: [Located<EnclosingBlock>]] = [:]
    /// The lines of `defaults`' locations: most locations are on none of them, and are answered without hashing their file.
    private var defaultsLines: Set<Int> = []
    /// The declarations of each service that has blocks; their blocks are found when asked (most runs never ask).
    private var services: [String: [ServiceElement]] = [:]

    public init() {}

    init(defaults: [(elements: [ServiceElement], location: SourceLocation)], services: [ServiceDefinition]) {
        for block in defaults {
            Self.record(block.elements, inside: [Located(.defaults, at: block.location)], into: &self.defaults)
        }
        defaultsLines = Set(self.defaults.keys.map(\.line))
        for service in services where Self.hasBlocks(service.elements) {
            self.services[service.name] = service.elements
        }
    }

    /// The blocks around the declaration at `location` of `service` (or of the defaults), outermost first.
    public func blocks(around location: SourceLocation, in service: String?) -> [Located<EnclosingBlock>] {
        if let elements = service.flatMap({ services[$0] }) {
            var blocks: [SourceLocation: [Located<EnclosingBlock>]] = [:]
            Self.record(elements, inside: [], into: &blocks)
            if let found = blocks[location] { return found }
        }
        return defaults[location] ?? []
    }

    /// Whether the declaration at `location` was written in a `Defaults` block (`blocks(around: location, in: nil)` holds one).
    func isInDefaults(_ location: SourceLocation) -> Bool {
        guard defaultsLines.contains(location.line) else { return false }
        return blocks(around: location, in: nil).contains { $0.value == .defaults }
    }

    /// Whether `record` finds any block among `elements`: a group use, or a non-empty `InTest`/`InProduction`.
    private static func hasBlocks(_ elements: [ServiceElement]) -> Bool {
        elements.contains { element in
            if !element.groupUses.isEmpty { return true }
            if case .scoped(_, let inner) = element.declaration { return !inner.isEmpty }
            return false
        }
    }

    private static func record(
        _ elements: [ServiceElement], inside enclosing: [Located<EnclosingBlock>],
        into blocks: inout [SourceLocation: [Located<EnclosingBlock>]]
    ) {
        for element in elements {
            // The groups it came in that the enclosing blocks do not hold yet, outermost first.
            var around = enclosing
            for site in element.groupUses.reversed() where !around.contains(Located(.serviceGroup, at: site)) {
                around.append(Located(.serviceGroup, at: site))
            }
            if case .scoped(let mode, let inner) = element.declaration {
                record(inner, inside: around + [Located(mode == .test ? .inTest : .inProduction, at: element.location)], into: &blocks)
            } else if !around.isEmpty {
                blocks[element.location] = around
            }
        }
    }
}

extension ResolvedDeployment {
    /// Where the declaration at `location` of `service` (nil: of the defaults) came from, with the blocks around it.
    public func origin(of location: SourceLocation, in service: String?) -> Origin {
        Origin(location, blocks: enclosingBlocks.blocks(around: location, in: service))
    }
}
