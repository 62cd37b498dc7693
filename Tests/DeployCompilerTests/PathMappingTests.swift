import DeployCompiler
import DeployModel
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

@Suite("Relative paths in generated files")
struct PathMappingTests {
    @Test("paths relative to the package root are rewritten relative to the output folder")
    func mapping() {
        let paths = PathMapping(outputDirectory: "generated")
        #expect(paths.fromOutput("data/test") == "../data/test")
        #expect(paths.fromOutput("infrastructure/influxdb/init-influxdb.sh") == "../infrastructure/influxdb/init-influxdb.sh")
        #expect(paths.fromOutput("/var/lib/x") == "/var/lib/x")
        #expect(paths.fromOutput("generated/env.test") == "./env.test")
        #expect(PathMapping(outputDirectory: "out/deep").fromOutput("data") == "../../data")
        #expect(PathMapping(outputDirectory: "./generated/").fromOutput("./data/./test") == "../data/test")
    }

    /// `/` followed by a combining mark is one Swift Character: a path is split on its bytes, as the
    /// kernel does, or an absolute path goes out relative and `..` folds the wrong folder.
    @Test("a '/' followed by a combining mark is still a separator")
    func combiningMarkAfterSlash() {
        let paths = PathMapping(outputDirectory: "generated")
        #expect(paths.fromOutput("/\u{301}x") == "/\u{301}x")
        #expect(paths.fromOutput("x/\u{301}/../y") == "../x/y")
        #expect(paths.fromOutput("x/\u{301}y/z") == "../x/\u{301}y/z")
        #expect(PathMapping.components("a/\u{301}/b") == ["a", "\u{301}", "b"])
    }

    /// Compose resolves a relative path from the compose file's folder: following each written path
    /// from `generated/` must land on the path the stack means, and the files the stack ships must exist.
    @Test("every relative path in the HomeIQ compose files points where it means to from generated/")
    func homeIQPathsResolveFromGenerated() throws {
        let root = PackageRoot.url()
        let compilation = Compiler().compile(HomeIQ.stack)
        #expect(!compilation.hasErrors)
        var checked = 0
        for deployment in compilation.deployments {
            for service in deployment.services {
                for mount in service.mounts {
                    guard case .bind(let path) = mount.source else { continue }
                    let written = PathMapping(outputDirectory: "generated").fromOutput(path)
                    let followed = root.appendingPathComponent("generated").appendingPathComponent(written).standardizedFileURL
                    #expect(followed.path == root.appendingPathComponent(path).standardizedFileURL.path, "\(service.name): \(written)")
                    if path.hasPrefix("infrastructure/") {
                        #expect(FileManager.default.fileExists(atPath: followed.path), "\(service.name) mounts \(path), which does not exist")
                    }
                    let composeFile = try String(
                        contentsOf: root.appendingPathComponent("generated/\(OutputNames.compose(deployment.mode))"), encoding: .utf8)
                    #expect(composeFile.contains("- \(written):\(mount.target)"), "\(written) not in the generated file")
                    checked += 1
                }
            }
        }
        #expect(checked > 5)
    }
}
