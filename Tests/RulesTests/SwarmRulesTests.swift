import DeployCompiler
import DeployModel
import Foundation
import Testing

/// The swarm rules, each with a minimal violating stack: the valid test stack (influxdb with a volume,
/// api; Limits 256 MiB / 0.5 CPU, Reservations 128 MiB / 0.1 CPU each) on a declared cluster.
@Suite("Swarm rules", .exactFindings)
struct SwarmRulesTests {
    /// The swarm diagnostics among `diagnostics`.
    private func swarmFindings(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.filter { $0.ruleID.hasPrefix("swarm.") }
    }

    @Test("without a cluster no swarm rule runs and no stack file is written: the output is today's")
    func noClusterNoSwarm() {
        let stack = validStack(service: {
            Placement(.node("nowhere"))
            Replicas(0)
        })
        let compilation = compiled(stack)
        #expect(!compilation.hasErrors, "\(compilation.errors)")
        #expect(compilation.diagnostics.filter { $0.ruleID.hasPrefix("swarm.") }.isEmpty)
        #expect(!compilation.files.contains { $0.path.contains("docker-stack") })
        #expect(compiled(validStack()).files == compilation.files, "Placement and Replicas change nothing in compose output")
    }

    @Test("swarm.placement: a node that is not declared and a label no node has, at the Placement line, naming the nodes")
    func unsatisfiable() {
        let stack = validStack(
            extra: {
                Cluster {
                    Node("nuc-a", .nuc8gb)
                    Node("nuc-b", .nuc16gb, labels: ["accelerator": "gpu"])
                    Place("influxdb", on: .node("nuc-a"))
                }
                CoreService("worker") {
                    Image("example/worker:1.0")
                    Healthcheck(["CMD", "true"])
                    Placement(.label("accelerator", "tpu"))  // @no-label
                }
            },
            service: {
                Placement(.node("nuc-c"))  // @no-node
            })
        let found = swarmFindings(diagnostics(of: stack))
        #expect(found.count == 2, "\(found)")
        let node = expectDiagnostic("swarm.placement", atMarker: "no-node", in: found)
        #expect(
            node?.message
                == "test and production: service 'api' is placed on node 'nuc-c', which no declared node satisfies (nodes: nuc-a (nuc-8gb), nuc-b (nuc-16gb; accelerator=gpu))"
        )
        #expect(node?.help?.contains("declare Node(\"nuc-c\"") == true)
        let label = expectDiagnostic("swarm.placement", atMarker: "no-label", in: found)
        #expect(label?.message.contains("nodes labelled accelerator=tpu") == true)
    }

    @Test("swarm.placement: duplicate nodes, zero replicas and a Place naming an unknown service")
    func malformedCluster() {
        let stack = validStack(
            extra: {
                Cluster {
                    Node("nuc-a", .nuc8gb)
                    Node("nuc-a", .nuc16gb)  // @twice
                    Place("influxdb", "influx", on: .node("nuc-a"))  // @unknown
                }
            },
            service: {
                Replicas(0)  // @zero
            })
        let found = swarmFindings(diagnostics(of: stack))
        #expect(found.count == 3, "\(found)")
        #expect(expectDiagnostic("swarm.placement", atMarker: "twice", in: found)?.message.contains("node 'nuc-a' is declared twice") == true)
        #expect(expectDiagnostic("swarm.placement", atMarker: "zero", in: found)?.message.contains("asks for 0 replicas") == true)
        #expect(expectDiagnostic("swarm.placement", atMarker: "unknown", in: found)?.message == "Place names service 'influx', which runs in no mode")
    }

    @Test("swarm.placement: a node name, label key or label value that Swarm's constraint grammar does not read back exactly, at the Node line")
    func constraintText() {
        // Found by the differential test (Tests/ConformanceTests/Faithful): Swarm refused 'nuc,b' at deploy
        // time, and trimmed 'gpu ' and the key 'accel erator ' to other text.
        let stack = validStack(
            extra: {
                Cluster {
                    Node("nuc-a", .nuc8gb, labels: ["zone": "rack/1:(a)"])
                    Node("nuc,b", .nuc8gb)  // @comma
                    Node("nuc-c", .nuc8gb, labels: ["accelerator": "gpu "])  // @blank
                    Node("nuc-d", .nuc8gb, labels: ["accel erator ": "gpu"])  // @key
                    Place("influxdb", on: .node("nuc-a"))
                }
            })
        let found = swarmFindings(diagnostics(of: stack))
        #expect(found.count == 3, "\(found)")
        #expect(
            expectDiagnostic("swarm.placement", atMarker: "comma", in: found)?.message.contains(
                "node name 'nuc,b' is empty or has a character other than letters, digits and") == true)
        #expect(expectDiagnostic("swarm.placement", atMarker: "blank", in: found)?.message.contains("label accelerator='gpu ' is empty") == true)
        #expect(expectDiagnostic("swarm.placement", atMarker: "key", in: found)?.message.contains("label key 'accel erator ' is not") == true)
    }

    @Test("swarm.stateful: a volume on two candidate nodes, replicas of a stateful service, SQLite users on two nodes")
    func stateful() {
        let stack = validStack(extra: {
            Cluster {
                Node("nuc-a", .nuc8gb)
                Node("nuc-b", .nuc8gb)
                Place("influxdb", on: .node("nuc-a"))
            }
            Volume("cache")
            CoreService("cache") {  // @unpinned
                Image("example/cache:1.0")
                Healthcheck(["CMD", "true"])
                Mount(volume: "cache", at: "/data")
            }
            CoreService("reader") {
                Image("example/reader:1.0")
                Healthcheck(["CMD", "true"])
                Mount.database(readOnly: true)
                Placement(.node("nuc-a"))
                Replicas(2)  // @stateful-replicas
            }
            CoreService("writer") {
                Image("example/writer:1.0")
                Healthcheck(["CMD", "true"])
                Mount.database()
                Placement(.node("nuc-b"))  // @other-node
            }
        })
        let found = swarmFindings(diagnostics(of: stack))
        #expect(found.count == 3, "\(found)")
        let unpinned = expectDiagnostic("swarm.stateful", atMarker: "unpinned", in: found)
        #expect(
            unpinned?.message
                == "test and production: service 'cache' keeps state (volume cache) but may land on 2 nodes ('nuc-a', 'nuc-b'); Swarm volumes and bind mounts are node-local"
        )
        #expect(expectDiagnostic("swarm.stateful", atMarker: "stateful-replicas", in: found)?.message.contains("asks for 2 replicas") == true)
        let sqlite = expectDiagnostic("swarm.stateful", atMarker: "other-node", in: found)
        #expect(sqlite?.message.contains("service 'writer' opens the SQLite database on node 'nuc-b', but 'reader'") == true)
    }

    @Test("swarm.node-budget: worst case per node, at the service that tips it over, naming the node and the numbers (3 nodes)")
    func nodeBudget() {
        let stack = validStack(extra: {
            Cluster {
                Node("nuc-a", .nuc8gb)
                Node("nuc-b", .nuc8gb)
                Node("nuc-c", .nuc16gb, labels: ["accelerator": "gpu"])
                Place("influxdb", on: .node("nuc-a"))
                Place(role: .ai, on: .label("accelerator", "gpu"))
            }
            CoreService("anywhere") {  // may land on every node: counted on each
                Image("example/anywhere:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .gib(4), cpus: 1)
            }
            CoreService("pinned") {  // @tips
                Image("example/pinned:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .gib(2), cpus: 1)
                Placement(.node("nuc-a"))
            }
            AIService("model") {
                Image("example/model:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .gib(1), cpus: 1)
            }
        })
        let all = diagnostics(of: stack)
        let found = swarmFindings(all)
        #expect(found.count == 1, "\(found)")
        // On a cluster of several nodes one machine need not hold a mode: the one-machine budget of the stack's
        // Hardware (7.5 GiB of 6) is only a warning, and swarm.node-budget is the proof.
        #expect(
            ruleDiagnostics("resources.budget", in: all).map { "\($0.severity) \($0.message)" } == [
                "warning test and production: memory limits total 7.5 GiB, 1.5 GiB over the 6 GiB budget of nuc-8gb (largest: anywhere 4G, pinned 2G, model 1G); only a single-machine compose deploy needs that: with the Cluster's 3 nodes, swarm.node-budget proves each node"
            ])
        // nuc-a: api 256M + influxdb 256M + anywhere 4G + pinned 2G = 6.5 GiB of 6; nuc-b: 4.25 GiB; nuc-c: 5.25 GiB.
        let error = expectDiagnostic("swarm.node-budget", atMarker: "tips", in: found)
        #expect(
            error?.message.hasPrefix(
                "test and production: node 'nuc-a' (nuc-8gb) may get 6.5 GiB of memory limits, 0.5 GiB over its 6 GiB budget; it tips over at service 'pinned'"
            ) == true, "\(String(describing: error?.message))")
        #expect(found.allSatisfy { !$0.message.contains("nuc-b") && !$0.message.contains("nuc-c") })
    }

    @Test(
        "a stack that outgrows one NUC compiles on a cluster of two: the one-machine budgets only warn, each node is proven; on one node they stay errors"
    )
    func outgrowingOneNUC() {
        func stack(_ nodes: Int) -> Stack {
            validStack(extra: {
                Cluster {
                    Node("nuc-a", .nuc8gb)
                    if nodes > 1 { Node("nuc-b", .nuc16gb, labels: ["accelerator": "gpu"]) }
                    Place("influxdb", "api", "archiver", on: .node("nuc-a"))
                    Place(role: .ai, on: .label("accelerator", "gpu"))  // @ai-on-gpu
                }
                CoreService("archiver") {
                    Image("example/archiver:1.0")
                    Healthcheck(["CMD", "true"])
                    Limits(memory: .gib(2), cpus: 1)
                }
                for (name, memory) in [("model", Memory.gib(3)), ("embedder", .gib(1)), ("ranker", .gib(1))] {
                    AIService(name) {
                        Image("example/\(name):1.0")
                        Healthcheck(["CMD", "true"])
                        Limits(memory: memory, cpus: 4)
                    }
                }
            })
        }
        // Per mode: nuc-a holds influxdb, api and archiver (2.5 GiB), nuc-b the AI services (5 GiB; 10 GiB side by
        // side of its 13): each node fits. One machine would need 7.5 GiB of 6, and 14 CPUs of limits of 12.
        let supportFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("RuleTestSupport.swift")
        let hardware = line(marked: "valid-stack-hardware", file: supportFile.path)
        let note = "; only a single-machine compose deploy needs that: with the Cluster's 2 nodes, swarm.node-budget proves each node"
        #expect(
            findingLines(of: stack(2)) == [
                "warning resources.budget \(hardware) test and production: memory limits total 7.5 GiB, 1.5 GiB over the 6 GiB budget of nuc-8gb (largest: model 3G, archiver 2G, embedder 1G)\(note)",
                "warning resources.cpu-overcommit \(hardware) test and production: CPU limits total 14, 2 over 12 (3 × the 4 CPUs of nuc-8gb)\(note)",
            ])
        #expect(compiled(stack(2)).files.contains { $0.path.hasSuffix("docker-stack.prod.yml") }, "a stack file is written")
        // One declared node is one machine: the same stack is refused (and its node with it).
        let one = findingLines(of: stack(1))
        #expect(
            one == [
                "error resources.budget \(hardware) test and production: memory limits total 7.5 GiB, 1.5 GiB over the 6 GiB budget of nuc-8gb (largest: model 3G, archiver 2G, embedder 1G)",
                "error resources.cpu-overcommit \(hardware) test and production: CPU limits total 14, 2 over 12 (3 × the 4 CPUs of nuc-8gb)",
            ]
                + ["embedder", "model", "ranker"].map {
                    "error swarm.placement \(line(marked: "ai-on-gpu")) test and production: service '\($0)' is placed on nodes labelled accelerator=gpu, which no declared node satisfies (nodes: nuc-a (nuc-8gb))"
                })
    }

    @Test("swarm.node-budget: replicas multiply, and both modes side by side on a 16 GB node must fit its combined budget (4 nodes)")
    func replicasAndSideBySide() {
        let stack = validStack(extra: {
            Cluster {
                Node("nuc-a", .nuc8gb)
                Node("nuc-b", .nuc8gb)
                Node("nuc-c", .nuc8gb)
                Node("big", .nuc16gb, labels: ["size": "big"])
                Place("influxdb", on: .node("nuc-a"))
            }
            CoreService("web") {  // @replicas
                Image("example/web:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .gib(1), cpus: 0.5)
                Placement(.node("nuc-b"))
                Replicas(7)
            }
            CoreService("batch") {
                Image("example/batch:1.0")
                Healthcheck(["CMD", "true"])
                Limits(memory: .mib(5632), cpus: 1)
                Placement(.label("size", "big"))  // @big
            }
        })
        let all = diagnostics(of: stack)
        let found = swarmFindings(all)
        // The one-machine budget of the stack's Hardware counts each service once (7 GiB of 6): a warning on a cluster;
        // the per-node one counts replicas.
        #expect(
            ruleDiagnostics("resources.budget", in: all).map { "\($0.severity) \($0.message)" } == [
                "warning test and production: memory limits total 7 GiB, 1 GiB over the 6 GiB budget of nuc-8gb (largest: batch 5632M, web 1G, influxdb 256M); only a single-machine compose deploy needs that: with the Cluster's 4 nodes, swarm.node-budget proves each node"
            ])
        // nuc-b: 7 × 1 GiB of web + api's 256M (api may land anywhere); big: batch 5.5 GiB + api: fits, 11.5 of 13 GiB side by side.
        #expect(found.count == 1, "\(found)")
        #expect(
            expectDiagnostic("swarm.node-budget", atMarker: "replicas", in: found)?.message.contains(
                "node 'nuc-b' (nuc-8gb) may get 7.3 GiB of memory limits, 1.3 GiB over its 6 GiB budget; it tips over at service 'web' (7 replicas) (7G)"
            ) == true)

        // Per mode it fits (5.5 + 0.25 GiB of 6), side by side it does not (11.5 of 10 GiB).
        let tight = HardwareProfile(
            id: "nuc-12gb", memoryPerMode: .gib(6), cpusPerMode: 4, allowsSideBySide: true,
            combinedMemory: .gib(10), allowsSeparateInfluxInstance: true)
        let crowded = validStack(
            extra: {
                Cluster {
                    Node("nuc-a", .nuc8gb)
                    Node("big", tight, labels: ["size": "big"])
                    Place("influxdb", on: .node("nuc-a"))
                }
                CoreService("batch") {  // @side-by-side
                    Image("example/batch:1.0")
                    Healthcheck(["CMD", "true"])
                    Limits(memory: .mib(5632), cpus: 1)
                    Placement(.label("size", "big"))
                }
            }, service: { Placement(.node("nuc-a")) })
        let crowdedAll = diagnostics(of: crowded)
        let crowdedFindings = swarmFindings(crowdedAll)
        // 6 GiB of limits per mode fill the one-machine budget: a warning.
        #expect(
            ruleDiagnostics("resources.budget", in: crowdedAll).map(\.message) == [
                "test and production: memory limits total 6 GiB, 100% of the 6 GiB budget of nuc-8gb: little headroom left"
            ])
        #expect(crowdedFindings.count == 1, "\(crowdedFindings)")
        let sideBySide = expectDiagnostic("swarm.node-budget", atMarker: "side-by-side", in: crowdedFindings)
        #expect(
            sideBySide?.message
                == "test and production side by side on node 'big' (nuc-12gb): memory limits total 11 GiB (test 5.5 GiB, production 5.5 GiB), 1 GiB over its 10 GiB combined budget"
        )
    }

    @Test("swarm.ports: a host address is refused (the mesh publishes on every address), and two addresses do not separate a port")
    func ports() {
        let stack = validStack(extra: {
            Cluster { Node("nuc", .nuc8gb) }
            ProductionOnly {
                CoreService("local") {
                    Image("example/local:1.0")
                    Healthcheck(["CMD", "true"])
                    Port(9000, hostIP: "127.0.0.1")  // @loopback
                }
                CoreService("lan") {
                    Image("example/lan:1.0")
                    Healthcheck(["CMD", "true"])
                    Port(9000, hostIP: "192.168.1.5")  // @lan
                }
            }
        })
        let found = swarmFindings(diagnostics(of: stack))
        #expect(found.count == 3, "\(found)")
        let loopback = found.filter { $0.location.line == line(marked: "loopback") }
        #expect(loopback.count == 1)
        #expect(loopback.first?.message.contains("binds port 9000 to host address 127.0.0.1, which the routing mesh does not honour") == true)
        let lan = found.filter { $0.location.line == line(marked: "lan") }.map(\.message).sorted()
        #expect(lan.count == 2)
        #expect(lan.contains { $0.contains("publishes port 9000/tcp on the routing mesh, already published by 'local'") })
        expectFindings(
            [
                ExpectedFinding(ruleID: "swarm.ports", marker: "loopback", modes: .production),
                ExpectedFinding(ruleID: "swarm.ports", marker: "lan", modes: .production),
                ExpectedFinding(ruleID: "swarm.ports", marker: "lan", modes: .production),
            ], in: found)
    }

    @Test("swarm.isolation: an overlay network and a volume named alike in both stacks")
    func isolation() {
        let stack = validStack(extra: {
            Cluster { Node("nuc", .nuc8gb) }
            Network("shared", name: "homeiq-shared")  // @network
            Volume("scratch", name: "scratch")  // @volume
        })
        let all = diagnostics(of: stack)
        let found = swarmFindings(all)
        #expect(found.count == 2, "\(found)")
        // The compose deployments share them too.
        expectDiagnostic("isolation.network", atMarker: "network", in: all)
        expectDiagnostic("isolation.volume", atMarker: "volume", in: all)
        #expect(
            expectDiagnostic("swarm.isolation", atMarker: "network", in: found)?.message.contains(
                "overlay network 'homeiq-shared' belongs to both stacks") == true)
        #expect(expectDiagnostic("swarm.isolation", atMarker: "volume", in: found)?.message == "volume 'scratch' belongs to both stacks")
    }

    @Test("swarm.secrets: a mixed value, a wrapped secret without Entrypoint, a stale declaration; the message tells files from environment")
    func secrets() {
        let stack = validStack(
            extra: {
                Cluster { Node("nuc", .nuc8gb) }
                CoreService("caller") {
                    Image("example/caller:1.0")
                    Healthcheck(["CMD", "true"])
                    Env("API_TOKEN", .secret("API_TOKEN"))
                    InProduction {
                        Env("AUTHORIZATION", .joined(["Bearer ", .secret("AUTH_TOKEN")]))  // @mixed
                    }
                }
                CoreService("legacy") {
                    Image("example/legacy:1.0")
                    Healthcheck(["CMD", "true"])
                    InProduction {
                        Env("LEGACY_KEY", .secret("LEGACY_KEY"))
                        SecretFromEnvironment("LEGACY_KEY")  // @no-entrypoint
                    }
                }
            },
            service: {
                SecretFromEnvironment("LOG_LEVEL")  // @stale
            })
        let found = swarmFindings(diagnostics(of: stack))
        let mixed = expectDiagnostic("swarm.secrets", atMarker: "mixed", in: found)
        #expect(
            mixed?.message
                == "production: service 'caller': secret variable AUTHORIZATION cannot become a Swarm secret file: its value mixes a secret with other text, so it cannot be a file (as files: API_TOKEN_FILE; from the environment: none)"
        )
        let wrapped = expectDiagnostic("swarm.secrets", atMarker: "no-entrypoint", in: found)
        #expect(wrapped?.message.contains("reads LEGACY_KEY from the environment only, but declares no Entrypoint") == true)
        #expect(wrapped?.message.contains("(as files: none; from the environment: LEGACY_KEY)") == true)
        let stale = expectDiagnostic("swarm.secrets", atMarker: "stale", in: found)
        #expect(stale?.message.contains("SecretFromEnvironment(\"LOG_LEVEL\")") == true)
        #expect(found.count == 3, "\(found.map(\.description))")
    }
}
