import DeployCompiler
import DeployModel
import Testing

/// `files.exist` against a stand-in file system, and `isolation.env-file`.
@Suite("Host files and env file isolation", .exactFindings)
struct HostFilesRulesTests {
    /// A package root holding exactly `files` (relative paths; their folders exist too).
    static func hostFiles(_ files: [String]) -> HostFiles {
        var kinds: [String: HostFiles.Kind] = [:]
        for file in files {
            kinds[file] = .file
            var parts = file.split(separator: "/").dropLast()
            while !parts.isEmpty {
                kinds[parts.joined(separator: "/")] = .directory
                parts = parts.dropLast()
            }
        }
        let known = kinds
        return HostFiles(root: "/repo") { known[$0] }
    }

    static func findings(_ stack: Stack, files: [String]) -> [String] {
        findingLines(of: stack, by: Compiler(hostFiles: hostFiles(files)))
    }

    @Test("files.exist: missing bind source, env file, build context and Dockerfile, each at its line; data folders and absolute paths exempt")
    func missingFiles() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Build(context: "services/worker", dockerfile: "Dockerfile.prod")  // @dockerfile
                Healthcheck(["CMD", "true"])
                Mount(bind: "infrastructure/worker/init.sh", at: "/init.sh", readOnly: true)  // @bind
                Mount(bind: "infrastructure/present.conf", at: "/present.conf", readOnly: true)
                Mount(test: "data/test/worker", production: "data/production/worker", at: "/state")
                Mount(bind: "/dev/shm", at: "/host-shm", readOnly: true)
                InTest {
                    EnvFile("config/worker.env")  // @env-file
                    EnvFile("config")  // @env-folder
                }
            }
            CoreService("builder") {
                Build(context: "services/missing")  // @context
                Healthcheck(["CMD", "true"])
            }
        })
        let files = ["infrastructure/present.conf", "services/worker/Dockerfile", "config/other.env"]
        #expect(
            Self.findings(stack, files: files) == [
                "error files.exist \(line(marked: "dockerfile")) test and production: Dockerfile 'services/worker/Dockerfile.prod' of service 'worker' does not exist in the repository",
                "error files.exist \(line(marked: "bind")) test and production: bind-mount source 'infrastructure/worker/init.sh' of service 'worker' does not exist in the repository",
                "error files.exist \(line(marked: "env-file")) test: env file 'config/worker.env' of service 'worker' does not exist in the repository",
                "error files.exist \(line(marked: "env-folder")) test: env file 'config' of service 'worker' is a folder, not a file in the repository",
                "error files.exist \(line(marked: "context")) test and production: build context 'services/missing' of service 'builder' does not exist in the repository",
            ])
    }

    @Test("files.exist: without a package root (library use) nothing is looked up")
    func noRoot() {
        let stack = validStack(service: { Mount(bind: "nowhere/at-all", at: "/x", readOnly: true) })
        #expect(diagnostics(of: stack).filter { $0.ruleID == "files.exist" }.isEmpty)
    }

    @Test("isolation.env-file: an env file read by both modes, however spelled")
    func sharedEnvFile() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Healthcheck(["CMD", "true"])
                InTest { EnvFile("./config/app.env") }  // @shared-test
                InProduction { EnvFile("config/app.env") }
            }
            CoreService("fine") {
                Image("example/fine:1.0.0")
                Healthcheck(["CMD", "true"])
                InTest { EnvFile("config/fine.test.env") }
                InProduction { EnvFile("config/fine.production.env") }
            }
        })
        #expect(
            Self.findings(stack, files: ["config/app.env", "config/fine.test.env", "config/fine.production.env"]) == [
                "error isolation.env-file \(line(marked: "shared-test")) env file 'config/app.env' is read by both test and production (service 'worker')"
            ])
    }
}
