extension YAML.Node {
    /// This tree with every merge key (`<<: *a`, `<<: [*a, *b]`) applied, as YAML 1.1 loaders and Compose do:
    /// keys written in the mapping win over merged ones, and earlier merge sources win over later ones.
    public func resolvingMerges() throws(YAML.ReadError) -> YAML.Node {
        var result = self
        switch content {
        case .scalar:
            return self
        case .sequence(let items):
            var resolved: [YAML.Node] = []
            resolved.reserveCapacity(items.count)
            for item in items { resolved.append(try item.resolvingMerges()) }
            result.content = .sequence(resolved)
        case .mapping(let pairs):
            guard pairs.contains(where: { $0.key.isMergeKey }) else {
                var resolved: [YAML.Pair] = []
                resolved.reserveCapacity(pairs.count)
                for pair in pairs { resolved.append(YAML.Pair(key: pair.key, value: try pair.value.resolvingMerges())) }
                result.content = .mapping(resolved)
                return result
            }
            var merged: [YAML.Pair] = []
            var explicit: [YAML.Pair] = []
            for pair in pairs {
                if pair.key.isMergeKey {
                    merged.append(contentsOf: try Self.mergeSources(pair.value, key: pair.key))
                } else {
                    explicit.append(YAML.Pair(key: pair.key, value: try pair.value.resolvingMerges()))
                }
            }
            // Python-dict semantics: a key keeps its first position and takes its last value.
            var order: [String] = []
            var values: [String: YAML.Pair] = [:]
            for pair in merged + explicit {
                let identity = pair.key.mergeIdentity
                if values[identity] == nil { order.append(identity) }
                values[identity] = pair
            }
            result.content = .mapping(order.map { values[$0]! })
        }
        return result
    }

    /// What a key means (its resolved kind and text), so `"1"` and `1` stay different keys and `a` and `'a'` do not.
    var mergeIdentity: String {
        guard case .scalar(let text, _) = content, let value = resolved else { return "\(mark)" }
        return value.kind + ":" + text
    }

    /// True for a plain `<<` key.
    public var isMergeKey: Bool {
        if case .scalar("<<", .plain) = content, tag == nil { return true }
        return false
    }

    /// The pairs a merge value contributes, lowest precedence first.
    static func mergeSources(_ value: YAML.Node, key: YAML.Node) throws(YAML.ReadError) -> [YAML.Pair] {
        switch value.content {
        case .mapping:
            return try value.resolvingMerges().pairs ?? []
        case .sequence(let items):
            var pairs: [YAML.Pair] = []
            for item in items.reversed() {
                guard case .mapping = item.content else {
                    throw YAML.ReadError(
                        mark: key.mark, message: "a merge key (`<<`) list entry is not a mapping (the entry is at line \(item.mark.line))",
                        help: "list only aliases of mappings: `<<: [*a, *b]`")
                }
                pairs.append(contentsOf: try item.resolvingMerges().pairs ?? [])
            }
            return pairs
        case .scalar:
            throw YAML.ReadError(
                mark: key.mark, message: "a merge key (`<<`) needs a mapping or a list of mappings (the value is at line \(value.mark.line))",
                help: "write `<<: *anchor` where `&anchor` marks a mapping")
        }
    }
}
