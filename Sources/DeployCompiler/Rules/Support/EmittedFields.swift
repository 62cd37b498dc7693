import DeployModel

/// One string field a mode's generated files carry, with the declaration it came from: what the
/// secret rules scan, so that no field is left out. A class: built once per compilation and read by
/// several rules, it is passed around by reference instead of copying its seven fields.
final class EmittedField: Sendable {
    /// A single value, or an argument list (`command`, `entrypoint`, a health check's `test`).
    enum Content: Sendable, Hashable {
        case value(ResolvedValue)
        /// A field that is plain text, not a value (an image, a mount target, a label): what
        /// `.value(.literal(text))` would say, without a value's list of parts and references.
        case text(String)
        case arguments([String])
    }

    /// What the field is, for messages: `label`, `build argument`, `command`, `environment variable`, ….
    let kind: String
    /// The key of a key/value field (label key, build argument, environment key); nil for a lone string.
    let key: String?
    let content: Content
    let location: SourceLocation
    /// The service it belongs to; nil for stack-level fields (env file, networks, volumes) and for `Defaults`.
    let service: String?
    /// The literal texts of the field (a value's literal parts, or every argument), found once: every secret rule reads them.
    let literalTexts: LiteralTexts
    /// Whether `key` names a secret (`SecretNames.looksSecret` of its normal form, `SecretScan.normalizedFlag`).
    let keyLooksSecret: Bool

    /// A field; whether its key looks secret is asked of `secretKeys`, which judges each distinct key once.
    init(kind: String, key: String?, content: Content, location: SourceLocation, service: String?, secretKeys: inout SecretKeyMemo) {
        self.kind = kind
        self.key = key
        self.content = content
        self.location = location
        self.service = service
        keyLooksSecret = secretKeys.looksSecret(key)
        switch content {
        case .value(let value):
            // Most values are one literal: held as it is, without an array of one.
            if value.parts.count == 1, case .literal(let text) = value.parts[0] {
                literalTexts = LiteralTexts(only: text)
            } else {
                literalTexts = LiteralTexts(value.literalParts)
            }
        case .text(let text): literalTexts = text.isEmpty ? LiteralTexts([]) : LiteralTexts(only: text)
        case .arguments(let arguments): literalTexts = LiteralTexts(arguments)
        }
    }

    /// A field that says what `before` says (kind, key and content) at another place: its literal texts and
    /// whether its key looks secret are `before`'s.
    init(repeating before: EmittedField, location: SourceLocation, service: String?) {
        kind = before.kind
        key = before.key
        content = before.content
        self.location = location
        self.service = service
        literalTexts = before.literalTexts
        keyLooksSecret = before.keyLooksSecret
    }

    /// The field's value, when it is a single value rather than an argument list.
    var value: ResolvedValue? {
        switch content {
        case .value(let value): value
        case .text(let text): .literal(text)
        case .arguments: nil
        }
    }

    /// `service 'api'`, `Defaults`, `the stack`: who declared it, for messages.
    var owner: String {
        if let service { return "service '\(service)'" }
        return kind == "env file entry" || kind.hasPrefix("network") || kind.hasPrefix("volume") ? "the stack" : "Defaults"
    }

    /// `label api_token`, `command`: the field as a message names it.
    var title: String { key.map { "\(kind) \($0)" } ?? kind }
}

/// The literal texts of an emitted field: one text, or a list.
struct LiteralTexts: RandomAccessCollection, Sendable {
    private let only: String?
    private let list: [String]

    init(only text: String) {
        only = text
        list = []
    }

    init(_ texts: [String]) {
        only = nil
        list = texts
    }

    var startIndex: Int { 0 }
    var endIndex: Int { only == nil ? list.count : 1 }
    subscript(position: Int) -> String { only ?? list[position] }
}

/// A mode's emitted fields, in order, and which of them say the same as a field before them.
///
/// Services repeat most of their fields (the same labels, the same environment), so a rule that judges a
/// field by what it says (its kind, key and content, not its place) judges each distinct field once, then
/// reads one small number per field: at thousands of services the fields no longer fit the processor's
/// cache, and a rule that reads them all waits on memory more than it computes.
struct EmittedFields: RandomAccessCollection, Sendable {
    /// A field's place: which of `distinct` it says the same as, and where and for whom it says it.
    private struct Occurrence: Sendable {
        var distinct: Int32
        var location: SourceLocation
        var service: String?
    }

    /// Per field, in order. A field that repeats another is no object of its own until a rule asks for it.
    private let occurrences: [Occurrence]
    /// The fields that say something new, each at its first place: found by comparing each service's fields
    /// with the previous service's at the same place, not by hashing, so one may still say what another says.
    let distinct: [EmittedField]

    var startIndex: Int { 0 }
    var endIndex: Int { occurrences.count }
    subscript(position: Int) -> EmittedField { field(occurrences[position]) }

    private func field(_ occurrence: Occurrence) -> EmittedField {
        let field = distinct[Int(occurrence.distinct)]
        guard field.location != occurrence.location || field.service != occurrence.service else { return field }
        return EmittedField(repeating: field, location: occurrence.location, service: occurrence.service)
    }

    /// `judge` of each of `distinct`, once each.
    func judge<Judgement>(_ judge: (EmittedField) -> Judgement?) -> Judgements<Judgement> {
        Judgements(distinct.map(judge))
    }

    /// Calls `body` with each field, in order, that says what a judged field says, and the judgement; when no
    /// field was judged, none is visited.
    func forEachJudged<Judgement>(_ judgements: Judgements<Judgement>, _ body: (EmittedField, Judgement) -> Void) {
        guard !judgements.isEmpty else { return }
        for occurrence in occurrences {
            guard let judgement = judgements.byEntry[Int(occurrence.distinct)] else { continue }
            body(field(occurrence), judgement)
        }
    }

    /// Collects the fields group by group (a service's, then the stack's).
    struct Builder {
        private var occurrences: [Occurrence] = []
        private var distinct: [EmittedField] = []
        private var secretKeys = SecretKeyMemo()
        private var previousGroup = 0..<0
        private var groupStart = 0

        /// The fields that follow are another group's: each is compared with the previous group's field at the same place.
        mutating func startGroup() {
            previousGroup = groupStart..<occurrences.count
            groupStart = occurrences.count
        }

        mutating func append(_ kind: String, _ key: String?, _ content: EmittedField.Content, _ location: SourceLocation, service: String?) {
            let before = previousGroup.lowerBound + (occurrences.count - groupStart)
            if before < previousGroup.upperBound {
                let position = occurrences[before].distinct
                let previous = distinct[Int(position)]
                if previous.kind == kind && previous.key == key && previous.content == content {
                    occurrences.append(Occurrence(distinct: position, location: location, service: service))
                    return
                }
            }
            occurrences.append(Occurrence(distinct: Int32(distinct.count), location: location, service: service))
            distinct.append(EmittedField(kind: kind, key: key, content: content, location: location, service: service, secretKeys: &secretKeys))
        }

        var table: EmittedFields { EmittedFields(occurrences: occurrences, distinct: distinct) }
    }
}

extension ResolvedDeployment {
    /// Every string field of this mode's compose file and env file, in declaration order per service, then
    /// the env file, networks and volumes. Values homeiq-gen derives for every service (feature flags) are
    /// listed once, as env file entries; fields declared in `Defaults` carry no service, and one that every
    /// service receives alike (same kind, key, content and place) is listed once, not once per service.
    var emittedFields: EmittedFields {
        var fields = EmittedFields.Builder()
        /// What makes two `Defaults` fields the same finding wherever they are scanned.
        struct DefaultsField: Hashable {
            var kind: String
            var key: String?
            var content: EmittedField.Content
            var location: SourceLocation
        }
        var listedDefaults: Set<DefaultsField> = []
        for service in services {
            fields.startGroup()
            func owner(_ location: SourceLocation) -> String? {
                enclosingBlocks.isInDefaults(location) ? nil : service.name
            }
            func append(_ kind: String, _ key: String?, _ content: EmittedField.Content, _ location: SourceLocation, service name: String?) {
                if name == nil, !listedDefaults.insert(DefaultsField(kind: kind, key: key, content: content, location: location)).inserted { return }
                fields.append(kind, key, content, location, service: name)
            }
            func add(_ kind: String, _ key: String?, _ text: String, _ location: SourceLocation) {
                append(kind, key, .text(text), location, service: owner(location))
            }
            func add(_ kind: String, _ key: String?, value: ResolvedValue, _ location: SourceLocation, service name: String?) {
                append(kind, key, .value(value), location, service: name)
            }
            func add(_ kind: String, arguments: [String], _ location: SourceLocation) {
                append(kind, nil, .arguments(arguments), location, service: owner(location))
            }
            if let image = service.image { add("image", nil, image.value, image.location) }
            if let build = service.build {
                add("build context", nil, build.value.context, build.location)
                if let dockerfile = build.value.dockerfile { add("dockerfile", nil, dockerfile, build.location) }
                if let target = build.value.target { add("build target", nil, target, build.location) }
                for argument in build.value.arguments {
                    add("build argument", argument.key, value: argument.value, argument.location, service: owner(argument.location))
                }
            }
            add("container name", nil, value: service.containerName.value, service.containerName.location, service: service.name)
            if let command = service.command { add("command", arguments: command.value, command.location) }
            if let entrypoint = service.entrypoint { add("entrypoint", arguments: entrypoint.value, entrypoint.location) }
            if let user = service.user { add("user", nil, user.value, user.location) }
            for file in service.envFiles { add("env file", nil, file.value, file.location) }
            for variable in service.environment.declarations where !variable.derived {
                add(
                    "environment variable", variable.key, value: variable.value, variable.location,
                    service: variable.fromDefaults ? nil : service.name)
            }
            for mount in service.mounts {
                if case .bind(let path) = mount.source { add("bind mount", nil, path, mount.location) }
                add("mount target", nil, mount.target, mount.location)
            }
            for host in service.extraHosts { add("extra host", host.value.host, host.value.address, host.location) }
            if let check = service.healthcheck { add("health check", arguments: check.value.test, check.location) }
            if let logging = service.logging {
                add("logging driver", nil, logging.value.driver, logging.location)
                for key in logging.value.options.keys.sorted() { add("logging option", key, logging.value.options[key]!, logging.location) }
            }
            for label in service.labels { add("label", label.value.key, label.value.value, label.location) }
            let options = service.options
            for tmpfs in options.tmpfs { add("tmpfs", nil, tmpfs.value.target, tmpfs.location) }
            for option in options.securityOptions { add("security option", nil, option.value, option.location) }
            for device in options.devices { add("device", nil, "\(device.value.host):\(device.value.container)", device.location) }
            for sysctl in options.sysctls { add("sysctl", sysctl.value.key, sysctl.value.value, sysctl.location) }
            for text in [options.stopSignal, options.platform, options.networkMode, options.pid].compactMap({ $0 }) {
                add("container option", nil, text.value, text.location)
            }
        }
        fields.startGroup()
        for entry in envFile {
            fields.append("env file entry", entry.key, .value(entry.value), entry.location, service: nil)
        }
        // Networks and volumes: a name that may hold references, and driver options.
        let resources =
            networks.map { ("network", $0.nameValue, $0.driverOptions, $0.location) }
            + volumes.map { ("volume", $0.nameValue, $0.driverOptions, $0.location) }
        for (kind, name, options, location) in resources {
            fields.append("\(kind) name", nil, .value(name), location, service: nil)
            for key in options.keys.sorted() {
                fields.append("\(kind) driver option", key, .text(options[key]!), location, service: nil)
            }
        }
        return fields.table
    }
}

/// Whether keys name secrets, each distinct key judged once: a mode's fields repeat the same few keys
/// (environment keys, label keys) for every service.
struct SecretKeyMemo {
    private var known: [String: Bool] = [:]

    /// `SecretNames.looksSecret` of the key's normal form (`SecretScan.normalizedFlag`); false for no key.
    mutating func looksSecret(_ key: String?) -> Bool {
        guard let key else { return false }
        if let answer = known[key] { return answer }
        let answer = SecretNames.looksSecret(SecretScan.normalizedFlag(key))
        known[key] = answer
        return answer
    }
}
