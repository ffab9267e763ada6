import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished child process left behind.
public struct ProcessResult: Sendable, Codable, Equatable {
    public var stdout: Data
    public var stderr: Data
    /// What the notebook functions wrote on their own channel (`NotebookRecord`s); empty for
    /// processes that are not chapter programs.
    public var records: Data = Data()
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

/// Runs `executable` with `arguments` in a process group of its own, with standard output and
/// error going to files (so that a notebook record can name an exact offset in them), under a
/// time budget and an output limit. On either, the whole group (the children of `fails` blocks
/// too) is killed and the result says why. When the builder is interrupted (Ctrl-C, `kill`), every
/// group it started is killed before it exits: no chapter keeps running.
///
/// - Parameter notebookChannel: give the child the notebook channel: a file on descriptor 3,
///   named in `BOOK_NOTEBOOK_FD`, whose bytes come back as `records`.
public func runProcess(
    _ executable: String, _ arguments: [String], workingDirectory: URL? = nil,
    environment: [String: String]? = nil, timeout: Double? = nil, outputLimit: Int = 64 << 20,
    notebookChannel: Bool = false
) throws -> ProcessResult {
    InterruptHandler.install()
    let out = try ScratchFile(), err = try ScratchFile()
    let records = notebookChannel ? try ScratchFile() : nil

    var env = environment ?? ProcessInfo.processInfo.environment
    if records != nil {
        env["BOOK_NOTEBOOK_FD"] = "3"
        env["BOOK_PARENT_PID"] = "\(getpid())"
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    try redirect(&actions, out: out, err: err, records: records, workingDirectory: workingDirectory)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    setOwnGroupAndDefaultSignals(&attributes)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    let start = Date()
    var pid: pid_t = 0
    // Registered before it exists, so that an interrupt between spawn and registration is not missed.
    let slot = InterruptHandler.reserve()
    defer { InterruptHandler.release(slot) }
    let spawned = InterruptHandler.withSignalsBlocked {
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        if rc == 0 { InterruptHandler.register(pid, in: slot) }
        return rc
    }
    guard spawned == 0 else {
        throw BuildFailure("cannot start \(executable): \(String(cString: strerror(spawned)))")
    }

    let (timedOut, limitHit) = watch(
        pid, start: start, timeout: timeout, outputLimit: outputLimit, askForBacktrace: notebookChannel, stderr: err,
        written: { out.size + err.size + (records?.size ?? 0) })
    var status: Int32 = 0
    // The children of `fails` blocks of a program that died go with it.
    kill(-pid, SIGKILL)
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(start)
    let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
    return ProcessResult(
        stdout: out.contents(limit: outputLimit), stderr: err.contents(limit: outputLimit),
        records: records?.contents(limit: Int.max) ?? Data(),
        status: signaled ? status & 0x7f : (status >> 8) & 0xff, signaled: signaled,
        timedOut: timedOut, outputLimitHit: limitHit, seconds: seconds)
}

/// The child's standard input from /dev/null, its output and error (and the notebook channel, on
/// descriptor 3) into the scratch files, in `workingDirectory`.
private func redirect(
    _ actions: inout posix_spawn_file_actions_t, out: ScratchFile, err: ScratchFile, records: ScratchFile?, workingDirectory: URL?
) throws {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, out.fd, 1)
    posix_spawn_file_actions_adddup2(&actions, err.fd, 2)
    if let records { posix_spawn_file_actions_adddup2(&actions, records.fd, 3) }
    if let workingDirectory { try addChdir(&actions, workingDirectory.path) }
}

/// The child in a process group of its own (so that its whole group can be stopped), with the
/// signals the builder catches back at their defaults and none blocked.
private func setOwnGroupAndDefaultSignals(_ attributes: inout posix_spawnattr_t) {
    var defaults = sigset_t(), empty = sigset_t()
    sigemptyset(&empty)
    sigemptyset(&defaults)
    for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
}

/// Waits for `pid` to end, without reaping it (so that its group's id cannot be reused before it
/// is killed), and stops its group when it runs past `timeout` or has `written` more than
/// `outputLimit` bytes. A chapter (`askForBacktrace`) is first asked for a backtrace (SIGQUIT:
/// Swift's runtime prints where it was, so the message names the statement that hung), and killed
/// a moment later; any other program is killed at once.
private func watch(
    _ pid: pid_t, start: Date, timeout: Double?, outputLimit: Int, askForBacktrace: Bool, stderr err: ScratchFile,
    written: () -> Int
) -> (timedOut: Bool, limitHit: Bool) {
    var timedOut = false, limitHit = false
    var killAt: Date? = nil
    var stderrAtStop = 0
    func stop() {
        if askForBacktrace {
            stderrAtStop = err.size
            kill(-pid, SIGQUIT)
            killAt = Date().addingTimeInterval(3)
        } else {
            kill(-pid, SIGKILL)
        }
    }
    while true {
        var info = siginfo_t()
        let r = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if r == 0 && info._sifields._sigchld.si_pid == pid { break }
        if r < 0 && errno != EINTR { break }
        if let timeout, !timedOut, !limitHit, Date().timeIntervalSince(start) > timeout {
            timedOut = true
            stop()
        }
        if !limitHit, !timedOut, written() > outputLimit {
            limitHit = true
            stop()
        }
        // Killed once the backtrace is written (the runtime does not end the process after a SIGQUIT).
        if let deadline = killAt, Date() > deadline || err.text(after: stderrAtStop)?.contains("\nBacktrace took") == true {
            kill(-pid, SIGKILL)
            killAt = .distantFuture
        }
        usleep(5_000)
    }
    return (timedOut, limitHit)
}

/// `posix_spawn_file_actions_addchdir_np` (glibc 2.29), which Swift does not see without
/// `_GNU_SOURCE`: found by name.
private func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) throws {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
        throw BuildFailure("this C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29 or later is needed)")
    }
    let add = unsafeBitCast(symbol, to: AddChdir.self)
    _ = path.withCString { add(&actions, $0) }
}

/// An unnamed temporary file (created, then unlinked at once), open for reading and writing.
private final class ScratchFile {
    let fd: Int32

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/book-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw BuildFailure("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(fd) }

    var size: Int {
        var s = stat()
        return fstat(fd, &s) == 0 ? Int(s.st_size) : 0
    }

    /// The text after `offset` (up to 64 KB of it), or nil when there is none.
    func text(after offset: Int) -> String? {
        let count = min(size - offset, 1 << 16)
        guard count > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(offset)) }
        guard n > 0 else { return nil }
        return String(decoding: bytes.prefix(n), as: UTF8.self)
    }

    /// The first `limit` bytes.
    func contents(limit: Int) -> Data {
        let count = min(size, limit)
        var data = Data(count: count)
        var done = 0
        data.withUnsafeMutableBytes { buffer in
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(done))
                if n <= 0 { break }
                done += n
            }
        }
        return data.prefix(done)
    }
}

/// Kills every process group the builder started when the builder itself is interrupted
/// (SIGINT from Ctrl-C, SIGTERM from `kill`, SIGHUP when the terminal closes), then lets the
/// signal end the builder as it would have. The groups sit in a fixed table that the handler
/// reads without locks or allocation (a signal handler may do little else).
enum InterruptHandler {
    static let capacity = 256
    nonisolated(unsafe) static let groups: UnsafeMutablePointer<pid_t> = {
        let p = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var taken = [Bool](repeating: false, count: capacity)
    private static let installed: Void = {
        _ = groups
        for s in [SIGINT, SIGTERM, SIGHUP] {
            signal(s) { sig in
                for i in 0..<InterruptHandler.capacity where InterruptHandler.groups[i] > 0 {
                    kill(-InterruptHandler.groups[i], SIGKILL)
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }()

    static func install() { _ = installed }

    /// A free slot of the table, or -1 when all are taken (then the process is not tracked).
    static func reserve() -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard let i = taken.firstIndex(of: false) else { return -1 }
        taken[i] = true
        return i
    }

    static func register(_ pid: pid_t, in slot: Int) {
        if slot >= 0 { groups[slot] = pid }
    }

    static func release(_ slot: Int) {
        guard slot >= 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        groups[slot] = 0
        taken[slot] = false
    }

    /// Runs `body` with the interrupt signals blocked on this thread.
    static func withSignalsBlocked<T>(_ body: () -> T) -> T {
        var block = sigset_t(), old = sigset_t()
        sigemptyset(&block)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&block, s) }
        pthread_sigmask(SIG_BLOCK, &block, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        return body()
    }
}
