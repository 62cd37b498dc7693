import DeployModel

/// `isolation.container-name`: no container name is used in both modes.
public struct IsolationContainerNameRule: Rule {
    public static let id = "isolation.container-name"
    public var summary: String { "test and production share no container name" }
    public var documentation: String {
        """
        Container names are global on a Docker host: a test deployment whose container is called \
        like the production one cannot start next to it, and `docker compose down` of one mode can \
        stop or replace the other's container (on the 16 GB profile both run side by side). Names are \
        `<project>-<service>` by default (`homeiq-influxdb`, `homeiq-test-influxdb`); this rule fires \
        when a `ContainerName(…)` makes them equal. Fix: remove the `ContainerName`, or give each \
        mode its own with `.mode(test:production:)`. Complexity: O(s) with a hash map over the s \
        services of both modes.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        var production: [String: ResolvedService] = [:]
        production.reserveCapacity(context.production.services.count)
        for service in context.production.services where production[service.containerName.value.displayText] == nil {
            production[service.containerName.value.displayText] = service
        }
        for service in context.test.services {
            let name = service.containerName.value.displayText
            guard let other = production[name] else { continue }
            let owners =
                other.name == service.name ? "service '\(service.name)'" : "test service '\(service.name)' and production service '\(other.name)'"
            diagnostics.error(
                Self.id, "container name '\(name)' is used in both test and production (\(owners))",
                at: service.containerName.location,
                help: "remove ContainerName(…) so each mode gets <project>-<service>, or use ContainerName(.mode(test: …, production: …))",
                service: service.name)
        }
    }
}
