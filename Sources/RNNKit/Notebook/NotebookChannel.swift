internal import NotebookProtocol

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

// How the notebook functions (`check`, `show`, the `_book…` calls) reach the book's builder: each
// writes a `NotebookRecord` (module NotebookProtocol, which the builder reads with) on a channel
// of its own. A program that runs on its own (an exported chapter) has no channel: then the
// records become what a reader of the terminal wants to see (see `Standalone`).

/// The channel the records go to: the descriptor the builder named in `BOOK_NOTEBOOK_FD`, or none
/// when the program runs on its own (then `Standalone` shows the records in the terminal).
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
        guard descriptor >= 0 else { return Standalone.show(record) }
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

/// A program with no builder (an exported chapter, run with `swift run`): the records it would
/// have sent become terminal lines and files, so that the program prints what its page shows.
///
///     check(true, "the loss fell")        ✓ the loss fell
///     show(chart)                          [figure 1 written to figure-1.svg]   (figure-1.svg)
///     show(chart, label: "fig-a", ...)     [figure 2 written to figure-2.svg] then [fig-a: caption]
///
/// A failed check prints `✗ claim`; `check` then stops the program with its message.
enum Standalone {
    /// Figures written so far.
    nonisolated(unsafe) static var figures = 0
    /// The label and caption of the next figure, from its `figure-label` record.
    nonisolated(unsafe) static var pendingLabel: (label: String, caption: String)? = nil

    static func show(_ record: NotebookRecord) {
        switch record {
        case .check(let passed, _, let claim):
            printLine("\(passed ? "✓" : "✗") \(claim)")
        case .figureLabel(_, let label, let caption):
            pendingLabel = (label, caption)
        case .figure(let svg):
            figures += 1
            let name = "figure-\(figures).svg"
            if let file = fopen(name, "w") {
                fputs(svg, file)
                fclose(file)
            }
            printLine("[figure \(figures) written to \(name)]")
            if let (label, caption) = pendingLabel { printLine("[\(label): \(caption)]") }
            pendingLabel = nil
        case .block, .failsBlock, .end, .inlineStart, .inlineValue:
            break  // the page's bookkeeping: nothing to show in a terminal
        }
    }

    private static func printLine(_ line: String) {
        fputs(line + "\n", stdout)
        fflush(stdout)
    }
}
