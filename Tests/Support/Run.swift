import Foundation

/// What a finished process returned.
public struct ProcessResult: Sendable {
    /// The exit status (or the terminating signal's number).
    public var status: Int32
    /// Standard output, decoded as UTF-8.
    public var stdout: String
    /// Standard error, decoded as UTF-8.
    public var stderr: String

    /// A result with these values.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Running external programs from tests.
public enum Run {
    /// Runs an executable with arguments/environment/cwd and returns its result.
    ///
    /// Standard output and error are read concurrently, so large output cannot deadlock;
    /// `stdin` is fed from a temporary file, so a child that ignores its input cannot block
    /// or break the caller. `environment` nil inherits the current environment.
    public static func process(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        stdin: Data = Data()
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }

        var inputFile: URL?
        defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
        if stdin.isEmpty {
            process.standardInput = FileHandle.nullDevice
        } else {
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("homeiq-stdin-\(UUID().uuidString)")
            try stdin.write(to: file)
            inputFile = file
            process.standardInput = try FileHandle(forReadingFrom: file)
        }

        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()

        let output = Collected()
        let errors = Collected()
        let group = DispatchGroup()
        let outHandle = outPipe.fileHandleForReading
        let errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) { output.set(outHandle.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { errors.set(errHandle.readDataToEndOfFile()) }
        group.wait()
        process.waitUntilExit()
        if let handle = process.standardInput as? FileHandle, inputFile != nil { try? handle.close() }

        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: output.get(), as: UTF8.self),
            stderr: String(decoding: errors.get(), as: UTF8.self)
        )
    }
}

/// Data filled in by one reader thread and read after it finished.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
