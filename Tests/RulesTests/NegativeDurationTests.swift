import DeployCompiler
import DeployModel
import Testing

/// Issue 9 part 3's own example: `StopGracePeriod(-3661)` was written as `"-1s"`; a small negative duration
/// or retry count is a located error like a huge one.
@Suite("Negative durations", .exactFindings)
struct NegativeDurationTests {
    @Test("StopGracePeriod(-3661) and a negative health-check interval are numbers.range errors at their lines")
    func negativeDurations() {
        let stack = validStack(
            extra: {
                CoreService("probe") {
                    Image("example/probe:1.0.0")
                    Healthcheck(["CMD", "true"], interval: -30)  // @interval
                }
            },
            service: {
                StopGracePeriod(-3661)  // @grace
            })
        expectFindings(
            [
                ExpectedFinding(ruleID: "numbers.range", marker: "grace", modes: .both),
                ExpectedFinding(ruleID: "numbers.range", marker: "interval", modes: .both),
            ], in: diagnostics(of: stack))
    }
}
