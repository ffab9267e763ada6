#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

// What a chapter program uses to talk to the book's builder.
//
// A chapter's code blocks run as one program. What the code prints is text, and only text: the
// builder attributes it to the block that printed it. The notebook functions below tell the
// builder where each block starts, which checks held, which figures to draw and how a `fails`
// block ended, by writing `NotebookRecord`s on a channel of their own (see NotebookChannel.swift),
// which `print` cannot reach.
//
// The functions whose names start with `_book` are called by the generated program only.

/// States a claim the page makes. When `condition` holds, the page shows the claim with a tick;
/// when it does not, the chapter fails at this line (the builder prints `file:line: error:` and
/// the page shows the failure in place).
///
///     check(loss < 0.01, "the loss fell below 0.01")
public func check(_ condition: Bool, _ claim: String, file: StaticString = #filePath, line: UInt = #line) {
    let oneLine = claim.replacingNewlines()
    NotebookChannel.write(.check(passed: condition, line: Int(line), claim: oneLine))
    if !condition {
        if NotebookChannel.descriptor < 0 { writeStderr("\(file):\(line): error: check failed: \(oneLine)\n") }
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
    NotebookChannel.write(.figure(svg: figure.svg))
}

/// Called by the generated program once, before the first block: opens the builder's channel, and
/// makes standard output and error unbuffered, so that nothing printed is lost if a block traps.
public func _bookStart() {
    NotebookChannel.open()
    setvbuf(stdout, nil, _IONBF, 0)
    setvbuf(stderr, nil, _IONBF, 0)
}

/// Called by the generated program before block `index`.
public func _bookBlock(_ index: Int) {
    NotebookChannel.write(.block(index))
}

/// Runs a `fails` block in a child process, so that its trap or failed check ends the child and
/// the rest of the chapter goes on in the parent. Returns `true` in the child (which runs the
/// block, then calls `_bookFailsBlockDidNotFail`), and `false` in the parent once the child is
/// done, after reporting how the block ended. The block's effects stay in the child.
public func _bookFailsBlock(_ index: Int) -> Bool {
    fflush(stdout)
    fflush(stderr)
    let parent = getpid()
    let pid = fork()
    if pid == 0 {
        NotebookChannel.diesWithParent(parent)
        return true
    }
    if pid < 0 {
        writeStderr("error: could not fork to run the expected-to-fail block \(index)\n")
        exit(4)
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // exit(0) from `_bookFailsBlockDidNotFail` means the block ran to its end: it did not fail.
    let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
    NotebookChannel.write(.failsBlock(index, failed: !exitedCleanly))
    return false
}

/// Called at the end of a `fails` block's code, in the child: the block did not fail.
public func _bookFailsBlockDidNotFail() -> Never {
    fflush(stdout)
    exit(0)
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
public func _bookNeverRun() -> Bool { NotebookChannel.descriptor == Int32.min }

/// Called by the generated program after the last block.
public func _bookEnd() {
    NotebookChannel.write(.end)
}
