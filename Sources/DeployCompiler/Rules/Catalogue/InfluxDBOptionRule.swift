import DeployModel

/// `influxdb.option`: the chosen InfluxDB option (A: shared definition, B: separate test instance) is set up as it promises.
public struct InfluxDBOptionRule: Rule {
    public static let id = "influxdb.option"
    public var summary: String { "InfluxDB option A or B is set up as chosen; option B needs a profile that allows it (not nuc-8gb)" }
    public var documentation: String {
        """
        The plan offers two ways to give test its own InfluxDB data, chosen by one switch \
        (`HomeIQ.influxOption` in `Deployments/HomeIQ.swift`). Option A (default, 8 GB NUC): the \
        InfluxDB service definition runs in both modes with a separate test bucket, org and token, \
        and there is no `influxdb-test` service. Option B (16 GB NUC, for upgrade testing): a separate \
        `influxdb-test` instance that runs in test only, publishes host port 8087, keeps its data in a \
        volume no production service mounts, and pins its own image version (`influxdb:2.7.11`, not \
        `latest`), while the production `influxdb` runs in production only. Option B doubles InfluxDB's \
        memory, so a hardware profile that does not allow it (`nuc-8gb`) refuses it, at the `InfluxDB` \
        declaration. Fix: follow the message (switch to option A on 8 GB, or `Hardware(.nuc16gb)`), or \
        correct the test instance. Complexity: O(s + m) for s services and m mounts.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        guard let located = context.test.influxDB ?? context.production.influxDB else { return }
        let setup = located.value
        let productionService = context.production.influxDB?.value.service ?? setup.service
        switch setup.option {
        case .sharedInstance:
            if let stray = context.test.service(named: setup.testService) {
                diagnostics.error(
                    Self.id, "service '\(stray.name)' is option B's test instance, but InfluxDB uses option A (\(setup.option.rawValue))",
                    at: stray.location, help: "remove '\(stray.name)', or select .separateTestInstance in the InfluxDB declaration",
                    service: stray.name)
            }
            requireInBoth(setup.service, productionService: productionService, context, at: located.location, into: &diagnostics)
        case .separateTestInstance:
            checkSeparateInstance(setup, productionService: productionService, context, at: located.location, into: &diagnostics)
        }
    }

    /// Option A: the InfluxDB service runs in both modes.
    private func requireInBoth(
        _ name: String, productionService: String, _ context: RuleContext, at location: SourceLocation,
        into diagnostics: inout DiagnosticCollector
    ) {
        let test = context.test.service(named: name)
        let production = context.production.service(named: productionService)
        switch (test, production) {
        case (nil, nil):
            diagnostics.error(
                Self.id, "InfluxDB option A needs a service '\(name)' in both modes; there is none", at: location,
                help: "declare CoreService(\"\(name)\") { Image(\"influxdb:2.7.10\") … }")
        case (let present?, nil), (nil, let present?):
            let missing: Mode = test == nil ? .test : .production
            diagnostics.error(
                Self.id, "InfluxDB option A: service '\(present.name)' runs only in \(present.modes.value), not in \(missing)",
                at: present.modes.location,
                help: "option A serves both modes from one service definition: remove the RunsIn/TestOnly/ProductionOnly", service: present.name)
        default:
            break
        }
    }

    private func checkSeparateInstance(
        _ setup: InfluxDBSetup, productionService: String, _ context: RuleContext, at location: SourceLocation,
        into diagnostics: inout DiagnosticCollector
    ) {
        let hardware = context.test.hardware
        if !hardware.value.allowsSeparateInfluxInstance {
            diagnostics.error(
                Self.id,
                "InfluxDB option B (a separate test instance) is not allowed on hardware profile '\(hardware.value.id)' "
                    + "(declared at \(hardware.location.file.split(separator: "/").last.map(String.init) ?? hardware.location.file):\(hardware.location.line))",
                at: location,
                help: "use option A (.sharedInstance) on \(hardware.value.id), or Hardware(.nuc16gb) if the machine has 16 GB")
        }
        if let shared = context.test.service(named: productionService) {
            diagnostics.error(
                Self.id, "InfluxDB option B: the production instance '\(shared.name)' also runs in test",
                at: shared.modes.location, help: "add RunsIn(.production) to '\(shared.name)': test uses '\(setup.testService)'",
                service: shared.name)
        }
        if context.production.service(named: productionService) == nil {
            diagnostics.error(
                Self.id, "InfluxDB option B: production has no service '\(productionService)'", at: location,
                help: "declare CoreService(\"\(productionService)\") { … RunsIn(.production) }")
        }
        if let leaked = context.production.service(named: setup.testService) {
            diagnostics.error(
                Self.id, "InfluxDB option B: the test instance '\(leaked.name)' also runs in production",
                at: leaked.modes.location, help: "declare it inside TestOnly { } (or RunsIn(.test))", service: leaked.name)
        }
        guard let instance = context.test.service(named: setup.testService) else {
            diagnostics.error(
                Self.id, "InfluxDB option B needs a test service '\(setup.testService)'; there is none", at: location,
                help: "declare it in TestOnly { CoreService(\"\(setup.testService)\") { … } }")
            return
        }
        if !instance.ports.contains(where: { $0.host == setup.testInstancePort }) {
            diagnostics.error(
                Self.id,
                "InfluxDB option B: '\(instance.name)' does not publish host port \(setup.testInstancePort)"
                    + (instance.ports.isEmpty ? "" : " (it publishes \(instance.ports.map { String($0.host) }.joined(separator: ", ")))"),
                at: instance.ports.first?.location ?? instance.location,
                help: "Port(\(setup.testInstancePort), container: \(setup.containerPort))", service: instance.name)
        }

        let testVolumeNames = Dictionary(context.test.volumes.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        let productionVolumeNames = Dictionary(context.production.volumes.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        var mountedInProduction: Set<String> = []
        for service in context.production.services {
            for mount in service.mounts { if case .volume(let key) = mount.source { mountedInProduction.insert(productionVolumeNames[key] ?? key) } }
        }
        let volumeMounts = instance.mounts.filter { if case .volume = $0.source { true } else { false } }
        if volumeMounts.isEmpty {
            diagnostics.error(
                Self.id, "InfluxDB option B: '\(instance.name)' keeps its data in no volume of its own",
                at: instance.location, help: "Volume(\"influxdb_test_data\") and Mount(volume: \"influxdb_test_data\", at: \"/var/lib/influxdb2\")",
                service: instance.name)
        }
        for mount in volumeMounts {
            guard case .volume(let key) = mount.source else { continue }
            let name = testVolumeNames[key] ?? key
            if mountedInProduction.contains(name) {
                diagnostics.error(
                    Self.id, "InfluxDB option B: '\(instance.name)' mounts volume '\(name)', which production also mounts",
                    at: mount.location, help: "give the test instance a volume of its own", service: instance.name)
            }
        }

        switch instance.image.map({ Self.pinnedTag($0.value) }) {
        case nil:
            diagnostics.error(
                Self.id, "InfluxDB option B: '\(instance.name)' has no image (it needs a pinned version of its own)",
                at: instance.build?.location ?? instance.location, help: "Image(\"influxdb:2.7.11\")", service: instance.name)
        case .some(nil):
            diagnostics.error(
                Self.id, "InfluxDB option B: image '\(instance.image!.value)' of '\(instance.name)' is not pinned to a version",
                at: instance.image!.location, help: "pin a version, e.g. Image(\"influxdb:2.7.11\"), so upgrades are tested on purpose",
                service: instance.name)
        default:
            break
        }
    }

    /// The tag or digest of an image reference when it pins a version (not missing, not `latest`), else nil.
    static func pinnedTag(_ reference: String) -> String? {
        if let at = reference.firstRange(of: "@") { return String(reference[at.upperBound...]).isEmpty ? nil : String(reference[at.upperBound...]) }
        let lastComponent = reference.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? reference
        guard let colon = lastComponent.lastIndex(of: ":") else { return nil }
        let tag = String(lastComponent[lastComponent.index(after: colon)...])
        return tag.isEmpty || tag == "latest" ? nil : tag
    }
}
