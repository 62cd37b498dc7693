import DeployModel
import Foundation
import HomeIQDeployments
import TestSupport
import Testing

@testable import DeployCompiler

/// A small stack with every kind of origin: the service body, `Defaults`, `InTest`, `InProduction`;
/// services in both modes and in one; an explicit test port and offset ones.
private let logging = ServiceGroup {
    Env("LOG_FORMAT", "json")
    InProduction { Env("LOG_SINK", "syslog") }
}

private let viewStack = Stack("demo") {
    Network("demo-network")
    Volume("data")
    Defaults {
        OnNetwork("demo-network")
        Env("DEPLOYMENT_MODE", .deploymentMode)
        Env("LOG_LEVEL", test: "DEBUG", production: "INFO")
        Limits(memory: .mib(128), cpus: 0.25)
    }
    CoreService("db") {
        Image("example/db:1.0")
        Port(5432)
        Mount(volume: "data", at: "/var/lib/db")
        Healthcheck.http(port: 5432)
    }
    CoreService("api") {
        Image("example/api:1.0")
        Port(test: 8001, production: 8000, container: 8000)
        Env("GREETING", "hello")
        Env("DB_URL", .url(of: "db", port: 5432))
        DependsOn("db", .healthy)
        InTest {
            Env("DEBUG_TOOLS", "on")
            DependsOn("fixture", .started)
        }
        InProduction { Limits(memory: .mib(256), cpus: nil) }
        logging
    }
    TestFixture("fixture") {
        Image("example/fixture:1.0")
        Port(9000)
    }
    ExternalAPIService("weather") {
        Image("example/weather:1.0")
        Port(8009)
    }
}

private let both = ModeResolver().resolveAll(viewStack)
private let resolved = both.values
private let test = both.test
private let production = both.production

/// The service definition `name` as written (the model the expectations come from).
private func definition(_ name: String) -> ServiceDefinition {
    viewStack.elements.compactMap { if case .service(let definition) = $0.declaration, definition.name == name { definition } else { nil } }[0]
}

/// The location of the stack's `Defaults` block and its elements.
private var defaultsBlock: (location: DeployModel.SourceLocation, elements: [ServiceElement]) {
    viewStack.elements.compactMap { if case .defaults(let elements) = $0.declaration { ($0.location, elements) } else { nil } }[0]
}

/// `file:line` as the views print it with no root (absolute file).
private func place(_ location: DeployModel.SourceLocation) -> String { "\(location.file):\(location.line)" }

@Suite("Views: origins, diff, show, graph, ports")
struct ViewTests {
    @Test("origins: Defaults, InTest and InProduction blocks are recorded around their declarations, nothing else")
    func origins() throws {
        let (defaultsLocation, defaultsElements) = defaultsBlock
        for element in defaultsElements {
            for deployment in resolved {
                #expect(deployment.origin(of: element.location, in: nil).blocks == [Located(.defaults, at: defaultsLocation)])
                #expect(deployment.origin(of: element.location, in: "api").blocks == [Located(.defaults, at: defaultsLocation)])
            }
        }
        for element in definition("api").elements where element.groupUses.isEmpty {
            if case .scoped(let mode, let inner) = element.declaration {
                let block: EnclosingBlock = mode == .test ? .inTest : .inProduction
                for nested in inner {
                    #expect(test.origin(of: nested.location, in: "api").blocks == [Located(block, at: element.location)])
                }
            } else {
                #expect(test.origin(of: element.location, in: "api").blocks.isEmpty, "\(element)")
            }
        }
        // The group's declarations: where it was used, then the InProduction block inside it.
        let grouped = definition("api").elements.filter { !$0.groupUses.isEmpty }
        #expect(grouped.count == logging.serviceElements.count)
        let use = try #require(grouped.first?.groupUses.first)
        #expect(use.line > definition("api").location.line && use.file == definition("api").location.file)
        let format = try #require(grouped.first { if case .environment("LOG_FORMAT", _) = $0.declaration { true } else { false } })
        #expect(production.origin(of: format.location, in: "api").blocks == [Located(.serviceGroup, at: use)])
        #expect(production.origin(of: format.location, in: "db").blocks.isEmpty, "db does not use the group")
        let scoped = try #require(grouped.first { if case .scoped = $0.declaration { true } else { false } })
        guard case .scoped(_, let inner) = scoped.declaration else { return }
        #expect(
            production.origin(of: inner[0].location, in: "api").blocks
                == [Located(.serviceGroup, at: use), Located(.inProduction, at: scoped.location)])
        #expect(
            OriginText(root: nil).text(production.origin(of: inner[0].location, in: "api")).hasSuffix(
                "(ServiceGroup used at ViewTests.swift:\(use.line), InProduction at ViewTests.swift:\(scoped.location.line))"))
    }

    @Test("diff: services of one mode, and every setting that differs with both values and origins; equal ones left out")
    func diff() throws {
        let text = ModeDiff(both, root: nil).text
        let onlyTest = Set(test.services.map(\.name)).subtracting(production.services.map(\.name))
        let onlyProduction = Set(production.services.map(\.name)).subtracting(test.services.map(\.name))
        #expect(onlyTest == ["fixture"] && onlyProduction == ["weather"])
        #expect(text.contains("Services only in test (\(onlyTest.count)):\n  fixture "))
        #expect(text.contains("Services only in production (\(onlyProduction.count)):\n  weather "))
        // Every environment key whose effective value differs is listed with both values and origins.
        let api = (test: test.service(named: "api")!, production: production.service(named: "api")!)
        let keys = Set(api.test.environment.map(\.key) + api.production.environment.map(\.key))
        var differing = 0
        for key in keys.sorted() {
            let left = api.test.environment.first { $0.key == key }
            let right = api.production.environment.first { $0.key == key }
            let line = text.split(separator: "\n").first { $0.contains("environment \(key) ") }
            if left?.value.displayText == right?.value.displayText {
                #expect(line == nil, "\(key) is the same in both modes but listed")
                continue
            }
            differing += 1
            let lines = text.split(separator: "\n").map(String.init)
            let index = try #require(lines.firstIndex { $0.hasPrefix("  environment \(key) ") }, "\(key) missing from diff")
            #expect(lines[index].contains(" test ") && lines[index + 1].contains(" production "))
            #expect(lines[index].contains(left?.value.displayText ?? "(not set)"))
            #expect(lines[index + 1].contains(right?.value.displayText ?? "(not set)"))
            if let left { #expect(lines[index].contains(place(left.location))) }
            if let right { #expect(lines[index + 1].contains(place(right.location))) }
        }
        #expect(differing >= 3, "DEPLOYMENT_MODE, LOG_LEVEL and DEBUG_TOOLS differ")
        #expect(text.contains("(Defaults at "))
        #expect(text.contains("(InTest at "))
        #expect(text.contains("(InProduction at "), "the production-only limit")
        #expect(text.contains("(ServiceGroup used at ViewTests.swift:"), "LOG_SINK, from the group")
        #expect(text.contains("network demo-network"))
        // Env files: every key whose value differs, with both values.
        let envKeys = Set((test.envFile + production.envFile).map(\.key)).filter { key in
            test.envFile.last { $0.key == key }?.value.displayText != production.envFile.last { $0.key == key }?.value.displayText
        }
        #expect(!envKeys.isEmpty)
        let envSection = try #require(text.components(separatedBy: "\n\n").first { $0.hasPrefix("Env files (") })
        #expect(envSection.split(separator: "\n").dropFirst().count == 2 * envKeys.count)
        for key in envKeys {
            let line = try #require(envSection.split(separator: "\n").first { $0.hasPrefix("  \(key) ") })
            #expect(line.contains(test.envFile.last { $0.key == key }?.value.displayText ?? "(not set)"))
        }
        #expect(!text.contains("image"), "images are the same in both modes")
        #expect(text == ModeDiff(both, root: nil).text, "deterministic")
    }

    @Test("show: every resolved setting of each mode, with its origin")
    func show() throws {
        let text = ServiceDescription(service: "api", in: resolved, root: nil).text
        let sections = text.components(separatedBy: "\n\n")
        #expect(sections.count == 2)
        for (deployment, section) in zip(resolved, sections) {
            let service = try #require(deployment.service(named: "api"))
            #expect(section.hasPrefix("api in \(deployment.mode) (compose project \(deployment.projectName)):"))
            let lines = section.split(separator: "\n").dropFirst()
            #expect(lines.count == deployment.facts(of: service).count)
            for variable in service.environment {
                let line = try #require(lines.first { $0.hasPrefix("  environment \(variable.key) ") }, "\(variable.key)")
                #expect(line.contains(variable.value.displayText))
                #expect(line.contains(OriginText(root: nil).text(deployment.origin(of: variable.location, in: "api"))))
            }
            for port in service.ports { #expect(section.contains(port.composeValue)) }
            for dependency in service.dependencies {
                #expect(lines.contains { $0.hasPrefix("  depends_on \(dependency.service) ") && $0.contains(dependency.condition.rawValue) })
            }
            #expect(section.contains("limits memory"))
        }
        #expect(sections[1].contains("256M") && sections[1].contains("(InProduction at "))
        #expect(!sections[1].contains("DEBUG_TOOLS"))
        let only = ServiceDescription(service: "fixture", in: resolved, root: nil)
        let fixture = try #require(test.service(named: "fixture"))
        #expect(
            only.exists
                && only.text.contains(
                    "fixture in production (compose project demo): does not run in production; "
                        + "it runs in \(fixture.modes.value) (\(place(fixture.modes.location)))")
        )
        #expect(!ServiceDescription(service: "nope", in: resolved, root: nil).exists)
    }

    @Test("ports: one row per service and container port, with both host ports and how test's is chosen")
    func ports() throws {
        let table = PortTable(both, root: nil)
        let offset = test.testPortOffset
        #expect(table.text.hasPrefix("Test port offset: \(offset) "))
        let expectedRows = Set(
            resolved.flatMap { deployment in deployment.services.flatMap { service in service.ports.map { "\(service.name) \($0.container)" } } })
        #expect(Set(table.rows.map { "\($0.service) \($0.container.prefix { $0.isNumber })" }) == expectedRows)
        #expect(table.rows.count == expectedRows.count)
        for row in table.rows {
            let relation = row.relation(offset: offset)
            switch (row.test, row.production) {
            case (let t?, let p?): #expect(relation == (t.host == p.host + offset ? "+\(offset) (offset)" : "explicit test port"), "\(row)")
            case (nil, _?): #expect(relation == "production only")
            case (_?, nil): #expect(relation == "test only")
            case (nil, nil): Issue.record("empty row \(row)")
            }
            let line = try #require(table.text.split(separator: "\n").first { $0.hasPrefix(row.service + " ") && $0.contains(row.container) })
            #expect(line.contains(relation))
        }
        #expect(table.rows.first { $0.service == "api" }?.relation(offset: offset) == "explicit test port")
        #expect(table.rows.first { $0.service == "db" }?.relation(offset: offset) == "+\(offset) (offset)")
    }
}

@Suite("Views: dependency graph")
struct DependencyGraphTests {
    private let graph = DependencyGraph(resolved)

    @Test("one cluster per mode; a node per service; an edge per depends_on with its condition, and per service a value names")
    func model() {
        #expect(graph.clusters.map(\.mode) == [.test, .production])
        for (cluster, deployment) in zip(graph.clusters, resolved) {
            #expect(cluster.nodes.map(\.service) == deployment.services.map(\.name).sorted())
            for node in cluster.nodes {
                let service = deployment.service(named: node.service)!
                #expect(node.role == service.role && node.hasHealthcheck == (service.healthcheck != nil))
            }
            let dependsOn = deployment.services.flatMap { service in
                service.dependencies.map { "\(service.name)->\($0.service):\($0.condition.rawValue)" }
            }
            #expect(
                Set(
                    cluster.edges.compactMap { edge in
                        if case .dependsOn(let condition) = edge.kind { "\(edge.from)->\(edge.to):\(condition.rawValue)" } else { nil }
                    }) == Set(dependsOn))
        }
        // api names db in a URL and depends on it: one edge, the depends_on.
        #expect(graph.clusters[0].edges.filter { $0.from == "api" && $0.to == "db" }.map(\.kind) == [.dependsOn(.healthy)])
    }

    /// The `"…"` identifiers and `a -> b` edges of a DOT text, checked for balance on the way.
    private func parseDot(_ text: String) throws -> (nodes: Set<String>, edges: [(String, String)]) {
        var nodes = Set<String>()
        var edges: [(String, String)] = []
        var depth = 0
        let quoted = try NSRegularExpression(pattern: #""((?:[^"\\]|\\.)*)""#)
        for line in text.split(separator: "\n").map(String.init) {
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
            #expect(depth >= 0)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let strings = quoted.matches(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed)).map {
                (trimmed as NSString).substring(with: $0.range(at: 1))
            }
            if trimmed.contains(" -> ") {
                edges.append((strings[0], strings[1]))
                #expect(trimmed.hasSuffix("];"))
            } else if trimmed.hasPrefix("\""), trimmed.contains("[label=") {
                nodes.insert(strings[0])
                #expect(trimmed.hasSuffix("];"))
            }
        }
        #expect(depth == 0, "unbalanced braces")
        return (nodes, edges)
    }

    @Test("dot: a digraph whose nodes are the services of each mode and whose edges join declared nodes")
    func dotStructure() throws {
        let dot = graph.dot
        #expect(dot.hasPrefix("digraph homeiq {\n") && dot.hasSuffix("}\n"))
        let (nodes, edges) = try parseDot(dot)
        #expect(nodes == Set(resolved.flatMap { deployment in deployment.services.map { "\(deployment.mode)/\($0.name)" } }))
        #expect(edges.count == graph.clusters.map(\.edges.count).reduce(0, +))
        for (from, to) in edges { #expect(nodes.contains(from) && nodes.contains(to), "\(from) -> \(to)") }
        #expect(DependencyGraph.dotString("a\"b\\c\nd\r\ne") == #""a\"b\\c\nd\ne""#)
        #expect(DependencyGraph.mermaidText("a\"<b>#") == "a#quot;#lt;b#gt;#35;")
    }

    @Test("mermaid: every node declared once, every edge between declared nodes, roles as classes")
    func mermaidStructure() throws {
        let lines = graph.mermaid.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        #expect(lines.filter { $0.contains("subgraph ") }.count == 2 && lines.filter { $0.trimmingCharacters(in: .whitespaces) == "end" }.count == 2)
        let declaration = try NSRegularExpression(pattern: #"^\s+([a-z]+_[0-9]+)\["([^"]*)"\]$"#)
        var identifiers: [String: String] = [:]
        for line in lines {
            guard let match = declaration.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
            let id = (line as NSString).substring(with: match.range(at: 1))
            #expect(identifiers[id] == nil, "\(id) declared twice")
            identifiers[id] = (line as NSString).substring(with: match.range(at: 2))
        }
        #expect(identifiers.count == resolved.map(\.services.count).reduce(0, +))
        let edge = try NSRegularExpression(pattern: #"^\s+([a-z]+_[0-9]+) (-->|-\.->)\|([a-z]+)\| ([a-z]+_[0-9]+)$"#)
        var edgeCount = 0
        for line in lines {
            guard let match = edge.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
            edgeCount += 1
            for group in [1, 4] { #expect(identifiers[(line as NSString).substring(with: match.range(at: group))] != nil) }
        }
        #expect(edgeCount == graph.clusters.map(\.edges.count).reduce(0, +))
        for role in Set(resolved.flatMap { $0.services.map(\.role) }) {
            #expect(lines.contains { $0.hasPrefix("    class ") && $0.hasSuffix(" " + role.rawValue.replacingOccurrences(of: "-", with: "_")) })
        }
    }

    @Test(
        "the graph of the HomeIQ stack: dot is valid Graphviz (the real dot)",
        .enabled(if: Requirement.toolAvailableOrCI("dot"), "needs Graphviz dot: scripts/test.sh installs it as root"))
    func realDot() throws {
        guard let dot = Requirement.tool("dot") else { return }
        let deployments = ModeResolver().resolveAll(HomeIQ.stack).values
        let text = DependencyGraph(deployments).dot
        let process = Process()
        process.executableURL = dot
        process.arguments = ["-Tdot"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot refused the graph: \(err)")
        #expect(err.isEmpty, "dot warned: \(err)")
        for deployment in deployments {
            for service in deployment.services { #expect(out.contains("\"\(deployment.mode)/\(service.name)\""), "\(service.name) lost") }
        }
    }
}

@Suite("Views: the deployment guide's architecture diagram")
struct ArchitectureDiagramTests {
    @Test("the region between the markers is replaced, the rest kept byte for byte")
    func update() throws {
        let guide = "# Guide\n\nbefore\n\(ArchitectureDiagram.beginMarker)\nold diagram\n\(ArchitectureDiagram.endMarker)\nafter\n"
        let updated = try ArchitectureDiagram.update(guide, with: both)
        #expect(updated == "# Guide\n\nbefore\n" + ArchitectureDiagram.region(both) + "\nafter\n")
        #expect(updated.contains("```mermaid\n" + DependencyGraph(resolved).mermaid + "```"))
        #expect(try ArchitectureDiagram.update(updated, with: both) == updated, "idempotent")
    }

    @Test("the repository's guide holds the diagram of the HomeIQ stack as generated now")
    func repositoryGuide() throws {
        let path = PackageRoot.url().appendingPathComponent("docs/\(ArchitectureDiagram.guideName)")
        let guide = try String(contentsOf: path, encoding: .utf8)
        let deployments = ModeResolver().resolveAll(HomeIQ.stack)
        #expect(
            try ArchitectureDiagram.update(guide, with: deployments) == guide,
            "docs/DEPLOYMENT_GUIDE.md's diagram is stale: run 'swift run homeiq-gen'")
        #expect(guide.contains(ArchitectureDiagram.region(deployments)))
    }

    @Test("a guide without its markers is refused, saying which is missing")
    func missingMarkers() {
        #expect(throws: ArchitectureDiagram.MissingMarkers.self) { try ArchitectureDiagram.update("# Guide\n", with: both) }
        do {
            _ = try ArchitectureDiagram.update("\(ArchitectureDiagram.beginMarker)\nno end\n", with: both)
            Issue.record("accepted a guide without the end marker")
        } catch {
            #expect(error.message.contains(ArchitectureDiagram.endMarker))
        }
    }
}
