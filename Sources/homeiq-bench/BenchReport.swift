/// The text `homeiq-bench` prints: a table of per-phase medians, the slowest rules, peak memory,
/// and the machine-readable last line `services=N total_ms=X peak_mb=Y`.
extension BenchRunner.Report {
    /// The report, listing the `rulesShown` slowest rules under the phase table.
    func text(rulesShown: Int) -> String {
        var lines: [String] = []
        lines.append(
            "homeiq-bench: \(services) services (test \(testServices), production \(productionServices)), "
                + "\(ruleCount) rules, \(runs) run\(runs == 1 ? "" : "s") after 1 warm-up, "
                + "\(Fixed.format(Double(outputBytes) / 1_048_576, decimals: 2)) MiB of output per run")
        lines.append(Fixed.left("phase", 22) + Fixed.right("median_ms", 12) + Fixed.right("min_ms", 12) + Fixed.right("max_ms", 12))
        func row(_ name: String, _ samples: Samples) {
            lines.append(
                Fixed.left(name, 22) + Fixed.right(Fixed.format(samples.median, decimals: 2), 12)
                    + Fixed.right(Fixed.format(samples.minimum, decimals: 2), 12) + Fixed.right(Fixed.format(samples.maximum, decimals: 2), 12))
        }
        for phase in BenchRunner.Phase.allCases {
            row(phase == .compile ? "compile (end to end)" : phase.rawValue, phases[phase] ?? Samples())
        }
        row("total", total)
        lines.append("(resolve, rules and render spread their work over the cores the process may use; each rule below is timed alone)")
        let slowest = rules.sorted { $0.samples.median > $1.samples.median }.prefix(rulesShown)
        if !slowest.isEmpty {
            lines.append("slowest rules (each check timed alone, median ms):")
            for rule in slowest {
                lines.append("  " + Fixed.left(rule.id, 32) + Fixed.right(Fixed.format(rule.samples.median, decimals: 3), 12))
            }
        }
        lines.append("peak memory: " + (peakMebibytes.map { "\(Fixed.format($0)) MB (VmHWM)" } ?? "unknown (no /proc/self/status)"))
        lines.append("services=\(services) total_ms=\(Fixed.format(total.median, decimals: 2)) peak_mb=\(Fixed.format(peakMebibytes ?? 0))")
        return lines.joined(separator: "\n") + "\n"
    }
}
