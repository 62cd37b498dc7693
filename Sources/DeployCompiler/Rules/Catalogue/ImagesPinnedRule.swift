import DeployModel

/// `images.pinned`: every service has an image pinned to a tag other than `latest` (or a digest), or a build.
public struct ImagesPinnedRule: Rule {
    public static let id = "images.pinned"
    public var summary: String { "every service has an image pinned to a version tag (not latest, stable, main, …) or a digest, or a build" }
    public var documentation: String {
        """
        An image without a tag means `latest`, which changes under you: two deployments of the same \
        generated file could run different code, and a test run would not prove anything about \
        production. InfluxDB option B exists precisely to test an upgrade by pinning the test \
        instance to another version. A reference passes when it ends in `@sha256:` and 64 hex \
        digits, or has a tag (the part after the last `:` that follows the last `/`, so a registry \
        port is not mistaken for a tag) that is not a floating tag: `latest`, `stable`, `edge`, `main`, \
        `master`, `nightly`, `dev`, `beta`, `rolling` (in any case) move to new code as their \
        maintainers publish it, so they pin nothing. A service with neither image nor build \
        cannot start at all. Fix: `Image("influxdb:2.7.10")`, or `Build(context:)` for a local \
        image. Complexity: O(s) for s services, each reference scanned once.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for deployment in context.deployments {
            for service in deployment.services {
                guard let image = service.image else {
                    if service.build == nil {
                        diagnostics.add(
                            Self.id, deployment.mode, "service '\(service.name)' has neither an image nor a build",
                            at: service.location, help: "add Image(\"name:version\") or Build(context:)", service: service.name)
                    }
                    continue
                }
                if let problem = Self.problem(with: image.value) {
                    diagnostics.add(
                        Self.id, deployment.mode, "service '\(service.name)' uses image '\(image.value)', \(problem)",
                        at: image.location, help: "pin a version: Image(\"name:1.2.3\") or a @sha256: digest", service: service.name)
                }
            }
        }
    }

    /// Tags that name a moving target, not a version.
    static let floatingTags: Set<String> = ["latest", "stable", "edge", "main", "master", "nightly", "dev", "beta", "rolling"]

    /// What is wrong with `reference`, or nil when it is pinned.
    static func problem(with reference: String) -> String? {
        if reference.isEmpty { return "which is empty" }
        // ASCII references (most) are searched on their bytes, which are their characters.
        let ascii = reference.utf8.allSatisfy { $0 < 0x80 }
        func first(_ character: Character) -> String.Index? {
            ascii ? reference.utf8.firstIndex(of: character.asciiValue!) : reference.firstIndex(of: character)
        }
        func last(_ character: Character) -> String.Index? {
            ascii ? reference.utf8.lastIndex(of: character.asciiValue!) : reference.lastIndex(of: character)
        }
        if let at = first("@") {
            let digest = reference[reference.index(after: at)...]
            guard digest.hasPrefix("sha256:") else { return "whose digest is not a sha256: digest" }
            let hex = digest.dropFirst("sha256:".count)
            let isHex = hex.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
            return hex.count == 64 && isHex ? nil : "whose sha256 digest is not 64 lowercase hex digits"
        }
        let lastSlash = last("/")
        guard let lastColon = last(":"), lastSlash.map({ lastColon > $0 }) ?? true else {
            return "which has no tag and so means 'latest'"
        }
        let tag = reference[reference.index(after: lastColon)...]
        if tag.isEmpty { return "whose tag is empty" }
        if floatingTags.contains(tag.lowercased()) { return "whose tag '\(tag)' changes under you" }
        return nil
    }
}
