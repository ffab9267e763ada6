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

/// Stage 8: split the output per block. Reads the markers that the chapter program wrote
/// (see `RNNKit/Notebook/Notebook.swift`), gives each block its text, checks and figures, and
/// turns how the process ended into diagnostics at the right lines.
public func splitOutput(_ run: ProcessResult, blocks: [CodeBlock], file: String, timeout: Double) -> (
    results: [BlockResult], diagnostics: [Diagnostic]
) {
    var results = Array(repeating: BlockResult(), count: blocks.count)
    var diagnostics: [Diagnostic] = []
    var current: Int? = nil
    var failedCheckLine: Int? = nil
    var reachedEnd = false
    var figure: String? = nil

    // What the program wrote to standard error, one message per failure: the `fails` blocks' children
    // write theirs first, in order, and a trap or failed check that ends the program writes last.
    let errorLines = stderrMessages(run.stderrText)
    var failedChildren = 0

    let text = run.stdoutText
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    for var raw in lines {
        if figure == nil, let m = raw.firstIndex(of: "\u{1E}"), m != raw.startIndex {
            // Text printed without a final newline (`print(x, terminator: "")`), then a marker.
            if let c = current { results[c].appendText(String(raw[..<m])) }
            raw = raw[m...]
        }
        if figure != nil {
            if raw == "\u{1E}figure-end" {
                if let c = current { results[c].items.append(.figure(figure!)) }
                figure = nil
            } else {
                figure! += raw + "\n"
            }
            continue
        }
        guard raw.first == "\u{1E}" else {
            if let c = current { results[c].appendText(raw + "\n") }
            continue
        }
        let marker = raw.dropFirst()
        if marker.hasPrefix("block "), let n = Int(marker.dropFirst(6)), n < blocks.count {
            current = n
            results[n].ran = !blocks[n].options.norun
        } else if marker == "figure-begin" {
            figure = ""
        } else if marker.hasPrefix("check ") {
            let fields = marker.dropFirst(6).split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let line = Int(fields[1]), let c = current else { continue }
            let passed = fields[0] == "pass"
            results[c].items.append(.check(line: line, claim: String(fields[2]), passed: passed))
            if !passed {
                failedCheckLine = line
                if !blocks[c].options.fails {
                    diagnostics.append(Diagnostic(file: file, line: line, "check failed: \(fields[2])"))
                }
            }
        } else if marker.hasPrefix("fails-block ") {
            let parts = marker.split(separator: " ")
            guard parts.count == 3, let n = Int(parts[1]), n < blocks.count else { continue }
            if parts[2] == "passed" {
                let message = "this block is marked 'fails' but ran to its end without failing"
                results[n].items.append(.error(message))
                diagnostics.append(Diagnostic(file: file, line: blocks[n].fenceLine, message))
            } else {
                // The child's message is the next one on stderr, unless some child trapped silently
                // (optimized code traps without a message), and then no message can be told apart.
                let message = errorLines.count >= failedChildren + 1 ? errorLines[failedChildren] : nil
                failedChildren += 1
                if !results[n].items.contains(where: { if case .check(_, _, false) = $0 { return true } else { return false } }) {
                    results[n].items.append(.error("the block failed, as expected: " + (message ?? silentTrap(run))))
                }
            }
            failedCheckLine = nil
        } else if marker == "end" {
            reachedEnd = true
        }
    }
    for i in results.indices {
        let printed = results[i].printedText
        if printed.utf8.count > pageTextLimit {
            let kept = String(decoding: Array(printed.utf8.prefix(pageTextLimit)), as: UTF8.self)
            results[i].items.removeAll { if case .text = $0 { return true } else { return false } }
            results[i].items.insert(.text(kept + "\n… (output cut: the block printed \(printed.utf8.count) bytes)\n"), at: 0)
        }
    }

    if reachedEnd && run.succeeded { return (results, diagnostics) }
    // The program stopped early. Say why, at the block that was running.
    let at = current ?? 0
    let blockLine = blocks.isEmpty ? 0 : blocks[at].firstLine
    let message: String
    var line = blockLine
    if run.timedOut {
        message = "the chapter ran past its time budget of \(Int(timeout)) s in this block (raise it with <!-- book: timeout=SECONDS -->)"
    } else if run.outputLimitHit {
        message = "the chapter printed more than \(run.stdout.count + run.stderr.count) bytes in this block and was stopped"
    } else if failedCheckLine != nil && run.status == 3 && !run.signaled {
        return (results, diagnostics)  // already reported at the check's line
    } else {
        // The last message, if it is not a `fails` block's: the children's come first.
        let own = errorLines.count > failedChildren ? errorLines.last : nil
        if let own, let l = chapterLine(in: own, file: file) { line = l }
        if run.signaled {
            message = "the program trapped: \(own ?? silentTrap(run))"
        } else if !reachedEnd && run.status == 0 {
            message = "the program stopped before the end of the chapter (did a block call exit?)"
        } else {
            message = "the program exited with status \(run.status): \(own ?? "no message")"
        }
    }
    if !blocks.isEmpty { results[at].items.append(.error(message)) }
    diagnostics.append(Diagnostic(file: file, line: line, message))
    return (results, diagnostics)
}

/// The lines of standard error that report a failure: Swift's "Fatal error: ..." and a failed
/// check's "file:line: error: ...". When there are none but the output is not empty, its last line.
func stderrMessages(_ stderr: String) -> [String] {
    let lines = stderr.split(separator: "\n").map(String.init)
    let errors = lines.filter { $0.contains("Fatal error") || $0.contains("error:") }
    if errors.isEmpty, let last = lines.last { return [last] }
    return errors
}

/// What to say about a trap that printed nothing: in optimized code (the library, and chapters
/// that ask for `<!-- book: optimize -->`) Swift's own checks trap without a message.
func silentTrap(_ run: ProcessResult) -> String {
    let signal = run.signaled ? " (signal \(run.status))" : ""
    return "a runtime check failed\(signal) without a message, e.g. an array index out of range, "
        + "a nil unwrapped with `!`, or an arithmetic overflow"
}

/// The first `file:LINE` in a crash message that points into the chapter.
func chapterLine(in stderr: String, file: String) -> Int? {
    guard let range = stderr.range(of: file + ":") else { return nil }
    return Int(stderr[range.upperBound...].prefix { $0.isNumber })
}
