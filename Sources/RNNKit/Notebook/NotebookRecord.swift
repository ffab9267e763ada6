#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// One message from a chapter program to the book's builder, written by the notebook functions
/// (`check`, `show`, and the `_book…` calls of the generated program) and by nothing else.
///
/// The records travel on their own channel, never on standard output: the builder opens a file,
/// passes its descriptor number in the environment variable `BOOK_NOTEBOOK_FD`, and reads the
/// file once the program has ended. What a chapter prints stays text, whatever bytes it holds.
///
/// Wire format (the builder's `NotebookRecord` in `BookBuilder/Split` reads the same):
///
///     record  := u32le(payload length) payload
///     payload := field*                       fields are UTF-8 text
///     field   := u32le(length) bytes
///
/// The fields of every record are: its kind, the byte offsets of standard output and standard
/// error when it was written (the program flushes both first, so text printed before the record,
/// with or without a newline, lies before those offsets), then the kind's own fields:
///
///     block        N                     block N (0-based) starts
///     check        pass|fail LINE CLAIM  a check at chapter line LINE
///     figure       SVG                   an SVG figure, for the current block
///     fails-block  N passed|failed       the `fails` block N ended; `passed` = it did not fail
///     end                                the program reached its end
///     figure-label LINE LABEL CAPTION    the next figure is numbered: `show(_:label:caption:)`
///     inline-start N                     inline value N of the prose is being computed
///     inline       N VALUE               inline value N, as the page shows it
///
/// A reader skips kinds it does not know, so a new kind (say, an inline computed value) is one
/// more case here and one more case in the builder.
public enum NotebookRecord: Equatable, Sendable {
    case block(Int)
    case check(passed: Bool, line: Int, claim: String)
    case figure(svg: String)
    case failsBlock(Int, failed: Bool)
    case end
    case figureLabel(line: Int, label: String, caption: String)
    case inlineStart(Int)
    case inlineValue(Int, value: String)

    /// The record's kind and its own fields, as written on the wire.
    public var fields: [String] {
        switch self {
        case .block(let n): return ["block", "\(n)"]
        case .check(let passed, let line, let claim): return ["check", passed ? "pass" : "fail", "\(line)", claim]
        case .figure(let svg): return ["figure", svg]
        case .failsBlock(let n, let failed): return ["fails-block", "\(n)", failed ? "failed" : "passed"]
        case .end: return ["end"]
        case .figureLabel(let line, let label, let caption): return ["figure-label", "\(line)", label, caption]
        case .inlineStart(let n): return ["inline-start", "\(n)"]
        case .inlineValue(let n, let value): return ["inline", "\(n)", value]
        }
    }

    /// The record as bytes, with the output offsets at the time it is written.
    public func encoded(stdoutOffset: Int, stderrOffset: Int) -> [UInt8] {
        var payload: [UInt8] = []
        let all = [fields[0], "\(stdoutOffset)", "\(stderrOffset)"] + fields.dropFirst()
        for field in all {
            let bytes = Array(field.utf8)
            payload += littleEndian(UInt32(bytes.count))
            payload += bytes
        }
        return littleEndian(UInt32(payload.count)) + payload
    }
}

private func littleEndian(_ x: UInt32) -> [UInt8] {
    [UInt8(x & 0xff), UInt8((x >> 8) & 0xff), UInt8((x >> 16) & 0xff), UInt8(x >> 24)]
}

/// The channel the records go to: the descriptor the builder named in `BOOK_NOTEBOOK_FD`, or none
/// when the program runs on its own (then `check` and `show` only print to standard error).
enum NotebookChannel {
    nonisolated(unsafe) static var descriptor: Int32 = -1

    /// Reads the descriptor from the environment and removes the variable, so that the chapter's
    /// own code does not see it. Asks the kernel to end this process if the builder dies
    /// (`BOOK_PARENT_PID`), so that a killed build leaves no chapter running.
    static func open() {
        if let value = getenv("BOOK_NOTEBOOK_FD"), let fd = Int32(String(cString: value)), fcntl(fd, F_GETFD) != -1 {
            descriptor = fd
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        unsetenv("BOOK_NOTEBOOK_FD")
        if let value = getenv("BOOK_PARENT_PID"), let parent = Int32(String(cString: value)) {
            diesWithParent(parent)
        }
    }

    /// `prctl(PR_SET_PDEATHSIG, SIGKILL)`, then a check that the parent is still the one expected
    /// (it may have died before the call).
    static func diesWithParent(_ parent: pid_t) {
        // `prctl` is variadic, which Swift does not import: call it through its address.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") {  // RTLD_DEFAULT
            _ = unsafeBitCast(symbol, to: Prctl.self)(1 /* PR_SET_PDEATHSIG */, UInt(SIGKILL), 0, 0, 0)
        }
        if getppid() != parent { _exit(137) }
    }

    /// Writes `record` in one `write` call (a `fails` block's child shares the descriptor), after
    /// flushing both output streams so that the offsets it carries are exact.
    static func write(_ record: NotebookRecord) {
        fflush(stdout)
        fflush(stderr)
        guard descriptor >= 0 else { return }
        let out = Int(lseek(1, 0, SEEK_CUR)), err = Int(lseek(2, 0, SEEK_CUR))
        let bytes = record.encoded(stdoutOffset: out, stderrOffset: err)
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                done += n
            }
        }
    }
}
