import Foundation

/// What a finished child process left behind.
public struct ProcessResult: Sendable, Codable, Equatable {
    public var stdout: Data
    public var stderr: Data
    /// Exit code, or the signal number when `signaled`.
    public var status: Int32
    public var signaled: Bool
    /// Killed because it ran past its time budget.
    public var timedOut: Bool
    /// Killed because it printed more than the output limit.
    public var outputLimitHit: Bool
    /// Wall-clock seconds.
    public var seconds: Double

    public var succeeded: Bool { !signaled && status == 0 && !timedOut && !outputLimitHit }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `executable` with `arguments`, collecting both output streams, under a time budget and an
/// output limit. On either, the process and its process group (the children of `fails` blocks)
/// are killed and the result says why.
public func runProcess(
    _ executable: String, _ arguments: [String], workingDirectory: URL? = nil,
    environment: [String: String]? = nil, timeout: Double? = nil, outputLimit: Int = 64 << 20
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let workingDirectory { process.currentDirectoryURL = workingDirectory }
    if let environment { process.environment = environment }
    let outPipe = Pipe(), errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = FileHandle.nullDevice

    let state = CollectedOutput(limit: outputLimit)
    let start = Date()
    do {
        try process.run()
    } catch {
        throw BuildFailure("cannot start \(executable): \(error.localizedDescription)")
    }
    let pid = process.processIdentifier
    let group = DispatchGroup()
    for (handle, isOut) in [(outPipe.fileHandleForReading, true), (errPipe.fileHandleForReading, false)] {
        group.enter()
        DispatchQueue.global().async {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                if state.append(data, toStdout: isOut) { killGroup(pid) }
            }
            group.leave()
        }
    }
    var timedOut = false
    if let timeout {
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            finished.signal()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            killGroup(pid)
            finished.wait()
        }
    } else {
        process.waitUntilExit()
    }
    // The pipes close when the last writer (a `fails` child included) is gone.
    if group.wait(timeout: .now() + 5) == .timedOut { killGroup(pid) }
    group.wait()
    let signaled = process.terminationReason == .uncaughtSignal
    return ProcessResult(
        stdout: state.stdout, stderr: state.stderr, status: process.terminationStatus, signaled: signaled,
        timedOut: timedOut, outputLimitHit: state.limitHit, seconds: Date().timeIntervalSince(start))
}

/// Kills a process and the process group it leads.
private func killGroup(_ pid: Int32) {
    kill(-pid, SIGKILL)
    kill(pid, SIGKILL)
}

/// Both streams of a child, filled from two reader threads.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private(set) var stdout = Data()
    private(set) var stderr = Data()
    private(set) var limitHit = false

    init(limit: Int) { self.limit = limit }

    /// Appends and returns true the first time the total passes the limit.
    func append(_ data: Data, toStdout: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if limitHit { return false }
        if toStdout { stdout.append(contentsOf: data) } else { stderr.append(contentsOf: data) }
        if stdout.count + stderr.count > limit {
            limitHit = true
            return true
        }
        return false
    }
}
