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

    /// The general mapping, component by component (what `fromOutput` did for every path before its shortcut for plain ones).
    private func referenceMapping(_ path: String, from outputDirectory: String) -> String {
        if let first = path.utf8.first, [UInt8(ascii: "/"), UInt8(ascii: "$"), UInt8(ascii: "~")].contains(first) { return path }
        let outputParts = PathMapping.components(outputDirectory)
        let targetParts = PathMapping.components(path)
        var common = 0
        while common < outputParts.count, common < targetParts.count, outputParts[common] == targetParts[common] { common += 1 }
        let joined = (Array(repeating: "..", count: outputParts.count - common) + targetParts[common...]).joined(separator: "/")
        if joined.isEmpty { return "." }
        return joined.hasPrefix("..") ? joined : "./" + joined
    }

    @Test("plain paths take a shortcut that writes what the component-by-component mapping writes")
    func shortcutMatchesTheGeneralMapping() {
        let outputs = ["generated", "out/deep", "./generated/", "../out", ".", "", "gen\u{301}", "K", "\u{212A}", "data"]
        let paths = [
            "data/production", "data/test/svc-00005-core", "generated/env.test", "generated", "generatedx/y", "data", "data/", "data//x",
            "./data", "data/./x", "data/../x", "../x", "..", ".", "...", ".../x", "..x/y", ".hidden/x", "x/..", "x/.", "x/...", "K/x",
            "\u{212A}/x", "gen\u{301}/x", "ge\u{301}n/x", "/abs", "$HOME/x", "~/x", "", "a b/c", "out/deep/x", "out/x", "out",
        ]
        for output in outputs {
            let mapping = PathMapping(outputDirectory: output)
            for path in paths {
                #expect(mapping.fromOutput(path) == referenceMapping(path, from: output), "\(output) -> \(path)")
            }
        }
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
