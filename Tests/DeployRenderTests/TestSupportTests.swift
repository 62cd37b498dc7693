import Foundation
import TestSupport
import Testing

@Suite("Test support")
struct TestSupportTests {
    @Test("the package root contains Package.swift and this test file")
    func packageRoot() {
        let root = PackageRoot.url()
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Tests/DeployRenderTests/TestSupportTests.swift").path))
    }

    @Test("large output on both streams and large input do not deadlock")
    func largeOutput() throws {
        let sh = URL(fileURLWithPath: "/bin/sh")
        let script = "head -c 3000000 /dev/zero | tr '\\0' o; head -c 3000000 /dev/zero | tr '\\0' e >&2; wc -c; exit 7"
        let input = Data(repeating: UInt8(ascii: "i"), count: 2_000_000)
        let result = try Run.process(sh, ["-c", script], stdin: input)
        #expect(result.status == 7)
        #expect(result.stdout.utf8.count == 3_000_000 + "2000000\n".utf8.count)
        #expect(result.stdout.hasSuffix("2000000\n"))
        #expect(result.stderr.utf8.count == 3_000_000)
    }

    @Test("arguments, environment and working directory are passed")
    func processSettings() throws {
        let folder = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let result = try Run.process(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '%s|%s|%s' \"$1\" \"$HOMEIQ_PROBE\" \"$(pwd)\"", "sh", "a b"],
            environment: ["HOMEIQ_PROBE": "probe", "PATH": "/usr/bin:/bin"], currentDirectory: folder
        )
        #expect(result.status == 0)
        #expect(result.stdout == "a b|probe|\(folder.path)")
    }

    @Test("a child that ignores its input still finishes")
    func ignoredInput() throws {
        let result = try Run.process(URL(fileURLWithPath: "/bin/sh"), ["-c", "exit 0"], stdin: Data(count: 5_000_000))
        #expect(result.status == 0)
    }

    @Test("a missing requirement fails on CI with the standard message")
    func missingOnCI() {
        withKnownIssue("the failure CI must record") {
            let found: URL? = Requirement.require(nil, what: "The tool `nothing`", onCI: true)
            #expect(found == nil)
        } matching: { issue in
            issue.comments.contains { $0.rawValue == "The tool `nothing` is missing: run scripts/test.sh, which installs it" }
        }
    }

    @Test("a missing requirement records nothing off CI, and a present one is returned")
    func missingOffCI() {
        let missing: URL? = Requirement.require(nil, what: "The tool `nothing`", onCI: false)
        #expect(missing == nil)
        let present = Requirement.require(URL(fileURLWithPath: "/bin/sh"), what: "sh", onCI: true)
        #expect(present == URL(fileURLWithPath: "/bin/sh"))
    }

    @Test("tools are found on PATH, not when missing")
    func locate() {
        #expect(Requirement.locate("sh") != nil)
        #expect(Requirement.locate("homeiq-no-such-tool-\(UUID().uuidString)") == nil)
    }

    @Test(
        "the validator Python imports the validators",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh")
    )
    func validatorPython() throws {
        guard let python = Requirement.python() else { return }
        let result = try python.run(
            "import sys, yaml, dotenv; print(sys.argv[1], sys.stdin.read(), yaml.safe_load(\"a: 22:22\")[\"a\"])",
            arguments: ["argument"], stdin: Data("é".utf8)
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "argument é 1342\n")  // YAML 1.1 base 60: 22 * 60 + 22
    }

    @Test("seeded generators repeat their sequence")
    func seeded() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        var other = SeededGenerator(seed: 43)
        let a = (0..<5).map { _ in first.next() }
        #expect(a == (0..<5).map { _ in second.next() })
        #expect(a != (0..<5).map { _ in other.next() })
    }

    @Test("a randomised test's seed: the named one, else FNV-1a of the commit under test (the same for every run of it)")
    func runSeed() {
        #expect(RunSeed.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(RunSeed.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        let first = RunSeed.value(environmentVariable: "HOMEIQ_NO_SUCH_SEED", upperBound: 1000)
        let second = RunSeed.value(environmentVariable: "HOMEIQ_NO_SUCH_SEED", upperBound: 1000)
        #expect((1...1000).contains(first.seed))
        if let commit = RunSeed.headCommit() {
            #expect(first.source == "commit \(commit.prefix(12))")
            #expect(first.seed == second.seed)
            #expect(first.seed == RunSeed.fnv1a(commit) % 1000 + 1)
        } else {
            #expect(!CI.isCI, "CI tests a git checkout: its commit must give the seed")
            #expect(first.source == "random")
        }
    }
}
