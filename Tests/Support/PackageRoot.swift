import Foundation

/// The root folder of the package (the one containing `Package.swift`).
public enum PackageRoot {
    /// Walks up from the calling source file to the folder containing `Package.swift`.
    public static func url(file: StaticString = #filePath) -> URL {
        let start = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        var folder = start
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return start }
            folder = parent
        }
    }
}
