import DeployModel

/// Writes origins for people: `Deployments/Platform.swift:17 (Defaults at Platform.swift:12)`,
/// paths relative to the package root.
public struct OriginText: Sendable {
    /// The package root; locations inside it print relative to it.
    public var root: String?

    public init(root: String?) { self.root = root }

    public func text(_ origin: Origin) -> String {
        var text = place(origin.location)
        if !origin.blocks.isEmpty {
            text +=
                " ("
                + origin.blocks.map { "\($0.value.title) \(fileName($0.location)):\($0.location.line)" }
                .joined(separator: ", ") + ")"
        }
        return text
    }

    /// `Deployments/Ingestion.swift:12`.
    public func place(_ location: SourceLocation) -> String {
        var file = location.file
        if let root, !root.isEmpty {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if file.hasPrefix(prefix) { file = String(file.dropFirst(prefix.count)) }
        }
        return "\(file):\(location.line)"
    }

    private func fileName(_ location: SourceLocation) -> Substring {
        location.file.split(separator: "/").last ?? Substring(location.file)
    }
}
