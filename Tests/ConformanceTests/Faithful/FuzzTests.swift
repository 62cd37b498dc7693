import DeployCompiler
import DeployModel
import Foundation
import TestSupport
import Testing

/// Seeded fuzzing of the whole path from the DSL to Compose: random strings in every string field,
/// and random value trees (literals, variables with defaults, secrets with messages, per-mode
/// choices, joins) in environment variables and env-file entries. Each case reads back exactly
/// through PyYAML, python-dotenv and Docker Compose v2's `config`, or is refused at its line.
///
/// A run takes its seed from `HOMEIQ_FUZZ_SEED`, else from the commit under test (`RunSeed`: every
/// commit fuzzes new cases, and a rehearsal of a commit runs the cases its CI run will); the seed is
/// in the summary line and in every failure, with the command that replays it. `HOMEIQ_FUZZ_CASES` sets the number of cases
/// (10,000 by default).
@Suite("Faithful output: seeded fuzzing against PyYAML, python-dotenv and Compose v2", .serialized)
struct FuzzTests {
    @Test(
        "random values in random fields, and random value trees, read back exactly or are refused at their line",
        .enabled(
            if: Requirement.pythonAvailableOrCI && Requirement.composeAvailableOrCI,
            "needs the validator Python and Docker Compose v2: run scripts/test.sh"))
    func fuzz() throws {
        guard let python = Requirement.python(), let compose = Requirement.compose() else { return }
        let environment = ProcessInfo.processInfo.environment
        let (seed, source) = RunSeed.value(environmentVariable: "HOMEIQ_FUZZ_SEED", upperBound: UInt64(UInt32.max))
        let count = environment["HOMEIQ_FUZZ_CASES"].flatMap { Int($0) } ?? 10_000
        var fuzzer = Fuzzer(seed: seed)
        let cases = (0..<count).map { _ in fuzzer.next() }
        let start = Date()
        let result = try Differential(readBack: ReadBack(python: python, compose: compose)).run(cases) {
            "\($0.field.path) = \(DifferentialTests.visible($0.value, limit: 600))"
        }
        let replay = "replay: HOMEIQ_FUZZ_SEED=\(seed) HOMEIQ_FUZZ_CASES=\(count) swift test --filter FuzzTests"
        let summary =
            "fuzz seed \(seed) (from \(source)): \(count) cases: \(result.exact) exact, \(result.refused) refused, \(result.changed.count) changed "
            + "(\(result.composeCalls) compose files, \(Int(Date().timeIntervalSince(start))) s)"
        print(summary)
        for line in result.changed.prefix(100) { print("changed: \(line)") }
        #expect(result.exact + result.refused + result.changed.count == cases.count, "\(summary); \(replay)")
        #expect(result.exact > count / 4, "too few cases reached the readers: \(summary); \(replay)")
        #expect(result.changed.isEmpty, "\(summary)\n\(replay)\n\(result.changed.prefix(30).joined(separator: "\n"))")
    }

    @Test(
        "the cases of seeds that once found a change read back exactly or are refused at their line",
        .enabled(
            if: Requirement.pythonAvailableOrCI && Requirement.composeAvailableOrCI,
            "needs the validator Python and Docker Compose v2: run scripts/test.sh"),
        arguments: FuzzRegression.all)
    func regression(_ regression: FuzzRegression) throws {
        guard let python = Requirement.python(), let compose = Requirement.compose() else { return }
        var fuzzer = Fuzzer(seed: regression.seed)
        let drawn = (0...regression.cases.max()!).map { _ in fuzzer.next() }
        let cases = regression.cases.map { drawn[$0] }
        #expect(cases.map(\.field.path) == regression.fields, "the fuzzer no longer draws these cases from seed \(regression.seed)")
        let result = try Differential(readBack: ReadBack(python: python, compose: compose)).run(cases) {
            "\($0.field.path) = \(DifferentialTests.visible($0.value, limit: 600))"
        }
        #expect(result.exact + result.refused == cases.count)
        #expect(result.changed.isEmpty, "seed \(regression.seed): \(result.changed.joined(separator: "\n"))")
    }
}

/// The cases of a seed that once found a change: replayed on every run (the cases alone, not the
/// whole seed), with the fields they were drawn in, so that a change to the fuzzer that draws other
/// cases from the seed is noticed.
struct FuzzRegression: Sendable, CustomTestStringConvertible {
    var seed: UInt64
    var cases: [Int]
    var fields: [String]
    var found: String

    var testDescription: String { "seed \(seed): \(found)" }

    static let all = [
        FuzzRegression(
            seed: 3_291_603_307, cases: [1210, 4445, 5155],
            fields: ["build.arguments{key}", "build.arguments{key}", "build.arguments{key}"],
            found: "Compose's schema refused the build argument key '\\n' (now refused at its line)"),
        FuzzRegression(
            seed: 1_351_416_966, cases: [186, 308], fields: ["stack.envFileEntry.key", "value.variable.0"],
            found: "an env-file entry of one case set the variable that another case in the same compose file read "
                + "(a harness fault: batches now keep such cases apart)"),
        FuzzRegression(
            seed: 22, cases: [351], fields: ["envFile"],
            found: "the env file 'env/.' is the folder 'env': Compose failed to read it (files.exist refuses it at its line; "
                + "the harness now compiles a case with host files as on a checkout holding them)"),
        FuzzRegression(
            seed: 3_739_124_837, cases: [9777], fields: ["mount.source.bind.test"],
            found: "the bind source '${\\u{301}7  +1': '{' and a combining mark are one Character, so the unclosed '${' was "
                + "missed and Compose found no mount target (now checked on scalars, refused at its line)"),
    ]
}

/// Draws fuzz cases from a seed.
struct Fuzzer {
    var strings: RandomStrings

    /// Pieces that break interpolation, beside `RandomStrings.pieces`.
    static let interpolationPieces = [
        "$", "$$", "$$$", "${", "${X", "${X}", "${X:-", "${X:-d}", "${X:?m}", ":-", ":?", "}", "$(", "$(id)", "$1", "$\u{FE0F}",
        "$\u{200D}", "$\u{301}", "\\$", "$\\", "'$'", "\"$\"",
    ]

    /// Unset variables (their defaults apply) and a secret the deploy environment sets.
    static let unsetVariables = ["FUZZ_UNSET_A", "FUZZ_UNSET_B"]
    static let secretName = "FUZZ_SECRET"

    /// The fields a random string goes into: every field of a service scope (a stack-wide field needs
    /// a compose file per value, too slow for thousands of cases; a cluster field its own batches,
    /// left out so that the seeds of `FuzzRegression` keep drawing the cases they found).
    static let fields = StringFields.all.filter { $0.batching == .shared }

    init(seed: UInt64) {
        strings = RandomStrings(seed: seed, extraPieces: Self.interpolationPieces)
    }

    mutating func next() -> FieldCase {
        switch strings.int(10) {
        case 0, 1: return valueTree(inEnvFile: false)
        case 2: return valueTree(inEnvFile: true)
        default:
            let field = strings.pick(Self.fields)
            var value = strings.next()
            if field.isName && value.utf8.count > 200 { value = String(value.prefix(200)) }
            return FieldCase(field: field, value: value)
        }
    }

    /// A random `Value` in an environment variable (or an env-file entry that one refers to), with
    /// what Compose must read in each mode, worked out here from the meaning of each form.
    mutating func valueTree(inEnvFile: Bool) -> FieldCase {
        let value = self.value(depth: 0)
        let description = String(describing: value)
        let field = StringField(path: inEnvFile ? "fuzz: env-file entry" : "fuzz: environment value") { _, s in
            var placement = Self.placement(value, service: s, inEnvFile: inEnvFile, environment: [Self.secretName: secretValue])
            placement.textByMode = Dictionary(uniqueKeysWithValues: Mode.allCases.map { ($0, Self.meaning(value, in: $0)) })
            return placement
        }
        return FieldCase(field: field, value: description)
    }

    private static func placement(_ value: Value, service s: String, inEnvFile: Bool, environment: [String: String]) -> Placement {
        let path: [PathStep] = [.key("services"), .key(s), .key("environment"), .key("VALUE")]
        if inEnvFile {
            let key = "E_" + s
            return Placement(
                service: [ServiceElement(.environment(key: "VALUE", value: .variable(key, default: nil)), file: #filePath, line: #line, column: 1)],
                stack: [StackElement(.envFileEntry(key: key, value: value), at: SourceLocation(file: #filePath, line: #line, column: 1))],
                compose: .init(path: path, text: nil), dotenv: .init(path: [.key(key)], text: nil), composeEnvironment: environment)
        }
        return Placement(
            service: [ServiceElement(.environment(key: "VALUE", value: value), file: #filePath, line: #line, column: 1)],
            compose: .init(path: path, text: nil), composeEnvironment: environment)
    }

    /// What Compose reads for `value` in `mode`: literals as written, unset variables as their
    /// default (or empty), the secret as the deploy environment's value.
    static func meaning(_ value: Value, in mode: Mode) -> String {
        switch value {
        case .literal(let text): text
        case .perMode(let test, let production): meaning(mode == .test ? test : production, in: mode)
        case .secret: secretValue
        case .variable(_, let fallback): fallback ?? ""
        case .joined(let parts): parts.map { meaning($0, in: mode) }.joined()
        case .derived, .serviceURL: preconditionFailure("not drawn")
        }
    }

    mutating func value(depth: Int) -> Value {
        switch strings.int(depth >= 2 ? 4 : 7) {
        case 0, 1: .literal(strings.next())
        case 2: .variable(strings.pick(Self.unsetVariables), default: strings.int(4) == 0 ? nil : strings.next())
        case 3: .secret(Self.secretName, message: strings.int(3) == 0 ? nil : strings.next())
        case 4, 5: .joined((0..<(2 + strings.int(2))).map { _ in value(depth: depth + 1) })
        default: .perMode(test: value(depth: depth + 1), production: value(depth: depth + 1))
        }
    }
}
