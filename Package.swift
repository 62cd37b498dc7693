// swift-tools-version: 6.0
// homeiq-gen: a declarative deployment compiler for the HomeIQ stack.
// No package dependencies, by design: Foundation, XCTest and Swift Testing only.
import PackageDescription

let package = Package(
    name: "homeiq-gen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "homeiq-gen", targets: ["homeiq-gen"]),
        .executable(name: "homeiq-bench", targets: ["homeiq-bench"]),
        .library(name: "DeployModel", targets: ["DeployModel"]),
    ],
    targets: [
        // The authoring DSL: result builders, components, source locations.
        .target(name: "DeployModel"),
        // Text formats: YAML emitter, dotenv writer, SHA-256, generated-file headers.
        .target(name: "DeployRender", dependencies: ["CSHA256"]),
        // SHA-256's block function on the processor's SHA extensions (C: Swift cannot reach the intrinsics).
        .target(name: "CSHA256"),
        // Reading compose YAML: a node tree with line and column, for `lint` and `import`.
        .target(name: "DeployRead"),
        // `lint`: compose YAML translated into the DSL's Stack (locations at YAML lines), judged by the same rules.
        .target(name: "DeployLint", dependencies: ["DeployRead", "DeployModel", "DeployCompiler"]),
        // Stages: resolve (Stack -> ResolvedDeployment per mode), rules, emit, pipeline.
        .target(name: "DeployCompiler", dependencies: ["DeployModel", "DeployRender"]),
        // The HomeIQ stack itself, written in the DSL.
        .target(name: "HomeIQDeployments", dependencies: ["DeployModel"], path: "Deployments"),
        // The command line: argument parsing, I/O, exit codes (testable in-process).
        .target(name: "GenCLI", dependencies: ["DeployCompiler", "DeployLint", "DeployRead", "HomeIQDeployments"]),
        .executableTarget(name: "homeiq-gen", dependencies: ["GenCLI"]),
        .executableTarget(name: "homeiq-bench", dependencies: ["DeployCompiler", "DeployModel", "DeployRead"]),

        // Shared test helpers: locating the validator Python, the package root, the built tools.
        .target(name: "TestSupport", path: "Tests/Support"),

        .testTarget(name: "DeployModelTests", dependencies: ["TestSupport", "DeployModel"]),
        .testTarget(name: "DeployRenderTests", dependencies: ["TestSupport", "DeployRender"]),
        .testTarget(
            name: "DeployCompilerTests", dependencies: ["TestSupport", "DeployCompiler", "DeployModel", "DeployRender", "HomeIQDeployments"]),
        .testTarget(name: "RulesTests", dependencies: ["TestSupport", "DeployCompiler", "DeployModel"]),
        .testTarget(name: "GenCLITests", dependencies: ["TestSupport", "GenCLI", "DeployCompiler", "DeployRender"]),
        .testTarget(
            name: "ConformanceTests", dependencies: ["TestSupport", "GenCLI", "DeployCompiler", "HomeIQDeployments"],
            exclude: ["Schema"]),
        .testTarget(name: "DeployReadTests", dependencies: ["TestSupport", "DeployRead"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DeployLintTests", dependencies: ["TestSupport", "DeployLint", "DeployRead", "DeployCompiler", "DeployModel", "GenCLI"],
            exclude: ["Fixtures"]),
        .testTarget(name: "ScriptTests", dependencies: ["TestSupport", "DeployRender", "DeployCompiler", "HomeIQDeployments"]),
    ],
    swiftLanguageModes: [.v6]
)
