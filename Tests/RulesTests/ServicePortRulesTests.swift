import DeployCompiler
import DeployModel
import Testing

/// `graph.service-port`, `health.probe-port` and the floating tags of `images.pinned`.
@Suite("Service ports and floating tags", .exactFindings)
struct ServicePortRulesTests {
    @Test("graph.service-port: .url(of:port:), a literal URL and an env file entry naming a port the service does not listen on")
    func urlPorts() {
        let stack = validStack(extra: {
            EnvFileEntry("API_URL", "http://api:9999/health")  // @env-file-url
            CoreService("caller") {
                Image("example/caller:1.0.0")
                Healthcheck(["CMD", "true"])
                Env("GOOD_URL", .url(of: "api", port: 8006))
                Env("BAD_URL", .url(of: "api", port: 8023))  // @dsl-url
                Env("LITERAL_URL", "postgres://x@api:5432/db and ws://api/socket")  // @literal-url
                Env("OUTSIDE_URL", "https://example.com:8443/")
            }
        })
        #expect(
            findingLines(of: stack) == [
                "error graph.service-port \(line(marked: "env-file-url")) test and production: env file entry API_URL is a URL of 'api' that names port 9999, but 'api' listens on 8006",
                "error graph.service-port \(line(marked: "dsl-url")) test and production: service 'caller' sets BAD_URL to a URL of 'api' that names port 8023, but 'api' listens on 8006",
                "error graph.service-port \(line(marked: "literal-url")) test and production: service 'caller' sets LITERAL_URL to a URL of 'api' that names port 5432, but 'api' listens on 8006",
                "error graph.service-port \(line(marked: "literal-url")) test and production: service 'caller' sets LITERAL_URL to a URL of 'api' that names port 80 (the ws default), but 'api' listens on 8006",
            ])
    }

    @Test("graph.service-port: an Expose port and the container side of a Port both count; the host side does not")
    func exposeAndContainerPorts() {
        let passing = validStack(extra: {
            CoreService("device-helper") {
                Image("example/helper:1.0.0")
                Port(18023, container: 8023)
                Expose(9100)
                Healthcheck.http(port: 8023)
            }
            CoreService("caller") {
                Image("example/caller:1.0.0")
                Healthcheck(["CMD", "true"])
                Env("HELPER_URL", .url(of: "device-helper", port: 8023))
                Env("METRICS_URL", .url(of: "device-helper", port: 9100))
            }
        })
        #expect(findingLines(of: passing) == [])

        let hostPort = validStack(extra: {
            CoreService("device-helper") {
                Image("example/helper:1.0.0")
                Port(18023, container: 8023)
                Healthcheck.http(port: 8023)
            }
            CoreService("caller") {
                Image("example/caller:1.0.0")
                Healthcheck(["CMD", "true"])
                Env("HELPER_URL", .url(of: "device-helper", port: 18023))  // @host-port
            }
        })
        #expect(
            findingLines(of: hostPort) == [
                "error graph.service-port \(line(marked: "host-port")) test and production: service 'caller' sets HELPER_URL to a URL of 'device-helper' that names port 18023, but 'device-helper' listens on 8023"
            ])
    }

    @Test("health.probe-port: an HTTP health check probing another service's port, and the http default port")
    func probePort() {
        let stack = validStack(extra: {
            CoreService("worker") {
                Image("example/worker:1.0.0")
                Port(8030)
                Healthcheck.http(port: 8006)  // @other-port
            }
            CoreService("ui") {
                Image("example/ui:1.0.0")
                Port(3000, container: 8080)
                Healthcheck(["CMD", "wget", "-q", "--spider", "http://localhost/"])  // @default-port
            }
            CoreService("fine") {
                Image("example/fine:1.0.0")
                Port(3001, container: 80)
                Healthcheck(["CMD-SHELL", "curl -fsS http://127.0.0.1/health || exit 1"])
            }
        })
        #expect(
            findingLines(of: stack) == [
                "error health.probe-port \(line(marked: "other-port")) test and production: service 'worker' health check probes port 8006, but the service listens on 8030",
                "error health.probe-port \(line(marked: "default-port")) test and production: service 'ui' health check probes port 80, but the service listens on 8080",
            ])
    }

    @Test(
        "images.pinned: every floating tag is refused, in any case; versions and digests pass",
        arguments: [
            "latest", "stable", "edge", "main", "master", "nightly", "dev", "beta", "rolling", "Stable",
        ])
    func floatingTags(tag: String) {
        let stack = validStack(extra: {
            CoreService("web") {
                Image("example/api:\(tag)")  // @floating
                Healthcheck(["CMD", "true"])
            }
        })
        #expect(
            findingLines(of: stack) == [
                "error images.pinned \(line(marked: "floating")) test and production: service 'web' uses image 'example/api:\(tag)', whose tag '\(tag)' changes under you"
            ])
    }

    @Test("images.pinned: version tags that merely contain a floating word pass, and so do digests")
    func versionTagsPass() {
        for reference in [
            "example/api:1.0.0-beta.2", "example/api:stable-2.4", "example/dev:1.0.0",
            "example/api@sha256:" + String(repeating: "a", count: 64),
        ] {
            let stack = validStack(extra: {
                CoreService("web") {
                    Image(reference)
                    Healthcheck(["CMD", "true"])
                }
            })
            #expect(findingLines(of: stack) == [], "\(reference)")
        }
    }
}
