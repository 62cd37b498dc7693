import DeployModel

/// `isolation.influxdb-tenant`: the modes use different InfluxDB buckets, organisations and tokens.
public struct IsolationInfluxDBTenantRule: Rule {
    public static let id = "isolation.influxdb-tenant"
    public var summary: String { "test and production use different InfluxDB buckets, organisations and tokens" }
    public var documentation: String {
        """
        Under option A both modes use the same InfluxDB service definition (and on the 8 GB NUC the \
        same data volume layout), so the bucket, organisation and token are all that keeps synthetic \
        test events out of `home_assistant_events`. A shared token would also let a test service \
        authenticate to production's org. The rule compares the tenants of \
        `InfluxDB(test:production:)` (under option B as well, so that switching options never merges \
        them): the bucket names, the org names, and the tokens as resolved per mode, where the same \
        literal, or a reference to the same secret or variable (`.secret(\"INFLUXDB_TOKEN\")` in both), \
        counts as shared. Fix: give test its own `bucket: \"…_test\"`, `org: \"…-test\"` and token (a \
        test literal, or a `.secret` of its own). Complexity: O(1): two tenants.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        guard let testSetup = context.test.influxDB, let productionSetup = context.production.influxDB else { return }
        let test = testSetup.value.test
        let production = productionSetup.value.production
        let location = testSetup.location
        let help = "give the test tenant its own bucket, org and token: InfluxTenant(org: \"…-test\", bucket: \"…_test\", token: …)"
        if test.bucket == production.bucket {
            diagnostics.error(Self.id, "InfluxDB bucket '\(test.bucket)' is used by both test and production", at: location, help: help)
        }
        if test.org == production.org {
            diagnostics.error(Self.id, "InfluxDB organisation '\(test.org)' is used by both test and production", at: location, help: help)
        }
        let testToken = resolve(test.token, in: context.test, setup: testSetup.value)
        let productionToken = resolve(production.token, in: context.production, setup: productionSetup.value)
        if let shared = sharedPart(testToken, productionToken) {
            diagnostics.error(Self.id, "InfluxDB token \(shared) is used by both test and production", at: location, help: help)
        }
    }

    private func resolve(_ token: Value, in deployment: ResolvedDeployment, setup: InfluxDBSetup) -> ResolvedValue {
        ValueResolver(
            mode: deployment.mode, projectName: deployment.projectName, influxDB: setup,
            sqlite: deployment.sqlite?.value, homeAssistant: deployment.homeAssistant?.value
        ).resolve(token).0
    }

    /// How the two tokens are the same, or nil: the same literal text, or a reference to the same name.
    private func sharedPart(_ lhs: ResolvedValue, _ rhs: ResolvedValue) -> String? {
        if let left = lhs.literalText, let right = rhs.literalText, left == right {
            return left.isEmpty ? "'' (empty)" : "(a literal)"
        }
        func names(_ value: ResolvedValue) -> [String] {
            value.parts.compactMap { part in
                switch part {
                case .secret(let name, _), .variable(let name, _): name
                case .literal: nil
                }
            }
        }
        let right = Set(names(rhs))
        return names(lhs).first(where: right.contains).map { "${\($0)}" }
    }
}
