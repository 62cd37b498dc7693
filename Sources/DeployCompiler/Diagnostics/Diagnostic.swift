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
    /// What was found, without the modes.
    public var finding: String
    public var location: SourceLocation
    /// How to fix it.
    public var help: String?
    /// The service it concerns, if any (service-level waivers apply to it).
    public var service: String?
    /// The modes the finding holds in; empty when it is not about one mode (a clash between the modes, the stack itself).
    public var modes: Modes
    /// Further places that explain it: each service that used the `ServiceGroup` holding the declaration.
    public var notes: [DiagnosticNote] = []

    public init(
        severity: Severity, ruleID: String, message: String, location: SourceLocation, help: String? = nil, service: String? = nil,
        modes: Modes = []
    ) {
        self.severity = severity
        self.ruleID = ruleID
        self.finding = message
        self.location = location
        self.help = help
        self.service = service
        self.modes = modes
    }

    /// The finding, after the modes it holds in when it has any: `test and production: service 'x' …`.
    public var message: String { modes.isEmpty ? finding : "\(modes): \(finding)" }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.severity, lhs.ruleID, lhs.message) < (rhs.location, rhs.severity, rhs.ruleID, rhs.message)
    }

    /// `file:line:column: error: [rule] message` with the file as recorded.
    public var description: String { formatted(relativeTo: nil) }

    /// The compiler-style line, with the file made relative to `root` when it lies inside it.
    public func formatted(relativeTo root: String?) -> String {
        let file = location.relativePath(to: root)
        return "\(file):\(location.line):\(location.column): \(severity.rawValue): [\(ruleID)] \(message)"
    }
}

/// A second place a diagnostic points to: `note: in service 'x' at Deployments/F.swift:12:9`.
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `message at file:line:column`, the file made relative to `root` when it lies inside it.
    public func formatted(relativeTo root: String?) -> String {
        "\(message) at \(location.relativePath(to: root)):\(location.line):\(location.column)"
    }
}

extension SourceLocation {
    /// The file, relative to `root` when it lies inside it.
    func relativePath(to root: String?) -> String {
        guard let root, !root.isEmpty else { return file }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
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

    /// Records a finding of `ruleID` in `mode`. The same finding (place, severity, text) in the other mode
    /// is merged into one diagnostic that names both modes.
    public mutating func add(
        _ ruleID: String, _ mode: Mode, _ message: String, at location: SourceLocation, help: String? = nil,
        service: String? = nil, severity: Diagnostic.Severity = .error
    ) {
        add(ruleID, modes: Modes(mode), message, at: location, help: help, service: service, severity: severity)
    }

    /// Records a finding of `ruleID` that holds in `modes` (a finding the rule has already merged across the modes).
    public mutating func add(
        _ ruleID: String, modes: Modes, _ message: String, at location: SourceLocation, help: String? = nil,
        service: String? = nil, severity: Diagnostic.Severity = .error
    ) {
        emit(Diagnostic(severity: severity, ruleID: ruleID, message: message, location: location, help: help, service: service, modes: modes))
    }

    /// Every diagnostic, sorted by location, without duplicates; a finding made in several modes is
    /// one diagnostic carrying all of them (the first one's help and service).
    public var diagnostics: [Diagnostic] {
        struct Finding: Hashable {
            var location: SourceLocation
            var severity: Diagnostic.Severity
            var ruleID: String
            var finding: String
        }
        var unique: Set<Diagnostic> = []
        var byFinding: [Finding: Diagnostic] = [:]
        for item in items {
            guard !item.modes.isEmpty else {
                unique.insert(item)
                continue
            }
            let key = Finding(location: item.location, severity: item.severity, ruleID: item.ruleID, finding: item.finding)
            if var existing = byFinding[key] {
                existing.modes.formUnion(item.modes)
                byFinding[key] = existing
            } else {
                byFinding[key] = item
            }
        }
        unique.formUnion(byFinding.values)
        return unique.sorted()
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
