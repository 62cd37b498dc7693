/// Finds the package root: the nearest folder at or above a start folder holding `Package.swift` and `Deployments/`.
public enum PackageRootLocator {
    public static func find(from start: String, fileSystem: any FileSystem) -> String? {
        var current = start.hasSuffix("/") && start.count > 1 ? String(start.dropLast()) : start
        while true {
            if isRoot(current, fileSystem: fileSystem) { return current }
            guard let slash = current.lastIndex(of: "/"), current != "/" else { return nil }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
    }

    /// Whether `folder` holds `Package.swift` and `Deployments/`.
    public static func isRoot(_ folder: String, fileSystem: any FileSystem) -> Bool {
        fileSystem.exists("\(folder)/Package.swift") && fileSystem.isDirectory("\(folder)/Deployments")
    }
}
