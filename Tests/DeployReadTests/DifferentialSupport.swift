import DeployRead
import Foundation
import TestSupport

/// The Swift side of the canonical tree form shared with `Fixtures/pyyaml_reference.py`.
enum Canonical {
    static func text(_ node: YAML.Node?) -> String {
        guard let node else { return "" }
        var out = ""
        write(node, to: &out)
        return out
    }

    static func write(_ node: YAML.Node, to out: inout String) {
        let mark = "@\(node.mark.line):\(node.mark.column)"
        switch node.content {
        case .scalar(let value, let style):
            let styleCode: String =
                switch style {
                case .plain: "p"
                case .singleQuoted: "'"
                case .doubleQuoted: "\""
                case .literal: "|"
                case .folded: ">"
                }
            let localTag = node.tag.flatMap { $0.hasPrefix("!") && $0 != "!" ? $0 : nil }
            let shownMark = value.isEmpty && style == .plain && localTag == nil ? "" : mark
            let tagPart = localTag.map { "!\($0) " } ?? ""
            out += "S\(styleCode)\(shownMark)\(tagPart)<\(value.utf8.count)>\(value)"
        case .sequence(let items):
            out += "[" + mark
            for item in items { write(item, to: &out) }
            out += "]"
        case .mapping(let pairs):
            out += "{" + mark
            for pair in pairs {
                write(pair.key, to: &out)
                write(pair.value, to: &out)
            }
            out += "}"
        }
    }

    /// Where two canonical texts first differ, with some context.
    static func difference(_ ours: String, _ theirs: String) -> String {
        let a = Array(ours)
        let b = Array(theirs)
        var index = 0
        while index < a.count && index < b.count && a[index] == b[index] { index += 1 }
        let from = max(0, index - 80)
        return
            "first difference at character \(index):\n  DeployRead: …\(String(a[from..<min(a.count, index + 80)]))\n  PyYAML:     …\(String(b[from..<min(b.count, index + 80)]))"
    }

    /// The plain scalars in document order, with their core-schema kind.
    static func plains(_ node: YAML.Node?) -> [(String, String)] {
        var out: [(String, String)] = []
        func walk(_ node: YAML.Node) {
            switch node.content {
            case .scalar(let value, .plain) where !(node.tag?.hasPrefix("!") ?? false): out.append((value, node.resolved!.kind))
            case .scalar: break
            case .sequence(let items):
                for item in items { walk(item) }
            case .mapping(let pairs):
                for pair in pairs {
                    walk(pair.key)
                    walk(pair.value)
                }
            }
        }
        if let node { walk(node) }
        return out
    }
}

/// The documented YAML 1.1 (PyYAML) versus 1.2 core schema differences (see `CoreSchema`).
enum YAML11Difference {
    /// Whether a plain scalar that PyYAML resolves to `py` and the core schema to `core` is a documented difference.
    static func explains(_ value: String, py: String, core: String) -> Bool {
        let lower = value.lowercased()
        let body = value.hasPrefix("-") || value.hasPrefix("+") ? String(value.dropFirst()) : value
        switch (py, core) {
        case ("bool", "str"):
            return ["yes", "no", "on", "off", "y", "n"].contains(lower)
        case ("int", "str"), ("float", "str"):
            return body.contains("_") || body.contains(":") || body.hasPrefix("0b")
        case ("int", "int"):
            return true
        case ("str", "int"):
            // `0o17`; a leading-zero decimal such as `09` (not octal in 1.1, so a string there).
            return body.hasPrefix("0o") || (body.hasPrefix("0") && body.contains(where: { $0 == "8" || $0 == "9" }))
        case ("str", "float"):
            // 1.1 floats need a dot, a signed exponent, and no sign before a leading dot.
            let exponent = body.firstIndex(where: { $0 == "e" || $0 == "E" })
            let unsignedExponent = exponent.map { body[body.index(after: $0)] != "+" && body[body.index(after: $0)] != "-" } ?? false
            return !body.contains(".") || unsignedExponent || (value.first == "-" || value.first == "+") && body.hasPrefix(".")
        case ("other:timestamp", "str"), ("other:value", "str"), ("other:merge", "str"):
            return true
        default:
            return false
        }
    }
}

/// Runs the PyYAML reference script.
enum PyYAMLReference {
    static var script: String {
        get throws {
            try String(contentsOf: Fixtures.url("pyyaml_reference.py"), encoding: .utf8)
        }
    }

    static func run(_ python: ValidatorPython, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try python.run(try script, arguments: arguments)
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
            let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else {
            throw ReferenceError(message: "pyyaml_reference.py failed (\(result.status)): \(result.stderr)")
        }
        return list
    }

    struct ReferenceError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// The test fixtures of DeployReadTests.
enum Fixtures {
    static var directory: URL {
        PackageRoot.url().appendingPathComponent("Tests/DeployReadTests/Fixtures")
    }

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    /// Every file under `relative` whose name ends in one of `extensions`, sorted.
    static func files(under relative: String, extensions: [String] = ["yml", "yaml"]) -> [URL] {
        let root = url(relative)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { url in extensions.contains(where: { url.lastPathComponent.hasSuffix("." + $0) }) }
            .sorted { $0.path < $1.path }
    }
}
