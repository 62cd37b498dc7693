import DeployModel

/// `mode.feature-flags`: feature flags are derived from the services present, never typed.
public struct ModeFeatureFlagsRule: Rule {
    public static let id = "mode.feature-flags"
    public var summary: String { "feature flags (ENABLE_*) are derived from the services present, never typed by hand" }
    public var documentation: String {
        """
        A service declares the flag it backs with `FeatureFlag("ENABLE_WEATHER_API")`; each mode's env \
        file then says `true` exactly when a service backing the flag runs in that mode. The \
        hand-written files this replaces typed every flag twice (once per env file, once in the \
        profiles) and drifted: `ENABLE_WEATHER_API=true` in test with no weather service, or a \
        generator enabled in production. This rule reports an `Env` or `EnvFileEntry` that types a \
        declared flag: with the wrong value it names the derived one, and even with the right value \
        it is a second source of truth. Every service receives the derived flags in its \
        `environment:` (homeiq-gen adds them), so no service needs to type one. It also checks that each declared flag is a valid environment name \
        starting with `ENABLE_`, and warns about an `ENABLE_*` env-file entry that no service declares (a \
        flag typed by hand). Fix: delete the typed entry, or reference the flag as above. \
        Complexity: O(f + e) with a hash map of the f flags, over the e environment declarations and env-file entries.
        """
    }

    /// `ENABLE_` followed by at least one of `[A-Za-z0-9_]`.
    static func isValidFlagName(_ name: String) -> Bool {
        guard name.hasPrefix("ENABLE_"), name.utf8.count > "ENABLE_".utf8.count else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
        }
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        // Every declared flag, where it was declared, and whether it is on in each mode.
        var declarations: Set<SourceLocation> = []
        var enabled: [String: Modes] = [:]
        var reportedNames: Set<SourceLocation> = []
        for deployment in context.deployments {
            for service in deployment.services {
                for flag in service.featureFlags {
                    declarations.insert(flag.location)
                    enabled[flag.value, default: []].formUnion(Modes(deployment.mode))
                    if !Self.isValidFlagName(flag.value), reportedNames.insert(flag.location).inserted {
                        diagnostics.error(
                            Self.id, "feature flag '\(flag.value)' of service '\(service.name)' is not an environment name starting with ENABLE_",
                            at: flag.location,
                            help: "name it ENABLE_ followed by letters, digits and underscores, e.g. FeatureFlag(\"ENABLE_WEATHER_API\")",
                            service: service.name)
                    }
                }
            }
        }
        // Advice: an ENABLE_* env-file entry no service backs is a flag typed by hand.
        for deployment in context.deployments {
            for entry in deployment.envFile where entry.key.hasPrefix("ENABLE_") && enabled[entry.key] == nil {
                diagnostics.warning(
                    Self.id, "env file entry \(entry.key) looks like a feature flag, but no service declares FeatureFlag(\"\(entry.key)\")",
                    at: entry.location,
                    help:
                        "declare FeatureFlag(\"\(entry.key)\") on the service that backs it and delete the EnvFileEntry: the value is then derived per mode"
                )
            }
        }
        guard !enabled.isEmpty else { return }
        // Most keys are turned away by their signature before any hashing.
        let flags = TextSignatures(enabled.keys)
        func isFlag(_ key: String) -> Bool { flags.mayContain(key) && enabled[key] != nil }

        func derived(_ flag: String, _ mode: Mode) -> String { enabled[flag]?.contains(mode) == true ? "true" : "false" }
        func typed(_ flag: String, _ value: ResolvedValue, mode: Mode) -> (message: String, help: String) {
            let expected = derived(flag, mode)
            let reference = "reference it with .variable(\"\(flag)\", default: nil), or delete it"
            if let text = value.literalText, text.lowercased() != expected {
                return (
                    "\(flag)=\(text), but \(flag) is derived as \(expected) (a service backing it "
                        + (expected == "true" ? "runs" : "does not run") + " in this mode)",
                    "the flag follows the services present: \(reference)"
                )
            }
            return (
                "\(flag) is typed by hand (it is derived from the services present: \(expected))",
                "never type a flag twice: \(reference)"
            )
        }

        for deployment in context.deployments {
            for service in deployment.services {
                for variable in service.environment where !variable.derived && isFlag(variable.key) {
                    if variable.value.parts.elementsEqual([.variable(name: variable.key, default: nil)]) { continue }
                    let (message, help) = typed(variable.key, variable.value, mode: deployment.mode)
                    if variable.fromDefaults {
                        diagnostics.add(Self.id, deployment.mode, "Defaults: " + message, at: variable.location, help: help)
                    } else {
                        diagnostics.add(
                            Self.id, deployment.mode, "service '\(service.name)': " + message, at: variable.location, help: help,
                            service: service.name)
                    }
                }
            }
            for entry in deployment.envFile where isFlag(entry.key) && !declarations.contains(entry.location) {
                let (message, help) = typed(entry.key, entry.value, mode: deployment.mode)
                diagnostics.add(Self.id, deployment.mode, "the env file: " + message, at: entry.location, help: help)
            }
        }
    }
}
