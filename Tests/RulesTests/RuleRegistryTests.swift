import DeployCompiler
import Foundation
import TestSupport
import Testing

/// The rule registry cannot drift from `Rules/Catalogue/`: the facts are read from the source files.
@Suite("Rule registry")
struct RuleRegistryTests {
    /// One rule file of `Sources/DeployCompiler/Rules/Catalogue`: its name, the rule types it declares, the IDs it states.
    struct CatalogueFile {
        var fileName: String
        var ruleTypes: [String]
        var ids: [String]
    }

    static func catalogue() throws -> [CatalogueFile] {
        let folder = PackageRoot.url().appendingPathComponent("Sources/DeployCompiler/Rules/Catalogue")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        return try names.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return CatalogueFile(
                fileName: String(name.dropLast(".swift".count)),
                ruleTypes: matches(of: #"struct\s+(\w+)\s*:\s*Rule\b"#, in: text),
                ids: matches(of: #"static\s+let\s+id\s*=\s*"([^"]*)""#, in: text))
        }
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// `mode.no-mode` -> `modenomode`, `ModeNoModeRule` -> `modenomode`: the spelling both must share.
    static func folded(id: String) -> String { id.lowercased().filter { $0 != "." && $0 != "-" } }
    static func folded(typeName: String) -> String { String(typeName.dropLast("Rule".count)).lowercased() }

    @Test("the catalogue folder is found and every file in it declares exactly one rule with one ID")
    func oneRulePerFile() throws {
        let files = try Self.catalogue()
        #expect(files.count >= 30, "Rules/Catalogue has only \(files.count) files")
        for file in files {
            #expect(file.ruleTypes.count == 1, "\(file.fileName).swift declares rule types \(file.ruleTypes)")
            #expect(file.ids.count == 1, "\(file.fileName).swift states IDs \(file.ids)")
        }
    }

    @Test("each file is named after its rule type, and each type after its ID (mode.no-mode is ModeNoModeRule)")
    func namesMatchIDs() throws {
        for file in try Self.catalogue() {
            guard let type = file.ruleTypes.first, let id = file.ids.first else { continue }
            #expect(file.fileName == type, "file \(file.fileName).swift holds \(type)")
            #expect(
                type.hasSuffix("Rule") && Self.folded(typeName: type) == Self.folded(id: id),
                "\(type) is not named after its ID '\(id)'")
        }
    }

    @Test("every rule type in Rules/Catalogue is registered exactly once, with the ID its file states, and nothing else is")
    func everyRuleRegistered() throws {
        let files = try Self.catalogue()
        let declared = Dictionary(
            files.compactMap { file in file.ruleTypes.first.map { ($0, file.ids.first ?? "") } },
            uniquingKeysWith: { first, _ in first })
        let registered = RuleRegistry.all.map { (String(describing: type(of: $0)), $0.id) }
        #expect(registered.count == Set(registered.map(\.0)).count, "a rule type is registered twice")
        #expect(
            Set(registered.map(\.0)) == Set(declared.keys),
            "registered but not in Catalogue: \(Set(registered.map(\.0)).subtracting(declared.keys).sorted()); in Catalogue but not registered: \(Set(declared.keys).subtracting(registered.map(\.0)).sorted())"
        )
        for (type, id) in registered {
            #expect(declared[type] == id, "\(type) reports ID '\(id)', its file states '\(declared[type] ?? "none")'")
        }
    }

    @Test("rule IDs are unique and shaped area.name")
    func uniqueIDs() {
        let ids = RuleRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate IDs: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        for id in ids {
            #expect(id.wholeMatch(of: /[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*/) != nil, "ID '\(id)' is not area.name")
        }
    }

    @Test("every rule's code documentation ends with its complexity; the user's RULES.md and explain leave it out")
    func complexityStaysInCode() {
        for rule in RuleRegistry.all {
            #expect(rule.documentation.contains("Complexity: O("), "\(rule.id) does not state its complexity")
            #expect(!rule.userDocumentation.contains("Complexity:"), "\(rule.id): complexity in the user's text")
            #expect(rule.documentation.hasPrefix(rule.userDocumentation))
        }
        let document = RulesDocument(rules: RuleRegistry.all).markdown
        #expect(!document.contains("Complexity:"))
        #expect(!document.contains("O(s"))
    }
}
