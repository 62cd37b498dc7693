import DeployModel

/// The HomeIQ stack, described once for both deployment modes.
///
/// Each file of `Deployments/` contributes one part; `swift run homeiq-gen` compiles
/// `HomeIQ.stack` into `generated/`.
public enum HomeIQ {
    /// The machine the stack must fit. `.nuc16gb` allows InfluxDB option B.
    public static let hardware: HardwareProfile = .nuc8gb

    /// InfluxDB for the test deployment: `.sharedInstance` (option A, the default for 8 GB)
    /// or `.separateTestInstance` (option B: `influxdb-test` on 8087, needs `.nuc16gb`).
    public static let influxOption: InfluxOption = .sharedInstance

    /// The release of the HomeIQ service images (one tag for all of them).
    public static let release = "2.4.0"

    /// The image of a HomeIQ service, pinned to `release`.
    public static func image(_ service: String) -> String { "ghcr.io/homeiq/\(service):\(release)" }

    /// The whole stack.
    public static let stack = Stack("homeiq") {
        platform
        storage
        ingestion
        coreServices
        externalData
        aiServices
        dataGeneration
        testFixtures
    }
}
