import DeployModel

/// A message about the stack, at the line of `Deployments/` that caused it.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note
        private var order: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.order < rhs.order }
    }

    public var severity: Severity
    /// The rule that produced it (e.g. `isolation.volume`).
    public var ruleID: String
    public var message: String
    public var location: SourceLocation
    /// How to fix it.
    public var help: String?
    /// The service it concerns, if any (service-level waivers apply to it).
    public var service: String?

    public init(severity: Severity, ruleID: String, message: String, location: SourceLocation, help: String? = nil, service: String? = nil) {
        self.severity = severity
        self.ruleID = ruleID
        self.message = message
        self.location = location
        self.help = help
        self.service = service
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.severity, lhs.ruleID, lhs.message) < (rhs.location, rhs.severity, rhs.ruleID, rhs.message)
    }

    /// `file:line:column: error: [rule] message` with the file as recorded.
    public var description: String { formatted(relativeTo: nil) }

    /// The compiler-style line, with the file made relative to `root` when it lies inside it.
    public func formatted(relativeTo root: String?) -> String {
        var file = location.file
        if let root, !root.isEmpty {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if file.hasPrefix(prefix) { file = String(file.dropFirst(prefix.count)) }
        }
        return "\(file):\(location.line):\(location.column): \(severity.rawValue): [\(ruleID)] \(message)"
    }
}


/// Collects diagnostics from every stage; sorted and deduplicated on read.
public struct DiagnosticCollector: Sendable {
    private var items: [Diagnostic] = []

    public init() {}

    public mutating func emit(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    public mutating func error(_ ruleID: String, _ message: String, at location: SourceLocation, help: String? = nil, service: String? = nil) {
        emit(Diagnostic(severity: .error, ruleID: ruleID, message: message, location: location, help: help, service: service))
    }

    public mutating func warning(_ ruleID: String, _ message: String, at location: SourceLocation, help: String? = nil, service: String? = nil) {
        emit(Diagnostic(severity: .warning, ruleID: ruleID, message: message, location: location, help: help, service: service))
    }

    /// Every diagnostic, sorted by location, without duplicates.
    public var diagnostics: [Diagnostic] { Array(Set(items)).sorted() }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
