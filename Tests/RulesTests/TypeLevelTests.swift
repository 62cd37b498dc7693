import Foundation
import TestSupport
import Testing

/// The compile-time guarantee: a mode-only block refuses services whose role may not run in that mode.
///
/// Each case writes a small Swift file and type-checks it with `swiftc` against the `DeployModel`
/// module this test run was built with, expecting failure (with the compiler's reason, at the
/// service's line) for the bad snippets and success for the good one. The runtime rules
/// (`mode.production-purity`, `mode.test-external-api`) remain the backstop for `RunsIn`.
@Suite("Type-level guarantees")
struct TypeLevelTests {
    /// `swiftc` and the folder holding `DeployModel.swiftmodule`.
    struct TypeChecker {
        var swiftc: URL
        var modules: URL

        /// `$HOMEIQ_MODULES_DIR`, else the first `Modules/DeployModel.swiftmodule` above the running test binary.
        static func locateModules() -> URL? {
            let fileManager = FileManager.default
            if let path = ProcessInfo.processInfo.environment["HOMEIQ_MODULES_DIR"], !path.isEmpty {
                return URL(fileURLWithPath: path)
            }
            var candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")]
                .compactMap { $0?.deletingLastPathComponent() }
            candidates += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            for start in candidates {
                var folder = start.standardizedFileURL
                for _ in 0..<6 {
                    let modules = folder.appendingPathComponent("Modules")
                    if fileManager.fileExists(atPath: modules.appendingPathComponent("DeployModel.swiftmodule").path) { return modules }
                    if fileManager.fileExists(atPath: folder.appendingPathComponent("DeployModel.swiftmodule").path) { return folder }
                    let parent = folder.deletingLastPathComponent()
                    if parent.path == folder.path { break }
                    folder = parent
                }
            }
            return nil
        }

        static var availableOrCI: Bool {
            CI.isCI || (Requirement.locate("swiftc", environmentVariable: "HOMEIQ_SWIFTC") != nil && locateModules() != nil)
        }

        /// The checker, or nil after recording a failure on CI.
        static func require(sourceLocation: SourceLocation = #_sourceLocation) -> TypeChecker? {
            guard let swiftc = Requirement.tool("swiftc", environmentVariable: "HOMEIQ_SWIFTC", sourceLocation: sourceLocation) else { return nil }
            guard
                let modules = Requirement.require(
                    locateModules(),
                    what: "The built DeployModel module (Modules/DeployModel.swiftmodule next to the test binary, or $HOMEIQ_MODULES_DIR)",
                    onCI: CI.isCI, sourceLocation: sourceLocation)
            else { return nil }
            return TypeChecker(swiftc: swiftc, modules: modules)
        }

        /// Type-checks `source` as `Snippet.swift` importing `DeployModel`.
        func typecheck(_ source: String) throws -> ProcessResult {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-typelevel-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("Snippet.swift")
            try source.write(to: file, atomically: true, encoding: .utf8)
            return try Run.process(
                swiftc,
                [
                    "-typecheck", "-swift-version", "6", "-I", modules.path,
                    "-module-cache-path", folder.appendingPathComponent("ModuleCache").path, file.path,
                ])
        }
    }

    /// The compiler's complaint when no `buildExpression` of the block accepts the service.
    static let noMatch = "no exact matches in call to static method 'buildExpression'"

    /// The 1-based line of `source` that contains `marker`.
    private func line(of marker: String, in source: String) -> Int {
        (source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(marker) } ?? -1) + 1
    }

    /// Expects `source` not to compile, with an error at the line holding `marker` that mentions every one of `reasons`.
    private func expectRefused(
        _ source: String, at marker: String, reasons: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard let checker = TypeChecker.require(sourceLocation: sourceLocation) else { return }
        let result = try checker.typecheck(source)
        let output = result.stderr + result.stdout
        #expect(result.status != 0, "the snippet compiled, but must not:\n\(source)", sourceLocation: sourceLocation)
        #expect(
            output.contains("Snippet.swift:\(line(of: marker, in: source)):"), "no error at the marked line:\n\(output)",
            sourceLocation: sourceLocation)
        for reason in reasons {
            #expect(output.contains(reason), "expected '\(reason)' in:\n\(output)", sourceLocation: sourceLocation)
        }
    }

    @Test(
        "ProductionOnly { CoreService, ExternalAPIService, AIService, Volume } compiles, as does TestOnly with test roles",
        .enabled(if: TypeChecker.availableOrCI, "needs swiftc and the built DeployModel module"))
    func permittedRolesCompile() throws {
        guard let checker = TypeChecker.require() else { return }
        let source = """
            import DeployModel
            let stack = Stack("demo") {
                ProductionOnly {
                    CoreService("data-api") { Image("example/data-api:1.0.0") }
                    ExternalAPIService("weather-api") { Image("example/weather:1.0.0") }
                    AIService("ai-core") { Image("example/ai:1.0.0") }
                    Volume("cache")
                    Network("extra")
                }
                TestOnly {
                    DataGenerator("synthetic") { Image("example/synthetic:1.0.0") }
                    TestFixture("home-assistant-test") { Image("example/ha:1.0.0") }
                    CoreService("influxdb-test") { Image("influxdb:2.7.11") }
                    if Bool.random() { AIService("ai-extra") { Image("example/ai:1.0.0") } }
                }
            }
            """
        let result = try checker.typecheck(source)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(
        "ProductionOnly { DataGenerator } does not compile",
        .enabled(if: TypeChecker.availableOrCI, "needs swiftc and the built DeployModel module"))
    func dataGeneratorInProductionOnly() throws {
        try expectRefused(
            """
            import DeployModel
            let stack = Stack("demo") {
                ProductionOnly {
                    DataGenerator("synthetic") { // refused
                        Image("example/synthetic:1.0.0")
                    }
                }
            }
            """, at: "// refused", reasons: [Self.noMatch, "'DataGenerationRole' conform to 'ProductionRole'"])
    }

    @Test(
        "ProductionOnly { TestFixture } does not compile, not even behind an if",
        .enabled(if: TypeChecker.availableOrCI, "needs swiftc and the built DeployModel module"))
    func testFixtureInProductionOnly() throws {
        try expectRefused(
            """
            import DeployModel
            let withSeeder = Bool.random()
            let stack = Stack("demo") {
                ProductionOnly {
                    if withSeeder {
                        TestFixture("test-data-seeder") { Image("example/seeder:1.0.0") } // refused
                    }
                }
            }
            """, at: "// refused", reasons: [Self.noMatch, "'TestFixtureRole' conform to 'ProductionRole'"])
    }

    @Test(
        "TestOnly { ExternalAPIService } does not compile",
        .enabled(if: TypeChecker.availableOrCI, "needs swiftc and the built DeployModel module"))
    func externalAPIInTestOnly() throws {
        try expectRefused(
            """
            import DeployModel
            let stack = Stack("demo") {
                TestOnly {
                    ExternalAPIService("weather-api") { // refused
                        Image("example/weather:1.0.0")
                    }
                }
            }
            """, at: "// refused", reasons: [Self.noMatch, "'ExternalAPIRole' conform to 'TestRole'"])
    }

    @Test(
        "a StackGroup cannot smuggle a data generator into ProductionOnly",
        .enabled(if: TypeChecker.availableOrCI, "needs swiftc and the built DeployModel module"))
    func groupCannotSmuggle() throws {
        try expectRefused(
            """
            import DeployModel
            let stack = Stack("demo") {
                ProductionOnly {
                    StackGroup { // refused
                        DataGenerator("synthetic") { Image("example/synthetic:1.0.0") }
                    }
                }
            }
            """, at: "// refused", reasons: ["cannot convert value of type 'StackGroup'"])
    }
}
