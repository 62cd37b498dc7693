import DeployCompiler
import DeployModel
import Dispatch
import Foundation
import HomeIQDeployments
import TestSupport

/// One value placed in one field.
struct FieldCase: Sendable {
    var field: StringField
    var value: String
}

/// The outcome of every case: read back exactly, refused at its line, or changed (a failure).
struct DifferentialResult {
    var exact = 0
    /// The numbers of the cases read back exactly.
    var exactCases: Set<Int> = []
    var refused = 0
    /// What went wrong, one line per case.
    var changed: [String] = []
    var composeCalls = 0
}

/// Compiles every case alone (refused at its own line, or passed), then reads the cases that passed
/// back in batches, many services per compose file, through the three readers.
struct Differential: Sendable {
    let readBack: ReadBack
    /// Services per compose file.
    var batchSize = 500
    /// Services per compose file of a stack with a `Cluster`: the stack file lists every node each
    /// service may run on, so its size grows with services × nodes.
    var clusterBatchSize = 60

    /// What compiling one case alone gave.
    enum Alone: Sendable {
        case refusedAtItsLine
        case refusedElsewhere(String)
        case passed(Footprint)
    }

    /// What a case shares with the others in its compose file: the deploy-time variables it sets
    /// (env-file keys, its deploy environment), each with what it sets it to, and those it reads
    /// (`${NAME}` in its compose and env text), beside those of the stack every case shares; and the
    /// host files it creates (standardized paths relative to the package root); and the cluster
    /// nodes it declares (a name twice is a cluster of two nodes of one name).
    struct Footprint: Sendable, Equatable {
        var sets: [String: String] = [:]
        var reads: Set<String> = []
        var files: Set<String> = []
        var nodes: Set<String> = []
    }

    /// Cases read back together from one compose file, none seeing a variable other than as it would
    /// alone: every name a case reads or sets is set to the same thing, or by none, in the batch.
    struct Batch {
        var items: [(index: Int, placement: Placement)] = []
        var footprint = Footprint()

        /// Whether `new` can join: each name that it reads or sets has the same setting in the batch
        /// as in `new` (both unset, or both the same value), or `new` sets a name the batch does not
        /// use; and no host file of `new` is, or lies in or above, a host file of the batch (a file
        /// `env/a` and a file `env/a/b` cannot both be created).
        func admits(_ new: Footprint) -> Bool {
            let variablesAgree = new.reads.union(new.sets.keys).allSatisfy { name in
                footprint.sets[name] == new.sets[name]
                    || (new.sets[name] != nil && footprint.sets[name] == nil && !footprint.reads.contains(name))
            }
            func nested(_ a: String, _ b: String) -> Bool {
                a == b || a.utf8.starts(with: (b + "/").utf8) || b.utf8.starts(with: (a + "/").utf8)
            }
            return variablesAgree && new.files.allSatisfy { file in !footprint.files.contains { nested($0, file) } }
                && footprint.nodes.isDisjoint(with: new.nodes)
        }

        mutating func add(_ item: (index: Int, placement: Placement), _ new: Footprint) {
            items.append(item)
            footprint.sets.merge(new.sets) { old, _ in old }
            footprint.reads.formUnion(new.reads)
            footprint.files.formUnion(new.files)
            footprint.nodes.formUnion(new.nodes)
        }
    }

    func run(_ cases: [FieldCase], describe: (FieldCase) -> String) throws -> DifferentialResult {
        var result = DifferentialResult()
        let placed = cases.enumerated().map { index, item in (index: index, placement: item.field.place(item.value, "s\(index)")) }
        let alone = placed.concurrentMapForTests { Self.compileAlone($0.placement, index: $0.index) }
        var outcomes: [Int: String] = [:]  // a text: what changed
        var pending: [(index: Int, placement: Placement)] = []
        var onClusters: [(index: Int, placement: Placement)] = []
        var singletons: [(index: Int, placement: Placement)] = []
        var footprints: [Int: Footprint] = [:]
        for (item, outcome) in zip(placed, alone) {
            switch outcome {
            case .refusedAtItsLine: result.refused += 1
            case .refusedElsewhere(let why): outcomes[item.index] = why
            case .passed(let footprint):
                switch cases[item.index].field.batching {
                case .perStack: singletons.append(item)
                case .shared: pending.append(item)
                case .cluster: onClusters.append(item)
                }
                footprints[item.index] = footprint
            }
        }
        for batch in Self.batches(pending, footprints: footprints, size: batchSize)
            + Self.batches(onClusters, footprints: footprints, size: clusterBatchSize)
        {
            try check(batch, into: &outcomes, calls: &result.composeCalls)
        }
        // A stack-wide field holds one value per stack: a stack holds a value of each such field (each
        // changes its own part of the stack), and many stacks are read in one Python process.
        let packs = Self.packs(singletons) { item in item.placement.setup?.slots ?? [cases[item.index].field.path] }
        for start in stride(from: 0, to: packs.count, by: 25) {
            try checkPacks(Array(packs[start..<min(start + 25, packs.count)]), into: &outcomes, calls: &result.composeCalls)
        }
        for item in pending + onClusters + singletons where outcomes[item.index] == nil {
            result.exact += 1
            result.exactCases.insert(item.index)
        }
        for index in outcomes.keys.sorted() { result.changed.append("\(describe(cases[index])): \(outcomes[index]!)") }
        return result
    }

    /// Splits the cases into batches of at most `size` that `Batch.admits`, so that no case sees
    /// another's variables or host files (the fuzzer's seed 1351416966 read one case's `${xxx…:-d}`
    /// as the `x` that another case's env-file entry of the same name gave).
    static func batches(
        _ items: [(index: Int, placement: Placement)], footprints: [Int: Footprint], size: Int
    ) -> [[(index: Int, placement: Placement)]] {
        var open: [Batch] = []
        var full: [[(index: Int, placement: Placement)]] = []
        for item in items {
            let own = footprints[item.index] ?? Footprint()
            let slot = open.firstIndex { $0.admits(own) } ?? open.endIndex
            if slot == open.endIndex { open.append(Batch()) }
            open[slot].add(item, own)
            if open[slot].items.count == size { full.append(open.remove(at: slot).items) }
        }
        return full + open.map(\.items)
    }

    /// The variables that the stack around every case sets and reads.
    static let shared = footprint(of: ModeResolver().resolveAll(stack([])), environment: [:])

    /// The variables `deployments` set in their env files (with each mode's value) and read, and
    /// those the deploy `environment` sets.
    static func footprint(of deployments: PerMode<ResolvedDeployment>, environment: [String: String]) -> Footprint {
        var sets: [String: String] = environment.mapValues { "environment: " + $0 }
        for deployment in deployments {
            for entry in deployment.envFile { sets[entry.key, default: ""] += "; \(deployment.mode) env file: \(entry.value)" }
        }
        return Footprint(sets: sets, reads: Set(deployments.flatMap { $0.variableUses.map(\.name) }))
    }

    /// Compiles `placement` in a stack of its own: refused at one of its declarations' lines, refused
    /// somewhere else (a failure: the engineer is not told where), or passed, with what it shares
    /// with other cases. A placement with host files is compiled as `homeiq-gen` compiles a checkout
    /// holding them (created in a folder of its own: the file system, not the harness, says what a
    /// path such as `env/.` or a 300-byte name is), so that `files.exist` sees them.
    static func compileAlone(_ placement: Placement, index: Int = 0) -> Alone {
        // Resolution and rules only: the files are written for the batches. The service is named as in
        // its batch (`s<index>`): a `Place` names it.
        let deployments = ModeResolver().resolveAll(stack([(index: index, placement: placement)]))
        var hostFiles: HostFiles?
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-faithful-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        if !placement.hostFiles.isEmpty {
            createHostFiles(placement.hostFiles, in: root)
            hostFiles = HostFiles.local(root: root.path)
        }
        let errors = RuleEngine().run(RuleContext(deployments, hostFiles: hostFiles)).diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else {
            let all = footprint(of: deployments, environment: placement.composeEnvironment)
            return .passed(
                Footprint(
                    sets: all.sets.filter { shared.sets[$0.key] != $0.value },
                    reads: all.reads.subtracting(shared.reads),
                    files: Set(placement.hostFiles.keys.map { URL(fileURLWithPath: "/" + $0).standardized.path }),
                    nodes: Set(deployments.flatMap { $0.cluster?.nodes.map(\.name) ?? [] })))
        }
        if ProcessInfo.processInfo.environment["HOMEIQ_FAITHFUL_EXPLAIN"] != nil {
            print("REFUSED \(errors.map(\.description).joined(separator: " | ").prefix(400))")
        }
        let lines = Set(
            placement.service.map(\.location) + placement.stack.map(\.location) + placement.cluster.map(\.location)
                + (placement.setup.map { [$0.location] } ?? []))
        if errors.contains(where: { lines.contains(SourceLocation(file: $0.location.file, line: $0.location.line, column: 1)) }) {
            return .refusedAtItsLine
        }
        return .refusedElsewhere(
            "refused, but not at its declaration: \(errors.prefix(2).map { String($0.description.prefix(300)) })")
    }

    /// Compiles `batch` (each case passed alone) and reads it back; when a reader refuses the whole
    /// file, halves the batch to find the values responsible.
    private func check(_ batch: [(index: Int, placement: Placement)], into outcomes: inout [Int: String], calls: inout Int) throws {
        guard !batch.isEmpty else { return }
        func halve() throws -> Bool {
            guard batch.count > 1 else { return false }
            let half = batch.count / 2
            try check(Array(batch[..<half]), into: &outcomes, calls: &calls)
            try check(Array(batch[half...]), into: &outcomes, calls: &calls)
            return true
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-faithful-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [ReadBack.File]
        switch try Self.write(batch, to: folder, group: 0) {
        case .failure(let refusal):
            if try halve() { return }
            outcomes[batch[0].index] = refusal.message
            return
        case .success(let written): files = written
        }
        calls += files.count
        let report = try readBack.read(files)
        let fileErrors = report.fileErrors.map(\.message)
        if !fileErrors.isEmpty {
            // Compose names the service it refuses (`services.s12.volumes`): set that case aside and
            // read the others again; halve only when no service is named.
            let indices = Set(batch.map(\.index))
            let named = Set(fileErrors.flatMap(Self.servicesNamed)).intersection(indices)
            if !named.isEmpty {
                for index in named {
                    outcomes[index] = fileErrors.filter { Self.servicesNamed(in: $0).contains(index) }.joined(separator: "; ")
                }
                try check(batch.filter { !named.contains($0.index) }, into: &outcomes, calls: &calls)
                return
            }
            if try halve() { return }
            outcomes[batch[0].index] = fileErrors.joined(separator: "; ")
            return
        }
        for failure in report.failures {
            outcomes[failure.id, default: ""] += "\(failure.reader) read \(failure.got); "
        }
    }

    /// Stacks of one value of a stack-wide field each, at most one case per slot in a stack: each case
    /// joins the first stack where none of its slots is taken.
    static func packs(_ items: [(index: Int, placement: Placement)], slots: ((index: Int, placement: Placement)) -> Set<String>) -> [[(
        index: Int, placement: Placement
    )]] {
        // The values of a field come in the order of `HostileValues`: each field's list is rotated by a
        // different step, so that a stack does not hold the same value in every field (`x` as test's
        // InfluxDB organisation and in production's `DATABASE_URL` is isolation.cross-reference).
        var groups: [Set<String>: [(index: Int, placement: Placement)]] = [:]
        var order: [Set<String>] = []
        for item in items {
            let own = slots(item)
            if groups[own] == nil { order.append(own) }
            groups[own, default: []].append(item)
        }
        let rotated = order.enumerated().flatMap { number, key -> [(index: Int, placement: Placement)] in
            let group = groups[key]!
            let step = (number * 7) % group.count
            return Array(group[step...] + group[..<step])
        }
        var packs: [[(index: Int, placement: Placement)]] = []
        var taken: [Set<String>] = []
        for item in rotated {
            let own = slots(item)
            if let slot = taken.firstIndex(where: { $0.isDisjoint(with: own) }) {
                packs[slot].append(item)
                taken[slot].formUnion(own)
            } else {
                packs.append([item])
                taken.append(own)
            }
        }
        return packs
    }

    /// Compiles each pack (a stack carrying one value of each of several stack-wide fields) and reads
    /// them back together; a case of a pack that is refused or read back changed is checked again in a
    /// stack of its own, where its outcome counts.
    private func checkPacks(_ packs: [[(index: Int, placement: Placement)]], into outcomes: inout [Int: String], calls: inout Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-faithful-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [ReadBack.File] = []
        var alone: [(index: Int, placement: Placement)] = []
        var read: [Int: [(index: Int, placement: Placement)]] = [:]  // by group
        // A pack that two of its values make fail (`x` in one field named in another's text: rule
        // isolation.cross-reference) is halved until its parts compile.
        let parts = packs.concurrentMapForTests(Self.compilable).joined()
        for (group, part) in parts.enumerated() {
            let pack = part.items
            guard pack.count > 1 else {
                alone += pack
                continue
            }
            switch try Self.write(pack, to: folder.appendingPathComponent("\(group)"), group: group, compilation: part.compilation) {
            case .failure(let refusal):
                if ProcessInfo.processInfo.environment["HOMEIQ_FAITHFUL_EXPLAIN"] != nil { print("PACK REFUSED \(refusal.message.prefix(600))") }
                alone += pack
            case .success(let written):
                files += written
                read[group] = pack
            }
        }
        if !files.isEmpty {
            calls += files.count
            let report = try readBack.read(files)
            if ProcessInfo.processInfo.environment["HOMEIQ_FAITHFUL_EXPLAIN"] != nil {
                for failure in report.failures { print("PACK READ \(failure.id) \(failure.reader) \(failure.got.prefix(300))") }
                for error in report.fileErrors { print("PACK FILE \(error.message.prefix(600))") }
            }
            var again = Set(report.failures.map(\.id))
            for error in report.fileErrors { again.formUnion(read[error.group]?.map(\.index) ?? []) }
            alone += read.values.joined().filter { again.contains($0.index) }
        }
        for start in stride(from: 0, to: alone.count, by: 50) {
            try checkSingletons(Array(alone[start..<min(start + 50, alone.count)]), into: &outcomes, calls: &calls)
        }
    }

    /// Cases and, when it was compiled, the compilation of their stack.
    struct Compiled: Sendable {
        var items: [(index: Int, placement: Placement)]
        var compilation: Compilation?
    }

    /// `pack` if it compiles, else its halves, each halved again until it compiles or holds one case.
    @Sendable static func compilable(_ pack: [(index: Int, placement: Placement)]) -> [Compiled] {
        guard pack.count > 1 else { return [Compiled(items: pack)] }
        let compilation = Compiler().compile(stack(pack))
        guard compilation.hasErrors else { return [Compiled(items: pack, compilation: compilation)] }
        if ProcessInfo.processInfo.environment["HOMEIQ_FAITHFUL_EXPLAIN"] != nil {
            print("SPLIT \(pack.count) \(compilation.errors.first.map { String($0.description.prefix(250)) } ?? "")")
        }
        return compilable(Array(pack[..<(pack.count / 2)])) + compilable(Array(pack[(pack.count / 2)...]))
    }

    /// Stacks of one stack-wide value each, compiled one by one and read back together.
    private func checkSingletons(_ items: [(index: Int, placement: Placement)], into outcomes: inout [Int: String], calls: inout Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeiq-faithful-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [ReadBack.File] = []
        for item in items {
            switch try Self.write([item], to: folder.appendingPathComponent("\(item.index)"), group: item.index) {
            case .failure(let refusal): outcomes[item.index] = refusal.message
            case .success(let written): files += written
            }
        }
        guard !files.isEmpty else { return }
        calls += files.count
        let report = try readBack.read(files)
        for error in report.fileErrors { outcomes[error.group, default: ""] += error.message + "; " }
        for failure in report.failures { outcomes[failure.id, default: ""] += "\(failure.reader) read \(failure.got); " }
    }

    /// Why a batch whose cases passed alone was refused together.
    struct BatchRefusal: Error {
        var message: String
    }

    /// Compiles `batch` into `folder` and returns each mode's files with the checks in them.
    static func write(
        _ batch: [(index: Int, placement: Placement)], to folder: URL, group: Int, compilation: Compilation? = nil
    ) throws -> Result<[ReadBack.File], BatchRefusal> {
        let compilation = compilation ?? Compiler().compile(stack(batch))
        if compilation.hasErrors {
            return .failure(BatchRefusal(message: "passed alone, refused in a batch: \(compilation.errors.prefix(2).map(\.description))"))
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("generated"), withIntermediateDirectories: true)
        for file in compilation.files where file.path.hasPrefix("generated/") {
            try Data(file.contents.utf8).write(to: folder.appendingPathComponent(file.path))
        }
        createHostFiles(Dictionary(batch.flatMap(\.placement.hostFiles)) { first, _ in first }, in: folder)
        let environment = batch.reduce(into: [:]) { $0.merge($1.placement.composeEnvironment) { first, _ in first } }
        func path(_ name: String) -> String { folder.appendingPathComponent("generated/\(name)").path }
        let composeFiles = Mode.allCases.map { mode in
            ReadBack.File(
                compose: path(OutputNames.compose(mode)), env: path(OutputNames.env(mode)),
                checks: batch.flatMap { item in
                    [ReadBack.Check(id: item.index, item.placement.expectations(in: mode))]
                        + item.placement.stackFileChecks(in: mode, composeFile: true).map { ReadBack.Check(id: item.index, $0) }
                }, environment: environment, group: group)
        }
        // With a `Cluster`, the Swarm stack file of each mode too.
        let stackFiles = Mode.allCases.filter { mode in compilation.files.contains { $0.path == "generated/\(OutputNames.stack(mode))" } }.map {
            mode in
            ReadBack.File(
                compose: path(OutputNames.stack(mode)), env: path(OutputNames.env(mode)),
                checks: batch.flatMap { item in item.placement.stackFileChecks(in: mode).map { ReadBack.Check(id: item.index, $0) } },
                environment: environment, group: group, topLevelKeys: ReadBack.File.stackFileKeys)
        }
        if batch.contains(where: { !$0.placement.stackFile.isEmpty }) && stackFiles.count != Mode.allCases.count {
            return .failure(BatchRefusal(message: "a case of a cluster field compiled without a Swarm stack file for each mode"))
        }
        return .success(composeFiles + stackFiles)
    }

    /// Creates `files` (paths relative to `folder`, and their contents) as far as the file system
    /// lets it: a path it cannot hold is simply not there, as on a checkout. Folder by folder, without
    /// recursion (Foundation's intermediate folders overflow the stack on a 1 MB path).
    static func createHostFiles(_ files: [String: String], in folder: URL) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, contents) in files {
            var parent = folder.path
            // On scalars: `/` followed by a combining mark is one Character, but the kernel splits there.
            for component in path.unicodeScalars.split(separator: "/").dropLast() {
                parent += "/" + String(String.UnicodeScalarView(component))
                if mkdir(parent, 0o755) != 0 && errno != EEXIST { break }
            }
            // False when the file system cannot hold the path: then the file is not there, as documented above.
            _ = FileManager.default.createFile(atPath: folder.path + "/" + path, contents: Data(contents.utf8))
        }
    }

    /// The case numbers of the services `services.s<N>` that `message` names.
    static func servicesNamed(in message: String) -> [Int] {
        var found: [Int] = []
        var rest = Substring(message)
        while let range = rest.range(of: "services.s") {
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let index = Int(digits), rest[range.upperBound...].dropFirst(digits.count).first.map({ !$0.isLetter && !$0.isNumber }) ?? true {
                found.append(index)
            }
            rest = rest[range.upperBound...]
        }
        return found
    }

    /// A stack that passes every rule, with one service per placement (named `s<index>`).
    static func stack(_ items: [(index: Int, placement: Placement)]) -> Stack {
        var stackElements = items.flatMap(\.placement.stack)
        let cluster = items.flatMap(\.placement.cluster)
        if !cluster.isEmpty {
            let nodes = cluster.compactMap { if case .node(let node) = $0 { node } else { nil } }
            let placements = cluster.compactMap { if case .placement(let placement) = $0 { placement } else { nil } }
            stackElements.append(
                StackElement(.cluster(ClusterSpec(nodes: nodes, placements: placements)), at: SourceLocation(file: #filePath, line: #line, column: 1))
            )
        }
        let changes = items.compactMap(\.placement.setup)
        if let first = changes.first {
            var setups = StackSetups()
            for change in changes { change.apply(&setups) }
            stackElements += setups.declarations(at: first.location)
        }
        let hasHardware = stackElements.contains { if case .hardware = $0.declaration { true } else { false } }
        return Stack("faithful") {
            if !hasHardware { Hardware(StringFields.hardware(id: "faithful")) }
            Volume("data")
            Network("net")
            Defaults {
                OnNetwork("net")
                Restart(.unlessStopped)
                Env("DEPLOYMENT_MODE", .deploymentMode)
                HealthcheckTimings(interval: 30, timeout: 5, retries: 3, startPeriod: 5)
                Limits(memory: .mib(4), cpus: 0.01)
                Reservations(memory: .mib(4), cpus: 0.001)
            }
            for item in items where !item.placement.service.isEmpty || item.placement.stack.isEmpty {
                let own = item.placement.service
                let hasImage = own.contains { if case .image = $0.declaration { true } else { false } }
                let hasCheck = own.contains { if case .healthcheck = $0.declaration { true } else { false } }
                CoreService("s\(item.index)") {
                    if !hasImage { Image("example/s:1.0.0") }
                    if !hasCheck { Healthcheck(["CMD", "true"]) }
                    own
                }
            }
            stackElements
        }
    }
}

extension ClusterElement {
    /// Where it was declared.
    var location: SourceLocation {
        switch self {
        case .node(let node): node.location
        case .placement(let placement): placement.location
        }
    }
}

extension Array where Element: Sendable {
    /// `transform` of every element, on all cores, in order.
    func concurrentMapForTests<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let results = UnsafeResults<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, transform(self[index])) }
        return results.values
    }
}

/// Slots written once each from `concurrentPerform`.
private final class UnsafeResults<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }
    var values: [T] { slots.map { $0! } }
}
