import DeployModel
import Testing

@testable import DeployCompiler

/// The rules that judge an environment value by itself judge each of `EnvironmentValues.values` once; these
/// tests hold it to its promise: every variable reads back its own value, in order, and a value that the
/// previous service holds at the same place is not held again.
@Suite("EnvironmentValues: each repeated value once, every variable mapped to its own")
struct EnvironmentValuesTests {
    private let stack = Stack("s") {
        CoreService("api") {
            Env("A", "1")
            Env("B", "x")
            Env("C", "http://web:8080")
        }
        CoreService("web") {
            Env("A", "1")
            Env("B", "y")
            Env("C", "http://api:8080")
        }
        CoreService("worker") {
            Env("A", "1")
            Env("B", "x")
            Env("D", .variable("D", default: "x"))
        }
    }

    @Test("a judgement of every value visits every variable of every service, in environment order, with its own value")
    func everyVariableMapped() throws {
        for deployment in ModeResolver().resolveAll(stack) {
            let values = EnvironmentValues(deployment)
            let judged = values.judge { $0 }
            #expect(!judged.isEmpty)
            for (index, service) in deployment.services.enumerated() {
                var visited: [ResolvedEnvironmentVariable] = []
                values.forEachJudged(judged, service: service, at: index) { variable, value in
                    #expect(value == variable.value, "\(service.name): \(variable.key)")
                    visited.append(variable)
                }
                #expect(visited == Array(service.environment), "\(service.name)")
            }
        }
    }

    @Test("a value the previous service holds at the same place is held once; others are held again")
    func repeatsHeldOnce() throws {
        let production = ModeResolver().resolveAll(stack).production
        let values = EnvironmentValues(production)
        let variables = production.services.map { Array($0.environment) }
        #expect(variables.count == 3)
        // A is "1" at the same place in all three services: one value. B is x, y, x: x comes back after y, so it
        // is held twice (neighbours are compared, not every value).
        #expect(values.values.filter { $0 == .literal("1") }.count == 1)
        #expect(values.values.filter { $0 == .literal("x") }.count == 2)
        #expect(values.values.filter { $0 == .literal("y") }.count == 1)
        #expect(values.values.count < variables.map(\.count).reduce(0, +))
        // Every value held is some variable's value.
        let all = variables.joined().map(\.value)
        #expect(values.values.allSatisfy { all.contains($0) })
    }

    @Test("only the variables whose value got a judgement are visited, in service and environment order")
    func onlyJudgedVisited() throws {
        let production = ModeResolver().resolveAll(stack).production
        let values = EnvironmentValues(production)
        let judged = values.judge { $0 == .literal("x") ? "found" : nil }
        var visited: [String] = []
        for (index, service) in production.services.enumerated() {
            values.forEachJudged(judged, service: service, at: index) { variable, judgement in
                visited.append("\(service.name).\(variable.key)=\(judgement)")
            }
        }
        #expect(visited == ["api.B=found", "worker.B=found"])
        // The deployment-wide form visits the same variables, with their services.
        var visitedInDeployment: [String] = []
        values.forEachJudged(judged, in: production) { service, variable, judgement in
            visitedInDeployment.append("\(service.name).\(variable.key)=\(judgement)")
        }
        #expect(visitedInDeployment == visited)
        // Nothing judged: isEmpty, and no variable is visited.
        let none = values.judge { _ -> String? in nil }
        #expect(none.isEmpty)
        for (index, service) in production.services.enumerated() {
            values.forEachJudged(none, service: service, at: index) { variable, _ in Issue.record("visited \(variable.key)") }
        }
    }

    @Test("a value at the same place under another key is held again, so a judgement by key and value sees each variable's own key")
    func keysJudgedWithValues() throws {
        let stack = Stack("s") {
            CoreService("api") {
                Env("A_LEVEL", "hunter2")
                Env("B", "x")
            }
            CoreService("web") {
                Env("API_TOKEN", "hunter2")
                Env("B", "x")
            }
        }
        let production = ModeResolver().resolveAll(stack).production
        let values = EnvironmentValues(production)
        #expect(values.keys.count == values.values.count)
        // hunter2 twice (two keys), x once (same key and value at the same place).
        #expect(values.values.filter { $0 == .literal("hunter2") }.count == 2)
        #expect(values.values.filter { $0 == .literal("x") }.count == 1)
        let judged = values.judgeVariables { key, value in key.hasSuffix("_TOKEN") ? "\(key)=\(value.displayText)" : nil }
        var visited: [String] = []
        values.forEachJudged(judged, in: production) { service, variable, judgement in
            #expect(judgement == "\(variable.key)=\(variable.value.displayText)")
            visited.append("\(service.name).\(variable.key)")
        }
        #expect(visited == ["web.API_TOKEN"])
    }
}
