import Foundation

/// The seed of a randomised test: the one an environment variable names (to replay a failure), else
/// one derived from the commit under test, else a random one.
///
/// Deriving it from the commit gives every commit new cases while keeping a commit's run
/// reproducible: a rehearsal of a commit on a fresh clone runs the very cases its CI run will.
public enum RunSeed {
    /// The seed in `1...upperBound`, and where it came from (`HOMEIQ_FUZZ_SEED`, `commit 1a2b3c4d`, `random`).
    public static func value(environmentVariable: String, upperBound: UInt64) -> (seed: UInt64, source: String) {
        precondition(upperBound >= 1)
        if let text = ProcessInfo.processInfo.environment[environmentVariable], let seed = UInt64(text) {
            return (seed, environmentVariable)
        }
        if let commit = headCommit() {
            return (fnv1a(commit) % upperBound + 1, "commit \(commit.prefix(12))")
        }
        return (UInt64.random(in: 1...upperBound), "random")
    }

    /// The commit the package root is checked out at, or nil outside a git checkout.
    public static func headCommit() -> String? {
        let root = PackageRoot.url()
        guard
            let result = try? Run.process(
                URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", root.path, "rev-parse", "HEAD"],
                environment: ProcessInfo.processInfo.environment),
            result.status == 0
        else { return nil }
        let commit = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.count == 40 && commit.allSatisfy(\.isHexDigit) ? commit : nil
    }

    /// 64-bit FNV-1a of the text's UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
