import Foundation
// The notebook records are the library's and the builder's shared contract; the builder's users
// (the command, the tests) see them through BookBuilder.
@_exported import NotebookProtocol

/// One thing a block put on the page, in the order it happened.
public enum OutputItem: Equatable, Sendable {
    /// Printed text (escaped when rendered).
    case text(String)
    /// A `check` and whether it held.
    case check(line: Int, claim: String, passed: Bool)
    /// An SVG figure from `show`.
    case figure(String)
    /// A failure at this block: a compile error, a trap, a failed check, a hang.
    case error(String)
}

/// What one swift block produced.
public struct BlockResult: Equatable, Sendable {
    public var items: [OutputItem] = []
    /// The block ran (false for blocks after a crash, `norun` blocks, or on a compile error).
    public var ran = false
    /// The line the chapter stopped at, when this block should have run but did not (the page
    /// says so, in its language's words).
    public var stoppedAt: Int? = nil
    /// Why a block that should have run did not, in English (the terminal's and tests' wording).
    public var notRun: String? { stoppedAt.map { PageWords.english.text(.notRun, ["line": "\($0)"]) } }

    public init() {}

    /// Everything the block printed, the text that an ```output block is compared with.
    public var printedText: String {
        items.reduce(into: "") { text, item in if case .text(let t) = item { text += t } }
    }

    mutating func appendText(_ s: String) {
        if case .text(var t)? = items.last {
            // Drop the array's reference first, so that `t` is the only one and grows in place:
            // `t + s` would copy the whole text for every line, quadratic in what a block prints.
            items[items.count - 1] = .text("")
            t += s
            items[items.count - 1] = .text(t)
        } else {
            items.append(.text(s))
        }
    }
}

/// The most text one block shows on its page; the rest is cut with a note.
public let pageTextLimit = 100_000

/// Stage 8: split the output per block. Reads the program's notebook records (its own channel,
/// see `NotebookRecord`), gives each block the text printed between its records, its checks and
/// figures, and turns how the process ended into diagnostics at the statement that failed.
/// Standard output is only ever text: whatever bytes a chapter prints, they land, escaped, in the
/// block that printed them.
public func splitOutput(_ run: ProcessResult, blocks: [CodeBlock], file: String, timeout: Double) -> (
    results: [BlockResult], diagnostics: [Diagnostic]
) {
    splitOutput(run, records: NotebookRecord.decode(run.records), blocks: blocks, file: file, timeout: timeout)
}

/// `splitOutput` with the run's records already decoded.
public func splitOutput(
    _ run: ProcessResult, records: [NotebookRecord.Positioned], blocks: [CodeBlock], file: String, timeout: Double
) -> (results: [BlockResult], diagnostics: [Diagnostic]) {
    var splitter = OutputSplitter(run: run, blocks: blocks, file: file)
    for positioned in records {
        splitter.advance(stdout: positioned.stdoutOffset, stderr: positioned.stderrOffset)
        splitter.read(positioned.record)
    }
    splitter.advance(stdout: run.stdout.count, stderr: run.stderr.count)
    splitter.cutLongOutputs()
    if !(splitter.reachedEnd && run.succeeded) { splitter.explainEarlyStop(timeout: timeout) }
    return (splitter.results, splitter.diagnostics)
}

/// The state of `splitOutput` as it reads the records in order: which block is running, what
/// each block printed so far, and what went wrong.
struct OutputSplitter {
    let run: ProcessResult
    let blocks: [CodeBlock]
    let file: String
    var results: [BlockResult]
    var diagnostics: [Diagnostic] = []
    /// Standard error, per block.
    var errorText: [String]
    var current: Int? = nil
    var failedCheck: (line: Int, block: Int)? = nil
    var reachedEnd = false
    let out: [UInt8], err: [UInt8]
    var outPosition = 0, errPosition = 0

    init(run: ProcessResult, blocks: [CodeBlock], file: String) {
        self.run = run
        self.blocks = blocks
        self.file = file
        results = Array(repeating: BlockResult(), count: blocks.count)
        errorText = Array(repeating: "", count: blocks.count)
        out = [UInt8](run.stdout)
        err = [UInt8](run.stderr)
    }

    /// The text written since the last record belongs to the block that was running.
    mutating func advance(stdout o: Int, stderr e: Int) {
        let o = min(max(o, outPosition), out.count), e = min(max(e, errPosition), err.count)
        if let c = current {
            if o > outPosition { results[c].appendText(String(decoding: out[outPosition..<o], as: UTF8.self)) }
            if e > errPosition { errorText[c] += String(decoding: err[errPosition..<e], as: UTF8.self) }
        }
        outPosition = o
        errPosition = e
    }

    mutating func read(_ record: NotebookRecord) {
        switch record {
        case .block(let n):
            guard n >= 0 && n < blocks.count else { return }
            current = n
            results[n].ran = !blocks[n].options.norun
        case .check(let passed, let line, let claim):
            guard let c = current else { return }
            results[c].items.append(.check(line: line, claim: claim, passed: passed))
            if !passed {
                failedCheck = (line, c)
                if !blocks[c].options.fails { diagnostics.append(Diagnostic(file: file, line: line, "check failed: \(claim)")) }
            }
        case .figure(let svg):
            guard let c = current else { return }
            if let problem = unsafeFigure(svg) {
                fail(block: c, Diagnostic(file: file, line: blocks[c].firstLine, "a figure was not shown: \(problem)"))
            } else {
                results[c].items.append(.figure(svg))
            }
        case .failsBlock(let n, let failed):
            guard n >= 0 && n < blocks.count else { return }
            endFailsBlock(n, failed: failed)
        case .figureLabel, .inlineStart, .inlineValue:
            break  // the authoring features read these (AuthoringContext.read)
        case .end:
            reachedEnd = true
        }
    }

    /// A `fails` block ended: an error if it did not fail, else what it failed with.
    mutating func endFailsBlock(_ n: Int, failed: Bool) {
        if !failed {
            fail(
                block: n,
                Diagnostic(file: file, line: blocks[n].fenceLine, "this block is marked 'fails' but ran to its end without failing"))
        } else if !results[n].items.contains(where: \.isFailedCheck) {
            let crash = CrashReport(errorText[n], file: file, signaled: true)
            let at = crash.line.map { ", at line \($0)" } ?? ""
            results[n].items.append(.error("the block failed, as expected\(at): \(crash.message)"))
        }
        errorText[n] = ""
        failedCheck = nil
    }

    /// `d` on the page under block `k`, and in the terminal.
    mutating func fail(block k: Int, _ d: Diagnostic) {
        results[k].items.append(.error(d.description))
        diagnostics.append(d)
    }

    /// A block that printed more than `pageTextLimit` bytes shows the first ones, and says so.
    mutating func cutLongOutputs() {
        for i in results.indices {
            let printed = results[i].printedText
            if printed.utf8.count > pageTextLimit {
                let kept = String(decoding: Array(printed.utf8.prefix(pageTextLimit)), as: UTF8.self)
                results[i].items.removeAll { if case .text = $0 { return true } else { return false } }
                results[i].items.insert(.text(kept + "\n… (output cut: the block printed \(printed.utf8.count) bytes)\n"), at: 0)
            }
        }
    }

    /// The program stopped early. Say why, at the statement that was running, and that the blocks
    /// after it did not run.
    mutating func explainEarlyStop(timeout: Double) {
        guard !blocks.isEmpty else {
            let crash = CrashReport(run.stderrText, file: file, signaled: run.signaled)
            diagnostics.append(Diagnostic(file: file, line: 0, "the program failed before its first block: \(crash.message)"))
            return
        }
        let at = current ?? 0
        let crash = CrashReport(errorText[at], file: file, signaled: run.signaled)
        let line = crash.line ?? blocks[at].firstLine
        if let message = whyItStopped(crash, block: at, timeout: timeout) { fail(block: at, Diagnostic(file: file, line: line, message)) }
        noteSkippedBlocks(after: at, stoppedAt: failedCheck?.line ?? line)
    }

    /// The message for a program that stopped in block `at`; nil when a failed check there said it already.
    func whyItStopped(_ crash: CrashReport, block at: Int, timeout: Double) -> String? {
        if run.timedOut {
            return "the chapter ran past its time budget of \(Int(timeout)) s here (raise it with <!-- book: timeout=SECONDS -->)"
        } else if run.outputLimitHit {
            return "the chapter printed more than \(run.stdout.count + run.stderr.count) bytes and was stopped here"
        } else if let check = failedCheck, check.block == at, run.status == 3, !run.signaled {
            return nil  // already reported at the check's line
        } else if run.signaled {
            return crash.stackOverflow ? crash.message : "the program trapped: \(crash.message)"
        } else if run.status == 0 {
            return "the program stopped here, before the end of the chapter (did a block call exit?)"
        }
        return "the program exited with status \(run.status): \(crash.hasMessage ? crash.message : "no message")"
    }

    /// The blocks after block `at` did not run: say so on the page, and once in the terminal.
    mutating func noteSkippedBlocks(after at: Int, stoppedAt: Int) {
        let skipped = blocks.indices.filter { $0 > at && !blocks[$0].options.norun }
        for k in skipped { results[k].stoppedAt = stoppedAt }
        guard let first = skipped.first else { return }
        let lines = skipped.map { "\(blocks[$0].fenceLine)" }.joined(separator: ", ")
        let which = skipped.count == 1 ? "this block (line \(lines))" : "\(skipped.count) blocks (lines \(lines))"
        diagnostics.append(
            Diagnostic(
                file: file, line: blocks[first].fenceLine, .note, "\(which) did not run: the chapter stopped at line \(stoppedAt)"))
    }
}

extension OutputItem {
    var isFailedCheck: Bool { if case .check(_, _, false) = self { return true } else { return false } }
}

/// What a program that failed wrote on standard error, read the way a student needs it: the
/// message, the chapter line of the statement that failed (the first frame of Swift's backtrace
/// in the chapter file, or the location of the message), and whether it was a stack overflow.
/// Paths of the machine (the library's sources, the toolchain) never reach the message.
struct CrashReport: Equatable {
    var message: String
    var line: Int?
    var stackOverflow = false
    var hasMessage = true

    init(_ stderr: String, file: String, signaled: Bool) {
        let lines = stderr.split(separator: "\n").map(String.init)
        // The first frame of the backtrace in the chapter: "… in chapter at Chapters/x.md:12:9".
        var frames: [Int] = []
        for l in lines {
            guard let r = l.range(of: " at \(file):") else { continue }
            if let n = Int(l[r.upperBound...].prefix { $0.isNumber }) { frames.append(n) }
        }
        let crashedLine = lines.first { $0.hasPrefix("*** Program crashed: ") }
        let frameLines = lines.filter { $0.range(of: #"^\s*\d+ .*0x[0-9a-f]+ "#, options: .regularExpression) != nil }
        let fatal = lines.first { $0.contains("Fatal error") }
        let errorLine = lines.first { $0.contains("error:") && !$0.hasPrefix("swift-runtime:") }

        line = frames.first
        if let fatal {
            // "Chapters/x.md:12: Fatal error: msg" or "RNNKit/File.swift:51: Fatal error: msg".
            let location = fatal.components(separatedBy: "Fatal error").first ?? ""
            if line == nil, location.hasPrefix(file + ":") { line = Int(location.dropFirst(file.count + 1).prefix { $0.isNumber }) }
            var text = String(fatal.dropFirst(location.count + "Fatal error".count))
            if text.hasPrefix(":") { text.removeFirst() }
            text = text.trimmingCharacters(in: .whitespaces)
            message = text.isEmpty ? "Fatal error" : text
        } else if frameLines.count >= 16,
            let top = frameLines.dropFirst().first?.range(of: " in ").map({ frameLines[1][$0.lowerBound...] }),
            frameLines.dropFirst().prefix(15).allSatisfy({ $0.hasSuffix(top) })
        {
            // The same frame over and over, then a bad access: the recursion never ended.
            stackOverflow = true
            message = "stack overflow: a function calls itself without end (or too deep)"
        } else if let crashedLine {
            var text = String(crashedLine.dropFirst("*** Program crashed: ".count))
            if text.hasSuffix(" ***") { text.removeLast(4) }
            if let at = text.range(of: " at 0x") { text = String(text[..<at.lowerBound]) }
            message = "crashed: \(text.lowercased())"
        } else if let errorLine {
            message = errorLine
        } else if signaled {
            message =
                "a runtime check failed without a message, e.g. an array index out of range, a nil unwrapped with `!`, or an arithmetic overflow"
            hasMessage = false
        } else {
            message = lines.last { !$0.hasPrefix("swift-runtime:") && !$0.hasPrefix("***") } ?? ""
            hasMessage = !message.isEmpty
        }
        message = withoutMachinePaths(message)
    }
}

/// `text` with every absolute path cut to what follows its `Sources/` (or to its file name), so
/// that no path of the machine reaches a page.
func withoutMachinePaths(_ text: String) -> String {
    guard text.contains("/"), let pattern = try? NSRegularExpression(pattern: #"(?<![\w.~])/(?:[^\s:'"()/]+/)+[^\s:'"()/]*"#)
    else { return text }
    let ns = text as NSString
    var out = ""
    var last = 0
    for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
        out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
        let path = ns.substring(with: match.range)
        if let r = path.range(of: "/Sources/") {
            out += "Sources/" + path[r.upperBound...]
        } else {
            out += path.split(separator: "/").last.map(String.init) ?? ""
        }
        last = match.range.location + match.range.length
    }
    return out + ns.substring(from: last)
}
