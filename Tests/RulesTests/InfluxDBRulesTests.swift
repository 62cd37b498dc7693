import DeployCompiler
import DeployModel
import Testing

/// The InfluxDB option and retention rules (`influxdb.*`).
@Suite("InfluxDB rules", .exactFindings)
struct InfluxDBRulesTests {
    static let production = InfluxTenant(org: "demo", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30))
    static let test = InfluxTenant(org: "demo-test", bucket: "events_test", token: "demo-test-token", retention: .days(7))

    /// A stack with an `influxdb` service (body extended by `influxdb`) and a client `api` that waits for the
    /// InfluxDB of its mode; `extra` holds the `InfluxDB(…)` declaration and, for option B, the test instance.
    private func influxStack(
        _ hardware: HardwareProfile, option: InfluxOption,
        @ServiceBuilder influxdb: () -> [ServiceElement] = { [] },
        @StackBuilder extra: () -> [StackElement]
    ) -> Stack {
        let influxElements = influxdb()
        let extraElements = extra()
        return Stack("demo") {
            Hardware(hardware)
            Network("demo-network")
            Defaults {
                Restart(.unlessStopped)
                OnNetwork("demo-network")
                Env("DEPLOYMENT_MODE", .deploymentMode)
                HealthcheckTimings(interval: 30, timeout: 5, retries: 3, startPeriod: 10)
                Limits(memory: .mib(256), cpus: 0.5)
                Reservations(memory: .mib(128), cpus: 0.1)
            }
            Volume("influxdb_data")
            CoreService("influxdb") {  // @influx-service
                Image("influxdb:2.7.10")
                Port(8086)
                Mount(volume: "influxdb_data", at: "/var/lib/influxdb2")
                Healthcheck(["CMD", "influx", "ping"])
                influxElements
            }
            CoreService("api") {
                Image("example/api:1.0.0")
                Port(8006)
                Env("INFLUXDB_URL", .influxURL)  // @api-influx-url
                Env("INFLUXDB_BUCKET", .influxBucket)
                if option == .separateTestInstance {
                    InTest { DependsOn("influxdb-test", .healthy) }  // @api-waits-for-test-instance
                    InProduction { DependsOn("influxdb", .healthy) }
                } else {
                    DependsOn("influxdb", .healthy)  // @api-waits-for-influxdb
                }
                Healthcheck.http(port: 8006)
            }
            extraElements
        }
    }

    /// Option B as the plan describes it, on `hardware`.
    private func optionB(_ hardware: HardwareProfile) -> Stack {
        influxStack(
            hardware, option: .separateTestInstance, influxdb: { RunsIn(.production) },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)  // @option-b
                TestOnly {
                    Volume("influxdb_test_data")
                    CoreService("influxdb-test") {
                        Image("influxdb:2.7.11")
                        Port(8087, container: 8086)
                        Mount(volume: "influxdb_test_data", at: "/var/lib/influxdb2")
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
    }

    // MARK: influxdb.option, option A

    @Test("option A passes with one InfluxDB definition in both modes")
    func optionAPasses() {
        let stack = influxStack(
            .nuc8gb, option: .sharedInstance,
            extra: {
                InfluxDB(.sharedInstance, test: Self.test, production: Self.production)
            })
        let compilation = compiled(stack)
        expectNoDiagnostic("influxdb.option", in: compilation.diagnostics)
        #expect(compilation.errors.isEmpty, "\(compilation.errors.map(\.description))")
    }

    @Test("option A with a separate test instance declared is reported at that service")
    func optionAWithTestInstance() {
        let stack = influxStack(
            .nuc8gb, option: .sharedInstance,
            extra: {
                InfluxDB(.sharedInstance, test: Self.test, production: Self.production)
                TestOnly {
                    CoreService("influxdb-test") {  // @option-a-stray
                        Image("influxdb:2.7.11")
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "option-a-stray", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("'influxdb-test' is option B's test instance") == true)
    }

    @Test("option A with InfluxDB limited to production is reported at the RunsIn")
    func optionAProductionOnly() {
        let stack = influxStack(
            .nuc8gb, option: .sharedInstance,
            influxdb: {
                RunsIn(.production)  // @option-a-runsin
            },
            extra: {
                InfluxDB(.sharedInstance, test: Self.test, production: Self.production)  // @option-a-declaration
            })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "option-a-runsin", in: found)
        #expect(diagnostic?.message.contains("runs only in production, not in test") == true)
        // In test, the client's derived URL, its dependency and the env file's URL name a service that is not there.
        // Known: isolation.cross-reference reports each URL again, as a production-only name in test, and names its
        // mode in the message only (its `modes` are empty).
        expectFindings(
            [
                ExpectedFinding(ruleID: "influxdb.option", marker: "option-a-runsin"),
                ExpectedFinding(ruleID: "graph.service-url", marker: "api-influx-url", modes: .test),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "api-influx-url", modes: .test),
                ExpectedFinding(ruleID: "graph.depends-on", marker: "api-waits-for-influxdb", modes: .test),
                ExpectedFinding(ruleID: "graph.service-url", marker: "option-a-declaration", modes: .test),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "option-a-declaration", modes: .test),
            ], in: found)
    }

    @Test("option A without any InfluxDB service is reported at the InfluxDB declaration")
    func optionAWithoutService() {
        let stack = validStack(extra: {
            InfluxDB(.sharedInstance, service: "timeseries", test: Self.test, production: Self.production)  // @option-a-missing
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "option-a-missing", in: found)
        #expect(diagnostic?.message.contains("service 'timeseries'") == true)
        // The derived INFLUXDB_URL of the env file names it too.
        expectDiagnostic("graph.service-url", atMarker: "option-a-missing", in: found)
    }

    // MARK: influxdb.option, option B

    @Test("option B as the plan describes it passes on the 16 GB profile")
    func optionBPasses() {
        let compilation = compiled(optionB(.nuc16gb))
        #expect(compilation.errors.isEmpty, "\(compilation.errors.map(\.description))")
        #expect(!compilation.files.isEmpty)
        let test = compilation.deployments.test
        #expect(test.service(named: "influxdb-test")?.ports.map(\.host) == [8087])
        #expect(test.service(named: "influxdb") == nil)
        #expect(test.envFile.first { $0.key == "INFLUXDB_URL" }?.value.literalText == "http://influxdb-test:8086")
    }

    @Test("option B on the 8 GB profile is refused at the InfluxDB declaration, and nothing is written")
    func optionBOnSmallNUC() {
        let found = expectRejected(optionB(.nuc8gb))
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "option-b", in: found)
        #expect(diagnostic?.message.contains("not allowed on hardware profile 'nuc-8gb'") == true)
        #expect(diagnostic?.help?.contains("nuc16gb") == true)
        // Only the hardware is wrong.
        #expect(ruleDiagnostics("influxdb.option", in: found).count == 1)
    }

    @Test("option B's test instance must use port 8087, its own volume and a pinned image")
    func optionBInstanceRequirements() {
        let stack = influxStack(
            .nuc16gb, option: .separateTestInstance,
            influxdb: {
                RunsIn(.production)
                Mount(volume: "influx_shared", at: "/backup")
            },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)
                Volume("influx_shared", name: "demo-influx-shared")  // @shared-volume
                TestOnly {
                    CoreService("influxdb-test") {
                        Image("influxdb:latest")  // @option-b-image
                        Port(8088, container: 8086)  // @option-b-port
                        Mount(volume: "influx_shared", at: "/var/lib/influxdb2")  // @option-b-volume
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
        let found = expectRejected(stack)
        let image = expectDiagnostic("influxdb.option", atMarker: "option-b-image", in: found)
        #expect(image?.message.contains("'influxdb:latest'") == true)
        let port = expectDiagnostic("influxdb.option", atMarker: "option-b-port", in: found)
        #expect(port?.message.contains("does not publish host port 8087 (it publishes 8088)") == true)
        let volume = expectDiagnostic("influxdb.option", atMarker: "option-b-volume", in: found)
        #expect(volume?.message.contains("mounts volume 'demo-influx-shared', which production also mounts") == true)
        // The one volume name is shared by the modes, and the floating tag is refused on its own.
        expectDiagnostic("isolation.volume", atMarker: "shared-volume", in: found)
        expectDiagnostic("images.pinned", atMarker: "option-b-image", in: found)
    }

    @Test("option B with an unversioned image, or none, is reported")
    func optionBImageForms() {
        let untagged = influxStack(
            .nuc16gb, option: .separateTestInstance, influxdb: { RunsIn(.production) },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)
                TestOnly {
                    Volume("influxdb_test_data")
                    CoreService("influxdb-test") {
                        Image("registry.local:5000/influxdb")  // @option-b-untagged
                        Port(8087, container: 8086)
                        Mount(volume: "influxdb_test_data", at: "/var/lib/influxdb2")
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
        let untaggedFound = expectRejected(untagged)
        expectDiagnostic("influxdb.option", atMarker: "option-b-untagged", in: untaggedFound)
        expectDiagnostic("images.pinned", atMarker: "option-b-untagged", in: untaggedFound)

        let digest = influxStack(
            .nuc16gb, option: .separateTestInstance, influxdb: { RunsIn(.production) },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)
                TestOnly {
                    Volume("influxdb_test_data")
                    CoreService("influxdb-test") {
                        Image("influxdb@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                        Port(8087, container: 8086)
                        Mount(volume: "influxdb_test_data", at: "/var/lib/influxdb2")
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
        expectNoDiagnostic("influxdb.option", in: diagnostics(of: digest))

        let noVolume = influxStack(
            .nuc16gb, option: .separateTestInstance, influxdb: { RunsIn(.production) },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)
                TestOnly {
                    CoreService("influxdb-test") {  // @option-b-no-volume
                        Image("influxdb:2.7.11")
                        Port(8087, container: 8086)
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "option-b-no-volume", in: expectRejected(noVolume))
        #expect(diagnostic?.message.contains("no volume of its own") == true)
    }

    @Test("option B with the production instance also in test is reported at that service")
    func optionBProductionInstanceInTest() {
        let stack = influxStack(
            .nuc16gb, option: .separateTestInstance,
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)
                TestOnly {
                    Volume("influxdb_test_data")
                    CoreService("influxdb-test") {
                        Image("influxdb:2.7.11")
                        Port(8087, container: 8086)
                        Mount(volume: "influxdb_test_data", at: "/var/lib/influxdb2")
                        Healthcheck(["CMD", "influx", "ping"])
                    }
                }
            })
        // The `influxdb` service (declared in the helper) has no RunsIn: blamed at its declaration.
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "influx-service", in: expectRejected(stack))
        #expect(diagnostic?.message == "InfluxDB option B: the production instance 'influxdb' also runs in test")
    }

    @Test("option B without the test instance, or with it in production too, is reported")
    func optionBTestInstanceMissingOrLeaked() {
        let missing = influxStack(
            .nuc16gb, option: .separateTestInstance, influxdb: { RunsIn(.production) },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)  // @option-b-missing
            })
        let missingFound = expectRejected(missing)
        let diagnostic = expectDiagnostic("influxdb.option", atMarker: "option-b-missing", in: missingFound)
        #expect(diagnostic?.message.contains("needs a test service 'influxdb-test'") == true)
        // In test, the client's URL and dependency and the env file's URL name the missing service.
        expectFindings(
            [
                ExpectedFinding(ruleID: "influxdb.option", marker: "option-b-missing"),
                ExpectedFinding(ruleID: "graph.service-url", marker: "api-influx-url", modes: .test),
                ExpectedFinding(ruleID: "graph.depends-on", marker: "api-waits-for-test-instance", modes: .test),
                ExpectedFinding(ruleID: "graph.service-url", marker: "option-b-missing", modes: .test),
            ], in: missingFound)

        let leaked = influxStack(
            .nuc16gb, option: .separateTestInstance, influxdb: { RunsIn(.production) },
            extra: {
                InfluxDB(.separateTestInstance, test: Self.test, production: Self.production)
                Volume("influxdb_test_data")
                CoreService("influxdb-test") {
                    Image("influxdb:2.7.11")
                    Port(8087, container: 8086)  // @option-b-leaked-port
                    Mount(volume: "influxdb_test_data", at: "/var/lib/influxdb2")
                    Healthcheck(["CMD", "influx", "ping"])
                    RunsIn(.both)  // @option-b-leaked
                }
            })
        let leakedFound = expectRejected(leaked)
        expectDiagnostic("influxdb.option", atMarker: "option-b-leaked", in: leakedFound)
        // Running in both modes, its port takes the test offset in test: 18087, not 8087.
        let port = expectDiagnostic("influxdb.option", atMarker: "option-b-leaked-port", in: leakedFound)
        #expect(port?.message.contains("does not publish host port 8087 (it publishes 18087)") == true)
    }

    // MARK: influxdb.retention

    @Test("test retention longer than production's is reported at the InfluxDB declaration")
    func retentionLonger() {
        let stack = validStack(extra: {
            InfluxDB(  // @retention-longer
                .sharedInstance, test: InfluxTenant(org: "demo-test", bucket: "events_test", token: "t", retention: .days(45)),
                production: InfluxTenant(org: "demo", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))
        })
        let diagnostic = expectDiagnostic("influxdb.retention", atMarker: "retention-longer", in: expectRejected(stack))
        #expect(diagnostic?.message == "InfluxDB retention in test (45 days) exceeds production's (30 days)")
    }

    @Test("a retention that is not positive is reported, per mode")
    func retentionNotPositive() {
        let stack = validStack(extra: {
            InfluxDB(  // @retention-zero
                .sharedInstance, test: InfluxTenant(org: "demo-test", bucket: "events_test", token: "t", retention: .days(-1)),
                production: InfluxTenant(org: "demo", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(0)))
        })
        let found = expectRejected(stack)
        expectDiagnostic("influxdb.retention", atMarker: "retention-zero", in: found)
        let messages = ruleDiagnostics("influxdb.retention", in: found).map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("in production is 0 days") })
        #expect(messages.contains { $0.contains("in test is -1 days") })
    }

    @Test("7 days in test against 30 in production passes; equal retention passes")
    func retentionPasses() {
        expectNoDiagnostic("influxdb.retention", in: diagnostics(of: validStack()))
        let equal = validStack(extra: {
            InfluxDB(
                .sharedInstance, test: InfluxTenant(org: "demo-test", bucket: "events_test", token: "t", retention: .days(14)),
                production: InfluxTenant(org: "demo", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(14)))
        })
        expectNoDiagnostic("influxdb.retention", in: diagnostics(of: equal))
    }
}
