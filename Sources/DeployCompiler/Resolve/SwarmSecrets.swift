import DeployModel

/// How a service gets each secret on a cluster: one derivation that rule `swarm.secrets` proves and
/// the stack emitter writes.
///
/// A secret never becomes a stored environment value there. An environment variable whose whole value
/// is one secret `NAME` is delivered as the file `/run/secrets/NAME`, named by `KEY_FILE` (the `_FILE`
/// convention of official images); one the service reads from the environment only
/// (`SecretFromEnvironment("KEY")`) is exported from that file by a wrapper around its `Entrypoint`.
public struct SwarmSecretDelivery: Sendable, Hashable {
    /// One environment variable that carries secrets.
    public struct Variable: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// `KEY_FILE=/run/secrets/NAME`.
            case file(secret: String)
            /// Exported by the entrypoint wrapper from `/run/secrets/…`.
            case wrapped
            /// Neither: a value that mixes a secret with other text, or a deploy-time variable inside a wrapped value.
            case undeliverable(reason: String)
        }
        public var key: String
        public var value: ResolvedValue
        public var kind: Kind
        public var location: SourceLocation
    }

    /// Where Swarm mounts secrets in a container.
    public static let directory = "/run/secrets"

    public var variables: [Variable]
    /// `SecretFromEnvironment` keys that carry no secret in this mode.
    public var staleDeclarations: [Located<String>]

    public init(_ service: ResolvedService) {
        let fromEnvironment = Set(service.swarm.secretsFromEnvironment.map(\.value))
        variables = service.environment.compactMap { variable -> Variable? in
            let names = variable.value.secretNames
            guard !names.isEmpty else { return nil }
            let kind: Variable.Kind
            if fromEnvironment.contains(variable.key) {
                let hasVariable = variable.value.parts.contains { if case .variable = $0 { true } else { false } }
                kind = hasVariable ? .undeliverable(reason: "it also holds a deploy-time variable, which the wrapper cannot export") : .wrapped
            } else if variable.value.parts.count == 1, names.count == 1 {
                kind = .file(secret: names[0])
            } else {
                kind = .undeliverable(reason: "its value mixes a secret with other text, so it cannot be a file")
            }
            return Variable(key: variable.key, value: variable.value, kind: kind, location: variable.location)
        }
        let carrying = Set(variables.map(\.key))
        staleDeclarations = service.swarm.secretsFromEnvironment.filter { !carrying.contains($0.value) }
    }

    /// Every secret name the service mounts, sorted.
    public var secretNames: [String] { Array(Set(variables.flatMap(\.value.secretNames))).sorted() }

    /// The variables exported by the wrapper.
    public var wrapped: [Variable] { variables.filter { $0.kind == .wrapped } }

    /// The `sh -c` script of the wrapper: exports each wrapped variable from its files, then execs the command.
    public var wrapperScript: String? {
        let exports = wrapped.map { variable in
            let text = variable.value.parts.map { part -> String in
                switch part {
                case .literal(let literal): "'" + literal.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
                case .secret(let name, _): "\"$(cat \(Self.directory)/\(name))\""
                case .variable: ""
                }
            }.joined()
            return "\(variable.key)=\(text.isEmpty ? "''" : text); export \(variable.key); "
        }
        return exports.isEmpty ? nil : exports.joined() + "exec \"$@\""
    }
}

/// Names in the stack files, made in one place for the emitter, the rules and (through the files) the scripts.
public enum SwarmNames {
    /// The environment variable `scripts/deploy.sh --swarm` sets to a secret's version (its content digest).
    public static func versionVariable(_ secret: String) -> String { "HOMEIQ_SECRET_VERSION_\(secret)" }

    /// The message of a missing version variable. No `-` in it: Docker CLI 20.10 tries the default
    /// forms first, and reads `${V:?a --swarm}` as `${"V:?a "-"-swarm"}` (variable unset: default `-swarm`).
    public static let versionMessage = "set by scripts/deploy.sh in its swarm mode"

    /// `homeiq_HA_TOKEN_`: the name of a secret of a stack, before its version.
    public static func secretPrefix(stack: String, secret: String) -> String { "\(stack)_\(secret)_" }

    /// The Swarm secret's external name: versioned, so that a rotation is a new secret.
    public static func secretName(stack: String, secret: String) -> ResolvedValue {
        ResolvedValue(parts: [
            .literal(secretPrefix(stack: stack, secret: secret)),
            .secret(name: versionVariable(secret), message: versionMessage),
        ])
    }

    /// Every secret the stack of `deployment` mounts, with the first place that asks for it.
    public static func secrets(_ deployment: ResolvedDeployment) -> [Located<String>] {
        var first: [String: SourceLocation] = [:]
        for service in deployment.services {
            for variable in SwarmSecretDelivery(service).variables {
                for name in variable.value.secretNames where first[name] == nil { first[name] = variable.location }
            }
        }
        return first.keys.sorted().map { Located($0, at: first[$0]!) }
    }
}
