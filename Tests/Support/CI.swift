import Foundation

/// Whether tests run on CI (environment CI=true).
public enum CI {
    /// True when the environment variable `CI` is `true` (any case) or `1`.
    public static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return value.lowercased() == "true" || value == "1"
    }
}
