import DeployCompiler
import Foundation

/// Writes a compilation's files under a folder (for inspecting or validating a synthetic stack's output).
enum GeneratedFiles {
    static func write(_ files: [GeneratedFile], under directory: String) throws {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        for file in files {
            let url = base.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
        }
    }
}
