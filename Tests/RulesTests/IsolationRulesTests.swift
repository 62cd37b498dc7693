import DeployCompiler
import DeployModel
import Testing

/// The cross-mode isolation rules (`isolation.*`): test and production share nothing.
@Suite("Isolation rules", .exactFindings)
struct IsolationRulesTests {
    // MARK: isolation.network

    @Test("a network with one explicit name in both modes is reported at its declaration")
    func sharedNetwork() {
        let stack = validStack(extra: {
            Network("backplane", name: "homeiq-backplane")  // @network-shared
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.network", atMarker: "network-shared", in: found)
        #expect(diagnostic?.message.contains("'homeiq-backplane'") == true)
    }

    @Test("per-mode network names, and the derived ones, pass")
    func perModeNetworkNames() {
        let stack = validStack(extra: {
            Network("backplane", name: .mode(test: "backplane-test", production: "backplane"))
        })
        expectNoDiagnostic("isolation.network", in: diagnostics(of: stack))
    }

    @Test("two declarations that give the modes the same network name are reported at the test one")
    func sameNameFromTwoDeclarations() {
        let stack = validStack(extra: {
            TestOnly { Network("lan-test", name: "lan") }  // @network-test-decl
            ProductionOnly { Network("lan", name: "lan") }
        })
        let diagnostic = expectDiagnostic("isolation.network", atMarker: "network-test-decl", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("'lan-test' (test) and 'lan' (production)") == true)
    }

    // MARK: isolation.volume

    @Test("a volume with one explicit name in both modes is reported at its declaration")
    func sharedVolume() {
        let stack = validStack(extra: {
            Volume("cache", name: "demo_cache")  // @volume-shared
        })
        let diagnostic = expectDiagnostic("isolation.volume", atMarker: "volume-shared", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("'demo_cache'") == true)
    }

    // MARK: isolation.bind-path

    @Test("the same host path bind-mounted in both modes is reported at the mount")
    func sameBindPath() {
        let stack = validStack(service: {
            Mount(bind: "data/shared", at: "/shared")  // @bind-same
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.bind-path", atMarker: "bind-same", in: found)
        #expect(diagnostic?.message.contains("'data/shared'") == true)
        #expect(diagnostic?.service == "api")
        // A writable repository folder in production is a finding of its own.
        expectDiagnostic("security.writable-source", atMarker: "bind-same", in: found)
    }

    @Test("paths are compared normalised: ./data/x/ and data//x are one path")
    func normalisedPaths() {
        let stack = validStack(service: {
            Mount(test: "./data/x/", production: "data//x", at: "/x")  // @bind-normalised
        })
        let found = expectRejected(stack)
        expectDiagnostic("isolation.bind-path", atMarker: "bind-normalised", in: found)
        expectDiagnostic("security.writable-source", atMarker: "bind-normalised", in: found)
    }

    @Test("a test folder that contains a production folder is reported at the wider (test) mount")
    func testContainsProduction() {
        let stack = validStack(
            extra: {
                DataGenerator("synthetic") {
                    Image("example/synthetic:1.0.0")
                    Healthcheck(["CMD", "true"])
                    Mount(bind: "data", at: "/data")  // @bind-test-outer
                }
            },
            service: {
                Mount(test: "data/test/api", production: "data/production/api", at: "/files")
            })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.bind-path", atMarker: "bind-test-outer", in: found)
        #expect(diagnostic?.message.contains("test host path 'data'") == true)
        #expect(diagnostic?.message.contains("production host path 'data/production/api'") == true)
        #expect(diagnostic?.service == "synthetic")
    }

    @Test("a production folder that contains a test folder is reported at the wider (production) mount")
    func productionContainsTest() {
        let stack = validStack(extra: {
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "./data/", at: "/data")  // @bind-production-outer
            }
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "data/test/synthetic", at: "/out")
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.bind-path", atMarker: "bind-production-outer", in: found)
        #expect(
            diagnostic?.message.contains("production host path 'data' (service 'weather-api') contains test host path 'data/test/synthetic'") == true)
        #expect(ruleDiagnostics("isolation.bind-path", in: found).count == 1)
        expectDiagnostic("security.writable-source", atMarker: "bind-production-outer", in: found)
    }

    @Test("the package root itself contains every relative path")
    func packageRootContainsEverything() {
        let stack = validStack(extra: {
            ExternalAPIService("backup") {
                Image("example/backup:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: ".", at: "/repo")  // @bind-root
            }
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "data/test/synthetic", at: "/out")
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.bind-path", atMarker: "bind-root", in: found)
        #expect(diagnostic?.message.contains("production host path '.' (service 'backup') contains test host path 'data/test/synthetic'") == true)
        expectDiagnostic("security.writable-source", atMarker: "bind-root", in: found)
    }

    @Test("sibling folders do not nest, and configuration mounted read-only in both modes is allowed")
    func siblingsAndReadOnly() {
        let stack = validStack(
            extra: {
                DataGenerator("synthetic") {
                    Image("example/synthetic:1.0.0")
                    Healthcheck(["CMD", "true"])
                    Mount(bind: "data/test", at: "/data")
                    Mount(bind: "data/testing-notes", at: "/notes")
                }
            },
            service: {
                Mount(test: "data/test/api", production: "data/production", at: "/files")
                Mount(bind: "infrastructure/init.sh", at: "/init.sh", readOnly: true)
            })
        expectNoDiagnostic("isolation.bind-path", in: diagnostics(of: stack))
    }

    @Test("read-only in one mode only is still shared")
    func readOnlyInOneModeOnly() {
        let stack = validStack(
            extra: {
                DataGenerator("synthetic") {
                    Image("example/synthetic:1.0.0")
                    Healthcheck(["CMD", "true"])
                    Mount(bind: "infrastructure/config", at: "/config")  // @bind-writable
                }
            },
            service: {
                Mount(bind: "infrastructure/config/api.yaml", at: "/api.yaml", readOnly: true)
            })
        expectDiagnostic("isolation.bind-path", atMarker: "bind-writable", in: expectRejected(stack))
    }

    // MARK: isolation.container-name

    @Test("an explicit container name used in both modes is reported at the ContainerName")
    func sharedContainerName() {
        let stack = validStack(service: {
            ContainerName("demo-api")  // @container-shared
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.container-name", atMarker: "container-shared", in: found)
        #expect(diagnostic?.message.contains("'demo-api'") == true)
        #expect(diagnostic?.service == "api")
        // Known: isolation.cross-reference reports the same name again, as the test container's production prefix.
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.container-name", marker: "container-shared"),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "container-shared", modes: .test),
            ], in: found)
    }

    @Test("a test service named like a production container is reported")
    func containerNameAcrossServices() {
        let stack = validStack(extra: {
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
                ContainerName("demo-influxdb")  // @container-other-service
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.container-name", atMarker: "container-other-service", in: found)
        #expect(diagnostic?.message.contains("test service 'synthetic' and production service 'influxdb'") == true)
        // Known: isolation.cross-reference reports the same name again, as the test container's production prefix.
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.container-name", marker: "container-other-service"),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "container-other-service", modes: .test),
            ], in: found)
    }

    @Test("per-mode container names pass")
    func perModeContainerNames() {
        let stack = validStack(service: {
            ContainerName(.mode(test: "demo-test-api-1", production: "demo-api-1"))
        })
        expectNoDiagnostic("isolation.container-name", in: diagnostics(of: stack))
    }

    // MARK: isolation.port

    @Test("an explicit port that is the same in both modes is reported at the Port")
    func explicitSamePort() {
        let stack = validStack(service: {
            Port(test: 9000, production: 9000, container: 9000)  // @port-explicit
        })
        let diagnostic = expectDiagnostic("isolation.port", atMarker: "port-explicit", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("host port 9000") == true)
        #expect(diagnostic?.message.contains("service 'api' publishes it in both modes") == true)
    }

    @Test("a test-only service that publishes a production port is reported")
    func testOnlyServiceOnProductionPort() {
        let stack = validStack(extra: {
            TestFixture("ha-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Healthcheck(["CMD", "true"])
                Port(8006, container: 8123)  // @port-test-only
            }
        })
        let diagnostic = expectDiagnostic("isolation.port", atMarker: "port-test-only", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("test service 'ha-test' and production service 'api'") == true)
        #expect(diagnostic?.service == "ha-test")
    }

    @Test("the plan's test ports (HA 8124, ingestion 8002) and the offset keep the modes apart")
    func planPortsPass() {
        let stack = validStack(extra: {
            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Healthcheck(["CMD", "true"])
                Port(8124, container: 8123)
            }
            CoreService("websocket-ingestion") {
                Image("example/ingestion:1.0.0")
                Healthcheck(["CMD", "true"])
                Port(test: 8002, production: 8001, container: 8001)
            }
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                Port(8009)
            }
        })
        let compilation = compiled(stack)
        expectNoDiagnostic("isolation.port", in: compilation.diagnostics)
        let testPorts = Set(compilation.deployments.test.services.flatMap(\.ports).map(\.host))
        #expect(testPorts.isSuperset(of: [8124, 8002, 18006, 18086]))
    }

    @Test("the same port on different specific host addresses does not clash; the same address does")
    func hostAddresses() {
        let apart = validStack(service: {
            InTest { Port(test: 9100, production: 9100, container: 9100, hostIP: "127.0.0.2") }
            InProduction { Port(test: 9100, production: 9100, container: 9100, hostIP: "127.0.0.1") }
        })
        expectNoDiagnostic("isolation.port", in: diagnostics(of: apart))

        let same = validStack(service: {
            InTest { Port(test: 9100, production: 9100, container: 9100, hostIP: "127.0.0.1") }  // @port-same-address
            InProduction { Port(test: 9100, production: 9100, container: 9100, hostIP: "127.0.0.1") }
        })
        expectDiagnostic("isolation.port", atMarker: "port-same-address", in: expectRejected(same))
    }

    @Test("0.0.0.0 means every address, so it clashes with a specific one")
    func wildcardAddress() {
        let stack = validStack(service: {
            InTest { Port(test: 9100, production: 9100, container: 9100, hostIP: "0.0.0.0") }  // @port-wildcard
            InProduction { Port(test: 9100, production: 9100, container: 9100, hostIP: "127.0.0.1") }
        })
        expectDiagnostic("isolation.port", atMarker: "port-wildcard", in: expectRejected(stack))
    }

    @Test("UDP and TCP on the same number do not clash")
    func protocols() {
        let stack = validStack(service: {
            InTest { Port(test: 5353, production: 5353, container: 5353, protocol: .udp) }
            InProduction { Port(test: 5353, production: 5353, container: 5353) }
        })
        expectNoDiagnostic("isolation.port", in: diagnostics(of: stack))
    }

    // MARK: isolation.influxdb-tenant

    @Test("one bucket, org and secret token for both modes: three reports at the InfluxDB declaration")
    func sharedTenant() {
        let shared = InfluxTenant(org: "acme", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(30))
        let stack = validStack(extra: {
            InfluxDB(  // @tenant-shared
                .sharedInstance, test: InfluxTenant(org: "acme", bucket: "events", token: .secret("INFLUXDB_TOKEN"), retention: .days(7)),
                production: shared)
        })
        let found = expectRejected(stack)
        expectDiagnostic("isolation.influxdb-tenant", atMarker: "tenant-shared", in: found)
        let messages = ruleDiagnostics("isolation.influxdb-tenant", in: found).map(\.message)
        #expect(messages.count == 3)
        #expect(messages.contains { $0.contains("bucket 'events'") })
        #expect(messages.contains { $0.contains("organisation 'acme'") })
        #expect(messages.contains { $0.contains("token ${INFLUXDB_TOKEN}") })
    }

    @Test("the same literal token, or the same variable, counts as shared; distinct tokens pass")
    func tokens() {
        let literal = validStack(extra: {
            InfluxDB(  // @tenant-literal
                .sharedInstance, test: InfluxTenant(org: "t", bucket: "t", token: "same-token", retention: .days(7)),
                production: InfluxTenant(org: "p", bucket: "p", token: "same-token", retention: .days(30)))
        })
        let found = expectRejected(literal)
        let diagnostic = expectDiagnostic("isolation.influxdb-tenant", atMarker: "tenant-literal", in: found)
        #expect(diagnostic?.message.contains("token") == true)
        #expect(diagnostic?.message.contains("same-token") == false, "the message must not print a token")
        // A literal production token is a finding of its own.
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.influxdb-tenant", marker: "tenant-literal"),
                ExpectedFinding(ruleID: "secrets.production-literal", marker: "tenant-literal", modes: .production),
            ], in: found)

        let variable = validStack(extra: {
            InfluxDB(  // @tenant-variable
                .sharedInstance,
                test: InfluxTenant(org: "t", bucket: "t", token: .joined(["x", .variable("INFLUX_TOKEN", default: "")]), retention: .days(7)),
                production: InfluxTenant(org: "p", bucket: "p", token: .variable("INFLUX_TOKEN", default: nil), retention: .days(30)))
        })
        // The test token mixes text with a reference (not portable to an env file); the production one is no secret.
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.influxdb-tenant", marker: "tenant-variable"),
                ExpectedFinding(ruleID: "env.portable", marker: "tenant-variable", modes: .test),
                ExpectedFinding(ruleID: "secrets.production-literal", marker: "tenant-variable", modes: .production),
            ], in: expectRejected(variable))

        let distinct = validStack(extra: {
            InfluxDB(
                .sharedInstance, test: InfluxTenant(org: "t", bucket: "t", token: .secret("INFLUXDB_TEST_TOKEN"), retention: .days(7)),
                production: InfluxTenant(org: "p", bucket: "p", token: .secret("INFLUXDB_TOKEN"), retention: .days(30)))
        })
        expectNoDiagnostic("isolation.influxdb-tenant", in: diagnostics(of: distinct))
    }

    // MARK: isolation.sqlite

    @Test("nested SQLite host folders are reported at the SQLite declaration")
    func nestedSQLiteFolders() {
        let stack = validStack(extra: {
            SQLite(  // @sqlite-nested
                test: SQLiteLocation(hostDirectory: "data/test", containerDirectory: "/app/data/test"),
                production: SQLiteLocation(hostDirectory: "./data", containerDirectory: "/app/data"))
        })
        let diagnostic = expectDiagnostic("isolation.sqlite", atMarker: "sqlite-nested", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("production SQLite folder 'data' contains the test one 'data/test'") == true)
    }

    @Test("one SQLite host folder for both modes is reported")
    func sameSQLiteFolder() {
        let stack = validStack(extra: {
            SQLite(  // @sqlite-same
                test: SQLiteLocation(hostDirectory: "data", containerDirectory: "/app/data/test"),
                production: SQLiteLocation(hostDirectory: "data/", containerDirectory: "/app/data"))
        })
        expectDiagnostic("isolation.sqlite", atMarker: "sqlite-same", in: expectRejected(stack))
    }

    @Test("a production DATABASE_URL that reaches into the test folder through a mount is reported at the Env")
    func databaseURLIntoOtherFolder() {
        let stack = validStack(extra: {
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "data/test", at: "/db", readOnly: true)  // @sqlite-url-mount
                Env("DATABASE_URL", "sqlite:////db/metadata.db")  // @sqlite-url
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.sqlite", atMarker: "sqlite-url", in: found)
        #expect(diagnostic?.message.hasPrefix("production: service 'weather-api' opens 'data/test/metadata.db'") == true)
        // The mount of the test folder is a cross-reference of its own.
        expectDiagnostic("isolation.cross-reference", atMarker: "sqlite-url-mount", in: found)
    }

    @Test("services that repeat a DATABASE_URL are each followed through their own mounts")
    func repeatedDatabaseURL() {
        let stack = validStack(extra: {
            ExternalAPIService("air-api") {
                Image("example/air:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "var/air", at: "/db", readOnly: true)
                Env("DATABASE_URL", "sqlite:////db/metadata.db")
            }
            ExternalAPIService("carbon-api") {
                Image("example/carbon:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "data/test", at: "/db", readOnly: true)  // @sqlite-repeat-mount-1
                Env("DATABASE_URL", "sqlite:////db/metadata.db")  // @sqlite-repeat-url-1
            }
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
                Mount(bind: "data/test", at: "/db", readOnly: true)  // @sqlite-repeat-mount-2
                Env("DATABASE_URL", "sqlite:////db/metadata.db")  // @sqlite-repeat-url-2
            }
        })
        // The same URL as the service before: air-api's mount is safe, carbon-api's and weather-api's (the same
        // again) reach into the test folder.
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.sqlite", marker: "sqlite-repeat-url-1", modes: .production),
                ExpectedFinding(ruleID: "isolation.sqlite", marker: "sqlite-repeat-url-2", modes: .production),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "sqlite-repeat-mount-1", modes: .production),
                ExpectedFinding(ruleID: "isolation.cross-reference", marker: "sqlite-repeat-mount-2", modes: .production),
            ], in: expectRejected(stack))
    }

    @Test("a database file both modes open is reported at the test side's Env")
    func sameDatabaseFile() {
        let stack = validStack(
            extra: {
                SQLite(
                    workingDirectory: "/srv", test: SQLiteLocation(hostDirectory: "data/test", containerDirectory: "/srv/data/test"),
                    production: SQLiteLocation(hostDirectory: "data/production", containerDirectory: "/srv/data"))
            },
            service: {
                Mount(bind: "var/shared-db", at: "/srv/db")  // @sqlite-same-mount
                Env("DATABASE_URL", "sqlite+aiosqlite:///./db/app.db?mode=rwc")  // @sqlite-same-file
            })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.sqlite", atMarker: "sqlite-same-file", in: found)
        #expect(diagnostic?.message.contains("'var/shared-db/app.db'") == true)
        // The shared writable folder is itself a shared bind path and, in production, a writable repository folder.
        expectFindings(
            [
                ExpectedFinding(ruleID: "isolation.sqlite", marker: "sqlite-same-file"),
                ExpectedFinding(ruleID: "isolation.bind-path", marker: "sqlite-same-mount"),
                ExpectedFinding(ruleID: "security.writable-source", marker: "sqlite-same-mount", modes: .production),
            ], in: found)
    }

    @Test("the derived database URL and mount keep each mode in its own file")
    func derivedDatabasePasses() {
        let stack = validStack(
            extra: {
                TestFixture("seeder") {
                    Image("example/seeder:1.0.0")
                    Restart(.no)
                    Env("DATABASE_URL", .databaseURL)
                    Mount.database()
                }
            },
            service: {
                Env("DATABASE_URL", .databaseURL)
                Mount.database()
            })
        expectNoDiagnostic("isolation.sqlite", in: diagnostics(of: stack))
    }

    // MARK: isolation.cross-reference

    @Test("a production value naming the test bucket is reported at the Env")
    func productionNamesTestBucket() {
        let stack = validStack(service: {
            Env("ARCHIVE_BUCKET", .mode(test: "events_test", production: "events_test"))  // @xref-bucket
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.cross-reference", atMarker: "xref-bucket", in: found)
        #expect(diagnostic?.message == "production: service 'api': ARCHIVE_BUCKET names test's InfluxDB bucket 'events_test'")
        #expect(ruleDiagnostics("isolation.cross-reference", in: found).count == 1)
    }

    @Test("a test value naming a production-only service is reported")
    func testNamesProductionOnlyService() {
        let stack = validStack(extra: {
            ExternalAPIService("weather-api") {
                Image("example/weather:1.0.0")
                Healthcheck(["CMD", "true"])
            }
            DataGenerator("synthetic") {
                Image("example/synthetic:1.0.0")
                Healthcheck(["CMD", "true"])
                Env("UPSTREAM", "http://weather-api:8009/v1")  // @xref-service
            }
        })
        let diagnostic = expectDiagnostic("isolation.cross-reference", atMarker: "xref-service", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("production-only service 'weather-api'") == true)
    }

    @Test("a production bind mount under the test SQLite folder is reported at the Mount")
    func productionMountsTestFolder() {
        let stack = validStack(service: {
            Mount(test: "data/test/exports", production: "data/test/exports-prod", at: "/exports", readOnly: true)  // @xref-mount
        })
        let diagnostic = expectDiagnostic("isolation.cross-reference", atMarker: "xref-mount", in: expectRejected(stack))
        #expect(diagnostic?.message.contains("test's SQLite folder 'data/test'") == true)
    }

    @Test("a production container named with the test project's prefix is reported")
    func containerWithOtherProjectPrefix() {
        let stack = validStack(service: {
            ContainerName(.mode(test: "demo-test-api", production: "demo-test-api-live"))  // @xref-container
        })
        let diagnostic = expectDiagnostic("isolation.cross-reference", atMarker: "xref-container", in: expectRejected(stack))
        #expect(diagnostic?.message.hasPrefix("production: container name 'demo-test-api-live'") == true)
    }

    @Test("an env-file entry naming the test Home Assistant in production is reported; a variable default counts")
    func envFileNamesTestFixture() {
        let stack = validStack(extra: {
            TestFixture("home-assistant-test") {
                Image("ghcr.io/home-assistant/home-assistant:2025.1.4")
                Healthcheck(["CMD", "true"])
            }
            EnvFileEntry("HA_FALLBACK_URL", .variable("HA_FALLBACK_URL", default: "http://home-assistant-test:8123"))  // @xref-envfile
        })
        let diagnostic = expectDiagnostic("isolation.cross-reference", atMarker: "xref-envfile", in: expectRejected(stack))
        #expect(diagnostic?.message.hasPrefix("production: the env file: HA_FALLBACK_URL") == true)
        #expect(diagnostic?.message.contains("test-only service 'home-assistant-test'") == true)
    }

    @Test("a stack Defaults value naming the other mode's network is reported once at the Defaults Env")
    func defaultsNameOtherNetwork() {
        let stack = validStack(extra: {
            Defaults {
                Env("PEER_NETWORK", "demo-network-test")  // @xref-defaults
            }
        })
        let found = expectRejected(stack)
        let diagnostic = expectDiagnostic("isolation.cross-reference", atMarker: "xref-defaults", in: found)
        #expect(diagnostic?.message.contains("network 'demo-network-test'") == true)
        #expect(diagnostic?.service == nil)
        #expect(ruleDiagnostics("isolation.cross-reference", in: found).count == 1)
    }

    @Test("names only match whole: events_test_archive and demo-test-api are not the test bucket or project")
    func wholeNamesOnly() {
        let stack = validStack(service: {
            Env("ARCHIVE", "events_test_archive")
            Env("NOTE", "see demo-test-api docs")
        })
        expectNoDiagnostic("isolation.cross-reference", in: diagnostics(of: stack))
    }

    // MARK: at scale

    /// A machine big enough for thousands of small services, so that only the injected problems stand.
    static let rack = HardwareProfile(
        id: "rack", memoryPerMode: .gib(1_024), cpusPerMode: 1_024, allowsSideBySide: false,
        combinedMemory: .gib(1_024), allowsSeparateInfluxInstance: false)

    @Test("2,000 production/test service pairs: exactly one port, one bind-path and one cross-reference error per pair")
    func crossModeAtScale() {
        let count = 2_000
        let stack = validStack(extra: {
            Hardware(Self.rack)
            for index in 0..<count {
                ExternalAPIService("ext-\(index)") {
                    Image("example/ext:1.0.\(index)")
                    Port(40_000 + index, container: 8080)
                    Mount(bind: "shared/\(index)", at: "/data", readOnly: true)
                    Healthcheck.http(port: 8080)
                }
                DataGenerator("gen-\(index)") {
                    Image("example/gen:1.0.\(index)")
                    Port(40_000 + index, container: 8080)
                    Mount(bind: "shared/\(index)/test", at: "/out")
                    Env("UPSTREAM", .literal("http://ext-\(index):8080/feed"))
                    Healthcheck.http(port: 8080)
                }
            }
        })
        let found = expectRejected(stack)
        // A pairwise or over-eager rule would not finish, or would report more than one finding per pair.
        #expect(ruleDiagnostics("isolation.port", in: found).count == count)
        #expect(ruleDiagnostics("isolation.bind-path", in: found).count == count)
        #expect(ruleDiagnostics("isolation.cross-reference", in: found).count == count)
        #expect(found.count == 3 * count, "\(Dictionary(grouping: found, by: \.ruleID).mapValues(\.count))")
    }
}
