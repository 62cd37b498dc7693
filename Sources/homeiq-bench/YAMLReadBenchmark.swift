import DeployRead
import Foundation

/// Times DeployRead on one file: the median process CPU time of reading it (merge keys resolved), and MB/s.
/// CPU time, not wall time, so a shared machine's load does not count against the reader.
struct YAMLReadBenchmark {
    var path: String
    var runs: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read \(path)") }
        let bytes = Array(data)
        var nodes = 0
        var times: [Double] = []
        for run in 0...runs {
            let start = Self.cpuSeconds()
            let node = try YAML.readResolvingMerges(bytes)
            let elapsed = Self.cpuSeconds() - start
            if run > 0 { times.append(elapsed) }
            nodes = node?.pairs?.count ?? 0
        }
        times.sort()
        let median = times[times.count / 2]
        let megabytes = Double(bytes.count) / 1_000_000
        return
            "read_yaml bytes=\(bytes.count) top_level_keys=\(nodes) runs=\(runs) median_cpu_ms=\(Int(median * 1000)) mb_per_s=\(Int(megabytes / median))"
    }

    static func cpuSeconds() -> Double {
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }
}
