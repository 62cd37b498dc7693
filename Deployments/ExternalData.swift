import DeployModel

extension HomeIQ {
    /// One service per outside data source: production only (the role says so), each behind a feature flag.
    struct ExternalSource {
        var name: String
        var port: Int
        var flag: String
        var apiKey: String?
    }

    /// The seven outside data sources of the plan, with their ports.
    static let externalSources: [ExternalSource] = [
        ExternalSource(name: "weather-api", port: 8009, flag: "ENABLE_WEATHER_API", apiKey: "WEATHER_API_KEY"),
        ExternalSource(name: "carbon-intensity-service", port: 8010, flag: "ENABLE_CARBON_INTENSITY", apiKey: "WATTTIME_API_TOKEN"),
        ExternalSource(name: "electricity-pricing-service", port: 8011, flag: "ENABLE_ELECTRICITY_PRICING", apiKey: "PRICING_API_KEY"),
        ExternalSource(name: "air-quality-service", port: 8012, flag: "ENABLE_AIR_QUALITY", apiKey: "AIRNOW_API_KEY"),
        ExternalSource(name: "calendar-service", port: 8013, flag: "ENABLE_CALENDAR", apiKey: nil),
        ExternalSource(name: "smart-meter-service", port: 8014, flag: "ENABLE_SMART_METER", apiKey: nil),
        ExternalSource(name: "sports-data", port: 8005, flag: "ENABLE_SPORTS_DATA", apiKey: "SPORTS_API_KEY"),
    ]

    static var externalData: StackGroup {
        StackGroup {
            for source in externalSources {
                ExternalAPIService(source.name) {
                    Image(image(source.name))
                    Port(source.port)
                    FeatureFlag(source.flag)
                    influxClient
                    if let apiKey = source.apiKey {
                        Env(apiKey, .secret(apiKey))
                    }
                    Healthcheck.http(port: source.port)
                    Limits(memory: .mib(72), cpus: 0.25)
                    Reservations(memory: .mib(48), cpus: 0.05)
                }
            }
        }
    }
}
