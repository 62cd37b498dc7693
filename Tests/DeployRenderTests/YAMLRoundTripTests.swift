import DeployRender
import Foundation
import TestSupport
import Testing

/// What PyYAML read, with strings as exact bytes.
private indirect enum Loaded: Equatable, CustomStringConvertible {
    case string([UInt8])
    case list([Loaded])
    case mapping([Pair])
    /// Anything else (int, bool, float, None, datetime ...), as `type:repr`.
    case other(String)

    struct Pair: Equatable {
        var key: Loaded
        var value: Loaded
    }

    init(json: Any) {
        guard let object = json as? [String: Any] else {
            self = .other("unexpected JSON")
            return
        }
        if let hex = object["s"] as? String {
            self = .string(Hex.decode(hex))
        } else if let items = object["l"] as? [Any] {
            self = .list(items.map(Loaded.init(json:)))
        } else if let pairs = object["m"] as? [[Any]] {
            self = .mapping(pairs.map { Pair(key: Loaded(json: $0[0]), value: Loaded(json: $0[1])) })
        } else {
            self = .other(object["other"] as? String ?? "unexpected JSON")
        }
    }

    /// What a YAML reader should return for `node` (string scalars only, literals by their text as given).
    init(expected node: YAMLNode) {
        switch node {
        case .string(let text): self = .string(Array(text.utf8))
        case .literal(let text): self = .other(text)
        case .sequence(let items): self = .list(items.map(Loaded.init(expected:)))
        case .mapping(let entries):
            self = .mapping(entries.map { Pair(key: .string(Array($0.key.utf8)), value: Loaded(expected: $0.value)) })
        }
    }

    var description: String {
        switch self {
        case .string(let bytes): escaped(String(decoding: bytes, as: UTF8.self))
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let pairs): "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .other(let text): "<\(text)>"
        }
    }
}

/// Loads every document with PyYAML's SafeLoader (YAML 1.1) in one Python process, and checks every
/// string emitted plain against the YAML 1.2 core schema and the full YAML 1.1 type regexes.
private let loaderScript = #"""
    import json, re, sys, yaml

    def enc(x):
        if isinstance(x, str):
            return {"s": x.encode("utf-8", "surrogatepass").hex()}
        if isinstance(x, list):
            return {"l": [enc(i) for i in x]}
        if isinstance(x, dict):
            return {"m": [[enc(k), enc(v)] for k, v in x.items()]}
        return {"other": type(x).__name__ + ":" + repr(x)}

    # Implicit types of the YAML 1.2 core schema and of the YAML 1.1 type repository (which PyYAML only partly implements).
    other_schemas = [re.compile("(?:" + p + r")\Z") for p in [
        r"null|Null|NULL|~|",
        r"true|True|TRUE|false|False|FALSE",
        r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+",
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF",
        r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
        r"[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        r"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\.[0-9]*)?(([ \t]*)Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?",
        r"<<|=",
    ]]

    request = json.load(sys.stdin)
    loaded = []
    for h in request["docs"]:
        text = bytes.fromhex(h).decode("utf-8")
        try:
            loaded.append({"ok": enc(yaml.load(text, Loader=yaml.SafeLoader))})
        except Exception as error:
            loaded.append({"error": str(error)})
    typed = []
    for h in request["plain"]:
        text = bytes.fromhex(h).decode("utf-8")
        typed.append(any(p.match(text) for p in other_schemas))
    json.dump({"loaded": loaded, "typed": typed}, sys.stdout)
    """#

private struct LoadResult {
    var loaded: [Result<Loaded, LoadError>]
    var typedPlain: [Bool]
}

private struct LoadError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `loaderScript` on `documents` and the `plain` scalars.
private func load(_ documents: [String], plain: [String], python: ValidatorPython) throws -> LoadResult {
    let request = "{\"docs\": \(Hex.jsonArray(documents)), \"plain\": \(Hex.jsonArray(plain))}"
    let result = try python.run(loaderScript, stdin: Data(request.utf8))
    guard result.status == 0 else { throw LoadError(description: "python failed: \(result.stderr)") }
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let loaded = (json?["loaded"] as? [[String: Any]] ?? []).map { item -> Result<Loaded, LoadError> in
        if let ok = item["ok"] { return .success(Loaded(json: ok)) }
        return .failure(LoadError(description: item["error"] as? String ?? "?"))
    }
    return LoadResult(loaded: loaded, typedPlain: json?["typed"] as? [Bool] ?? [])
}

@Suite("YAML read back through PyYAML")
struct YAMLRoundTripTests {
    /// Each string as key and value of mappings nested in sequences, plus as a root scalar.
    private static func document(for text: String) -> YAMLNode {
        let other = text == "k" ? "K" : "k"
        return .sequence([
            .mapping([
                .init(text, .string(text)),
                .init(other, .sequence([.string(text), .mapping([.init(text, .sequence([.string(text)]))])])),
            ]),
            .sequence([.string(text)]),
        ])
    }

    @Test(
        "2,500 random strings read back exactly as keys and values",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh")
    )
    func randomStrings() throws {
        guard let python = Requirement.python() else { return }
        var random = RandomStrings(seed: 0x5EED_0001)
        let strings = (0..<2_500).map { _ in random.next() }
        var nodes = strings.map(Self.document(for:))
        var sources = strings.map { [$0] }
        nodes += strings.map { YAMLNode.string($0) }
        sources += strings.map { [$0] }
        // Documents with many distinct random keys side by side.
        for chunk in stride(from: 0, to: strings.count, by: 50) {
            var seen = Set<[UInt8]>()
            let entries = strings[chunk..<min(chunk + 50, strings.count)].compactMap { text -> YAMLNode.Entry? in
                seen.insert(Array(text.utf8)).inserted ? YAMLNode.Entry(text, .string(text)) : nil
            }
            nodes.append(.sequence([.mapping(entries), .mapping(entries.reversed())]))
            sources.append(entries.map(\.key))
        }
        let documents = nodes.map(YAMLEmitter.emit)
        let plain = strings.filter { YAMLEmitter.scalar($0) == $0 }

        let result = try load(documents, plain: plain, python: python)
        try #require(result.loaded.count == nodes.count && result.typedPlain.count == plain.count)

        var failures: [String] = []
        for (index, node) in nodes.enumerated() {
            let expected = Loaded(expected: node)
            switch result.loaded[index] {
            case .success(let actual) where actual == expected: continue
            case .success(let actual):
                failures.append("strings \(sources[index].map(escaped)) read back as \(actual), expected \(expected); YAML:\n\(documents[index])")
            case .failure(let error):
                failures.append("strings \(sources[index].map(escaped)) did not load (\(error)); YAML:\n\(documents[index])")
            }
        }
        for (text, typed) in zip(plain, result.typedPlain) where typed {
            failures.append("plain scalar \(escaped(text)) has another type in YAML 1.1 or 1.2")
        }
        let mismatches = failures.count
        #expect(mismatches == 0, "first mismatches:\n\(failures.prefix(5).joined(separator: "\n"))")
        #expect(plain.count > 200, "the generator should also produce plain-safe strings")
    }

    @Test(
        "literals keep their type, strings that look like them do not",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh")
    )
    func literalsAndLookalikes() throws {
        guard let python = Requirement.python() else { return }
        let node = YAMLNode.mapping([
            .init("int", .int(3)), .init("bool", .bool(true)), .init("float", .literal("0.5")),
            .init("int text", .string("3")), .init("bool text", .string("true")), .init("float text", .string("0.5")),
            .init("base 60", .string("8086:8086")), .init("date", .string("2024-01-01")), .init("norway", .string("NO")),
        ])
        let result = try load([YAMLEmitter.emit(node)], plain: [], python: python)
        let expected = Loaded.mapping([
            .init(key: .string(Array("int".utf8)), value: .other("int:3")),
            .init(key: .string(Array("bool".utf8)), value: .other("bool:True")),
            .init(key: .string(Array("float".utf8)), value: .other("float:0.5")),
            .init(key: .string(Array("int text".utf8)), value: .string(Array("3".utf8))),
            .init(key: .string(Array("bool text".utf8)), value: .string(Array("true".utf8))),
            .init(key: .string(Array("float text".utf8)), value: .string(Array("0.5".utf8))),
            .init(key: .string(Array("base 60".utf8)), value: .string(Array("8086:8086".utf8))),
            .init(key: .string(Array("date".utf8)), value: .string(Array("2024-01-01".utf8))),
            .init(key: .string(Array("norway".utf8)), value: .string(Array("NO".utf8))),
        ])
        let loaded = try #require(try result.loaded.first?.get())
        #expect(loaded == expected)
    }

    @Test(
        "unquoted, these forms do not read back as strings (the reader is strict enough to test with)",
        .enabled(if: Requirement.pythonAvailableOrCI, "needs the validator Python: run scripts/test.sh")
    )
    func unquotedWouldBreak() throws {
        guard let python = Requirement.python() else { return }
        // Written unquoted on purpose: these must NOT read back as the strings, proving the reader is strict enough to test with.
        let raw = ["yes", "22:22", "1:20:30", "2024-01-01", "0x1F", "~", "a: b", "1_000"]
        let documents = raw.map { "- \($0)\n" }
        let result = try load(documents, plain: [], python: python)
        for (text, loaded) in zip(raw, result.loaded) {
            let asString = Loaded.list([.string(Array(text.utf8))])
            #expect((try? loaded.get()) != asString, "\(text) unquoted unexpectedly read back as the string")
        }
    }
}
