import Foundation

/// The process's peak resident memory, from the kernel's high-water mark.
enum PeakMemory {
    /// `VmHWM` of /proc/self/status in mebibytes, or nil where there is no /proc (macOS).
    static func mebibytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Double(fields[1]) else { return nil }
            return kilobytes / 1024
        }
        return nil
    }
}
