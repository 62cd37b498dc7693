/// A configuration value: a literal, a per-mode choice, a secret reference, or a value derived from the stack.
///
/// String literals are literal values: `Env("LOG_LEVEL", "info")`.
public indirect enum Value: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// Exactly this text (a `$` is escaped in the output, never interpolated).
    case literal(String)
    /// One value in test, another in production.
    case perMode(test: Value, production: Value)
    /// A secret supplied at deploy time: `${NAME:?message}`. Never has a default.
    case secret(String, message: String?)
    /// A deploy-time variable that may have a default: `${NAME:-default}` (not for secrets).
    case variable(String, default: String?)
    /// A value the compiler derives from the stack for the current mode.
    case derived(DerivedValue)
    /// `scheme://service:port/path` for a service of the same mode.
    case serviceURL(service: String, port: Int, scheme: String, path: String)
    /// Several values joined without separator.
    case joined([Value])

    public init(stringLiteral value: String) { self = .literal(value) }
    public init(integerLiteral value: Int) { self = .literal(String(value)) }

    /// `DEPLOYMENT_MODE` of the current mode (`test` or `production`).
    public static var deploymentMode: Value { .derived(.deploymentMode) }
    /// The InfluxDB URL of the current mode.
    public static var influxURL: Value { .derived(.influxURL) }
    /// The InfluxDB organisation of the current mode.
    public static var influxOrg: Value { .derived(.influxOrg) }
    /// The InfluxDB bucket of the current mode.
    public static var influxBucket: Value { .derived(.influxBucket) }
    /// The InfluxDB token of the current mode.
    public static var influxToken: Value { .derived(.influxToken) }
    /// The InfluxDB retention of the current mode, e.g. `7d`.
    public static var influxRetention: Value { .derived(.influxRetention) }
    /// `sqlite+aiosqlite:///…` for the SQLite database of the current mode.
    public static var databaseURL: Value { .derived(.databaseURL) }
    /// The Home Assistant HTTP URL of the current mode.
    public static var homeAssistantURL: Value { .derived(.homeAssistantURL) }
    /// The Home Assistant WebSocket URL of the current mode.
    public static var homeAssistantWebSocketURL: Value { .derived(.homeAssistantWebSocketURL) }
    /// The Home Assistant token of the current mode.
    public static var homeAssistantToken: Value { .derived(.homeAssistantToken) }

    /// A secret reference; `message` tells the operator what to set.
    public static func secret(_ name: String) -> Value { .secret(name, message: nil) }
    /// An optional secret, `${NAME:-}`: a credential the service runs without (a token that raises a rate
    /// limit, a fallback login). Never a literal default; the deploy script warns, never refuses, when it is unset.
    public static func optionalSecret(_ name: String) -> Value { .variable(name, default: "") }
    /// `http://service:port` (plus `path`).
    public static func url(of service: String, port: Int, scheme: String = "http", path: String = "") -> Value {
        .serviceURL(service: service, port: port, scheme: scheme, path: path)
    }
    /// One value in test, another in production.
    public static func mode(test: Value, production: Value) -> Value { .perMode(test: test, production: production) }
}

/// Values the compiler derives per mode from the stack's settings (`InfluxDB`, `SQLite`, `HomeAssistant`) and its name.
public enum DerivedValue: String, Sendable, Hashable, CaseIterable {
    case deploymentMode
    case influxURL, influxOrg, influxBucket, influxToken, influxRetention
    case databaseURL
    case homeAssistantURL, homeAssistantWebSocketURL, homeAssistantToken
    case projectName
}
