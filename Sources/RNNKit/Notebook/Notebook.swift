#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

// What a chapter program uses to talk to the book's builder.
//
// A chapter's code blocks run as one program. Besides what the code prints, the program writes
// marker lines on standard output; the builder splits the output at them and puts each block's
// text, checks and figures under that block. A marker line starts with the byte 0x1E (ASCII
// "record separator"), which printed text never contains:
//
//   \u{1E}block N              block N (0-based) starts
//   \u{1E}check pass L CLAIM   a check at chapter line L held (tab-separated)
//   \u{1E}check fail L CLAIM   a check at chapter line L failed; the program then exits with 3
//   \u{1E}figure-begin         an SVG figure follows, up to
//   \u{1E}figure-end
//   \u{1E}fails-block N STATUS  the `fails` block N finished with STATUS (`failed` or `passed`)
//
// The functions whose names start with `_book` are called by the generated program only.

/// The marker byte that starts every line the builder reads as a marker.
public let notebookMarker = "\u{1E}"

/// States a claim the page makes. When `condition` holds, the page shows the claim with a tick;
/// when it does not, the chapter fails at this line (the builder prints `file:line: error:` and
/// the page shows the failure in place).
///
///     check(loss < 0.01, "the loss fell below 0.01")
public func check(_ condition: Bool, _ claim: String, file: StaticString = #filePath, line: UInt = #line) {
    let oneLine = claim.replacingNewlines()
    if condition {
        writeStdout("\(notebookMarker)check pass\t\(line)\t\(oneLine)\n")
    } else {
        writeStdout("\(notebookMarker)check fail\t\(line)\t\(oneLine)\n")
        writeStderr("\(file):\(line): error: check failed: \(oneLine)\n")
        exit(3)
    }
}

/// Something the page can draw: every chart of the library is one.
public protocol Figure {
    /// The figure as a standalone SVG document (text already escaped).
    var svg: String { get }
}

/// Puts `figure` on the page, under the block that shows it.
public func show(_ figure: some Figure) {
    writeStdout("\(notebookMarker)figure-begin\n\(figure.svg)\n\(notebookMarker)figure-end\n")
}

/// Called by the generated program once, before the first block: line-buffered output so that
/// nothing printed is lost if a block traps.
public func _bookStart() {
    setvbuf(stdout, nil, _IOLBF, 0)
}

/// Called by the generated program before block `index`.
public func _bookBlock(_ index: Int) {
    writeStdout("\(notebookMarker)block \(index)\n")
}

/// Runs a `fails` block in a child process, so that its trap or failed check ends the child and
/// the rest of the chapter goes on in the parent. Returns `true` in the child (which runs the
/// block, then calls `_bookFailsBlockDidNotFail`), and `false` in the parent once the child is
/// done, after reporting how the block ended. The block's effects stay in the child.
public func _bookFailsBlock(_ index: Int) -> Bool {
    fflush(stdout)
    fflush(stderr)
    let pid = fork()
    if pid == 0 { return true }
    if pid < 0 {
        writeStderr("error: could not fork to run the expected-to-fail block \(index)\n")
        exit(4)
    }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    // exit(0) from `_bookFailsBlockDidNotFail` means the block ran to its end: it did not fail.
    let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
    writeStdout("\(notebookMarker)fails-block \(index) \(exitedCleanly ? "passed" : "failed")\n")
    return false
}

/// Called at the end of a `fails` block's code, in the child: the block did not fail.
public func _bookFailsBlockDidNotFail() -> Never {
    fflush(stdout)
    exit(0)
}

func writeStdout(_ s: String) {
    fputs(s, stdout)
}

func writeStderr(_ s: String) {
    fputs(s, stderr)
    fflush(stderr)
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\t" ? " " : $0 })
    }
}

/// Used by the generated program to compile a `norun` block without running it: the compiler
/// cannot see that this is always `false`, so it still type-checks the block.
public func _bookNeverRun() -> Bool { notebookMarker.isEmpty }

/// Called by the generated program after the last block.
public func _bookEnd() {
    writeStdout("\(notebookMarker)end\n")
    fflush(stdout)
}
