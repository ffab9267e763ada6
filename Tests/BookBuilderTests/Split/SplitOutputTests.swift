import Foundation
import Testing

@testable import BookBuilder

// Stage 8: a chapter program's output, attributed to its blocks by the notebook records that
// RNNKit/Notebook writes on their own channel, and how the process ended, turned into per-block
// results and diagnostics at the right lines. The runs here are played by hand (`Played`); the
// end-to-end tests run real programs.

/// One thing a played chapter program does.
enum Event {
    case out(String)
    case err(String)
    case record(NotebookRecord)

    static func block(_ n: Int) -> Event { .record(.block(n)) }
    static func check(_ passed: Bool, _ line: Int, _ claim: String) -> Event { .record(.check(passed: passed, line: line, claim: claim)) }
    static func figure(_ svg: String) -> Event { .record(.figure(svg: svg)) }
    static func failsBlock(_ n: Int, failed: Bool) -> Event { .record(.failsBlock(n, failed: failed)) }
    static let end = Event.record(.end)
}

/// A finished run of a program that did `events`, in order: the records carry the offsets the
/// two output streams had when they were written, as the library's writer does.
func played(
    _ events: [Event], status: Int32 = 0, signaled: Bool = false, timedOut: Bool = false, outputLimitHit: Bool = false
) -> ProcessResult {
    var out: [UInt8] = [], err: [UInt8] = [], records: [UInt8] = []
    for e in events {
        switch e {
        case .out(let s): out += s.utf8
        case .err(let s): err += s.utf8
        case .record(let r): records += r.encoded(stdoutOffset: out.count, stderrOffset: err.count)
        }
    }
    return ProcessResult(
        stdout: Data(out), stderr: Data(err), records: Data(records), status: status, signaled: signaled, timedOut: timedOut,
        outputLimitHit: outputLimitHit, seconds: 0.25)
}

/// A backtrace as Swift's runtime prints it for a chapter trap at `line`.
func backtrace(_ fatal: String?, line: Int, crashed: String = "Illegal instruction at 0x00007fe23056df7f") -> String {
    (fatal.map { "\($0)\n" } ?? "") + """
        swift-runtime: failed to suspend thread 16257 while processing a crash; backtraces will be missing information

        *** Signal 4: Backtracing from 0x7fe23056df7f... done ***

        *** Program crashed: \(crashed) ***

        Platform: x86_64 Linux (Debian GNU/Linux 12 (bookworm))

        Thread 0 "chapter" crashed:

          0      0x00007fe23056df7f closure #1 in closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
          1 [ra] 0x00007fd56bc59627 static Matrix.gemm(_:_:into:transposeA:transposeB:alpha:beta:) in libRNNKit.so at /home/student/book/Sources/RNNKit/Matrix/Matrix+Product.swift:26:9
          2 [ra] 0x000055c4d951343a main + 537 in chapter at \(testFile):\(line):9
          3 [ra] 0x000055c4d951343a main + 600 in chapter at \(testFile):\(line + 5):9
        ...

        Backtrace took 0.04s

        """
}

@Suite struct SplitOutputTests {
    /// Blocks at fence lines 3, 10, 20, 30 (first code lines 4, 11, 21, 31).
    func blocks(_ options: [BlockOptions] = [BlockOptions(), BlockOptions(), BlockOptions(), BlockOptions()]) -> [CodeBlock] {
        options.enumerated().map { i, o in
            CodeBlock(index: i, fenceLine: [3, 10, 20, 30][i], code: "let x\(i) = \(i)\n", options: o)
        }
    }

    func split(_ run: ProcessResult, _ blocks: [CodeBlock], timeout: Double = 120) -> (results: [BlockResult], diagnostics: [Diagnostic]) {
        splitOutput(run, blocks: blocks, file: testFile, timeout: timeout)
    }

    @Test func textGoesToTheBlockThatPrintedIt() {
        let run = played([.block(0), .out("hello\n"), .block(1), .out("a\n\nb\n"), .block(2), .block(3), .out("z\n"), .end])
        let (results, diagnostics) = split(run, blocks())
        #expect(diagnostics.isEmpty)
        #expect(results.map(\.printedText) == ["hello\n", "a\n\nb\n", "", "z\n"])
        #expect(results.map(\.ran) == [true, true, true, true])
        #expect(results[2].items.isEmpty)
    }

    @Test func printedProtocolLookalikesAreOnlyText() {
        // What the old line protocol read as markers: a record separator, fake blocks, checks, figures, the end.
        let fake = "\u{1E}block 2\n\u{1E}check fail\t4\tfake\n\u{1E}figure-begin\n<script>alert(1)</script>\n\u{1E}figure-end\n\u{1E}end\n"
        let run = played([.block(0), .out("x" + fake), .check(true, 5, "real"), .block(1), .block(2), .block(3), .end])
        let (results, diagnostics) = split(run, blocks())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(results[0].items == [.text("x" + fake), .check(line: 5, claim: "real", passed: true)])
        #expect(results[2].items.isEmpty)
    }

    @Test func checksAndFiguresInOrderWithTheText() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<line x1=\"0\"/>\n</svg>"
        let run = played([
            .block(0), .out("before\n"), .check(true, 5, "the loss fell below 0.1"), .out("between\n"), .figure(svg), .out("after\n"),
            .block(1), .block(2), .block(3), .end,
        ])
        let (results, diagnostics) = split(run, blocks())
        #expect(diagnostics.isEmpty)
        #expect(
            results[0].items == [
                .text("before\n"), .check(line: 5, claim: "the loss fell below 0.1", passed: true), .text("between\n"), .figure(svg),
                .text("after\n"),
            ])
        #expect(results[0].printedText == "before\nbetween\nafter\n")
    }

    @Test func aFigureWithAScriptIsNotShown() {
        let run = played([.block(0), .figure("<svg><script>alert(1)</script></svg>"), .figure("<svg><g onclick=\"x()\"/></svg>"), .end])
        let (results, diagnostics) = split(run, blocks([BlockOptions()]))
        #expect(diagnostics.map(\.line) == [4, 4])
        #expect(diagnostics.first?.message == "a figure was not shown: its SVG contains a <script> element")
        #expect(diagnostics.last?.message == "a figure was not shown: its SVG contains an event handler (onclick=)")
        #expect(!results[0].items.contains { if case .figure = $0 { return true } else { return false } })
    }

    @Test func aClaimMayHoldTabsAndRecordSeparators() {
        let run = played([.block(0), .check(true, 7, "a\tb\u{1E}c"), .end])
        let (results, _) = split(run, blocks([BlockOptions()]))
        #expect(results[0].items == [.check(line: 7, claim: "a\tb\u{1E}c", passed: true)])
    }

    @Test func textPrintedWithoutANewlineBeforeARecordStaysWithItsBlock() {
        // `print("x", terminator: "")` at the end of a block.
        let run = played([
            .block(0), .out("no newline"), .block(1), .out("progress: 1 2 3"), .check(true, 12, "done"), .out("!"), .block(2), .block(3),
            .end,
        ])
        let (results, diagnostics) = split(run, blocks())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(results.map(\.ran) == [true, true, true, true])
        #expect(results[0].printedText == "no newline")
        #expect(results[1].items == [.text("progress: 1 2 3"), .check(line: 12, claim: "done", passed: true), .text("!")])
    }

    @Test func norunBlocksAreMarkedNotRun() {
        let run = played([.block(0), .block(1), .block(2), .block(3), .end])
        let (results, diagnostics) = split(run, blocks([BlockOptions(), BlockOptions(norun: true), BlockOptions(), BlockOptions()]))
        #expect(diagnostics.isEmpty)
        #expect(results.map(\.ran) == [true, false, true, true])
        #expect(results.allSatisfy { $0.notRun == nil })
    }

    @Test func aTrapIsReportedAtItsStatementFromTheBacktrace() throws {
        let run = played(
            [
                .block(0), .out("ok\n"), .block(1), .out("partial\n"),
                .err(backtrace("Swift/ContiguousArrayBuffer.swift:690: Fatal error: Index out of range", line: 13)),
            ], status: 4, signaled: true)
        let (results, diagnostics) = split(run, blocks())
        let errors = diagnostics.filter { $0.severity == .error }
        let d = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(d.line == 13, "the first frame in the chapter, not the block's first line")
        #expect(d.message == "the program trapped: Index out of range")
        #expect(results[1].items == [.text("partial\n"), .error(d.description)])
        #expect(results.map(\.ran) == [true, true, false, false])
        // The blocks after it: not run, on the page and in one note for the terminal.
        #expect(
            results.map(\.notRun) == [nil, nil, "Not run: the chapter stopped at line 13.", "Not run: the chapter stopped at line 13."])
        #expect(
            diagnostics.filter { $0.severity == .note } == [
                Diagnostic(file: testFile, line: 20, .note, "2 blocks (lines 20, 30) did not run: the chapter stopped at line 13")
            ])
    }

    @Test func aLibraryErrorNamesTheChapterLineAndNoMachinePath() throws {
        let fatal = "RNNKit/Matrix+Product.swift:51: Fatal error: shape mismatch: matmul: (2×3) · (2×3)"
        let run = played([.block(0), .err(backtrace(fatal, line: 6))], status: 4, signaled: true)
        let d = try #require(split(run, blocks([BlockOptions()])).diagnostics.first)
        #expect(d.line == 6)
        #expect(d.message == "the program trapped: shape mismatch: matmul: (2×3) · (2×3)")
        #expect(!d.message.contains("/"), "no path: \(d.message)")
    }

    @Test func aStackOverflowIsCalledOne() throws {
        let frames = (1...40).map { "    \($0) [ra] 0x0000562b1f677f3d f(_:) + 76 in chapter at \(testFile):4:44" }.joined(separator: "\n")
        let stderr = """

            *** Signal 11: Backtracing from 0x562b1f677ef8... done ***

            *** Program crashed: Bad pointer dereference at 0x00007fff4cf09ff0 ***

            Thread 0 "chapter" crashed:

                 0      0x0000562b1f677ef8 f(_:) + 8 in chapter at \(testFile):4
            \(frames)
            ...

            """
        let run = played([.block(0), .err(stderr)], status: 11, signaled: true)
        let d = try #require(split(run, blocks([BlockOptions()])).diagnostics.first)
        #expect(d.line == 4)
        #expect(d.message == "stack overflow: a function calls itself without end (or too deep)")
    }

    @Test func aCrashWithoutAFatalErrorSaysWhatCrashed() throws {
        let run = played(
            [.block(0), .err(backtrace(nil, line: 5, crashed: "Bad pointer dereference at 0x0000000000000010"))], status: 11, signaled: true
        )
        let d = try #require(split(run, blocks([BlockOptions()])).diagnostics.first)
        #expect(d.line == 5)
        #expect(d.message == "the program trapped: crashed: bad pointer dereference")
    }

    @Test func aTrapThatNamesAChapterLineIsReportedThere() {
        let run = played(
            [.block(0), .block(1), .err("\(testFile):14: Fatal error: the loss became NaN at step 12\n")], status: 4, signaled: true)
        let (_, diagnostics) = split(run, blocks())
        #expect(diagnostics.filter { $0.severity == .error }.map(\.line) == [14])
        #expect(diagnostics.first?.message == "the program trapped: the loss became NaN at step 12")
    }

    @Test func aTrapWithoutAMessageStillSaysWhatHappened() {
        let (results, diagnostics) = split(played([.block(0)], status: 4, signaled: true), blocks([BlockOptions()]))
        #expect(diagnostics.map(\.line) == [4])
        // Optimized code traps on an index out of range without a word on stderr.
        #expect(diagnostics.first?.message.hasPrefix("the program trapped: a runtime check failed without a message") == true)
        #expect(results[0].items.count == 1)
    }

    @Test func aNonZeroExitIsAnErrorAtTheRunningBlock() {
        let run = played([.block(0), .block(1), .block(2), .err("something went wrong\n")], status: 1)
        let (_, diagnostics) = split(run, blocks())
        #expect(diagnostics.filter { $0.severity == .error }.map(\.line) == [21])
        #expect(diagnostics.first?.message == "the program exited with status 1: something went wrong")
    }

    @Test func aProgramThatExitsEarlyIsAnErrorAndTheRestIsNotRun() {
        let (results, diagnostics) = split(played([.block(0), .block(1)]), blocks())
        #expect(diagnostics.filter { $0.severity == .error }.map(\.line) == [11])
        #expect(diagnostics.first?.message.contains("before the end of the chapter (did a block call exit?)") == true)
        #expect(results.map(\.ran) == [true, true, false, false])
        #expect(results[2].notRun == "Not run: the chapter stopped at line 11.")
    }

    @Test func aFailedCheckIsAnErrorAtTheCheckLineOnce() throws {
        let run = played(
            [.block(0), .block(1), .out("loss 0.3\n"), .check(true, 12, "first"), .check(false, 14, "the loss fell below 0.1")],
            status: 3)
        let (results, diagnostics) = split(run, blocks())
        #expect(
            diagnostics.filter { $0.severity == .error } == [Diagnostic(file: testFile, line: 14, "check failed: the loss fell below 0.1")])
        #expect(
            results[1].items == [
                .text("loss 0.3\n"), .check(line: 12, claim: "first", passed: true),
                .check(line: 14, claim: "the loss fell below 0.1", passed: false),
            ])
        #expect(results.map(\.ran) == [true, true, false, false])
        #expect(results[3].notRun == "Not run: the chapter stopped at line 14.")
    }

    @Test func aFailsBlockThatTrapsIsNoErrorAndTheChapterGoesOn() throws {
        let options = [BlockOptions(), BlockOptions(fails: true), BlockOptions(), BlockOptions()]
        let run = played([
            .block(0), .block(1), .out("in child\n"),
            .err(backtrace("RNNKit/M.swift:3: Fatal error: shapes (2×3) and (4×5) do not match", line: 12)),
            .failsBlock(1, failed: true), .block(2), .out("after\n"), .block(3), .end,
        ])
        let (results, diagnostics) = split(run, blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(
            results[1].items == [
                .text("in child\n"), .error("the block failed, as expected, at line 12: shapes (2×3) and (4×5) do not match"),
            ])
        #expect(results[2].printedText == "after\n")
        #expect(results.map(\.ran) == [true, true, true, true])
    }

    @Test func aFailsBlockThatFailsACheckShowsTheCheckOnly() {
        let options = [BlockOptions(), BlockOptions(fails: true), BlockOptions(), BlockOptions()]
        let run = played([
            .block(0), .block(1), .check(false, 12, "the gradients agree"), .failsBlock(1, failed: true), .block(2), .block(3), .end,
        ])
        let (results, diagnostics) = split(run, blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(results[1].items == [.check(line: 12, claim: "the gradients agree", passed: false)])
    }

    @Test func aFailsBlockThatDoesNotFailIsAnErrorAtItsFence() {
        let options = [BlockOptions(), BlockOptions(), BlockOptions(fold: true, fails: true), BlockOptions()]
        let run = played([.block(0), .block(1), .block(2), .out("fine\n"), .failsBlock(2, failed: false), .block(3), .end])
        let (results, diagnostics) = split(run, blocks(options))
        let d = Diagnostic(file: testFile, line: 20, "this block is marked 'fails' but ran to its end without failing")
        #expect(diagnostics == [d])
        #expect(results[2].items == [.text("fine\n"), .error(d.description)])
        #expect(results[3].ran)
    }

    @Test func aSilentFailsBlockGetsAGeneralMessage() {
        let options = [BlockOptions(fails: true), BlockOptions(), BlockOptions(), BlockOptions()]
        let run = played([.block(0), .failsBlock(0, failed: true), .block(1), .block(2), .block(3), .end])
        let (results, diagnostics) = split(run, blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(results[0].items.count == 1)
        guard case .error(let message) = results[0].items.first else { return }
        #expect(message.hasPrefix("the block failed, as expected: a runtime check failed without a message"))
    }

    @Test func eachFailsBlockShowsItsOwnMessage() {
        let options = [BlockOptions(fails: true), BlockOptions(), BlockOptions(fails: true), BlockOptions()]
        let run = played([
            .block(0), .err("\(testFile):4: Fatal error: first\n"), .failsBlock(0, failed: true), .block(1), .block(2),
            .err("\(testFile):21: Fatal error: second\n"), .failsBlock(2, failed: true), .block(3), .end,
        ])
        let (results, diagnostics) = split(run, blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(results[0].items == [.error("the block failed, as expected, at line 4: first")])
        #expect(results[2].items == [.error("the block failed, as expected, at line 21: second")])
    }

    @Test func aTrapAfterAFailsBlockNamesTheRealTrap() {
        let options = [BlockOptions(fails: true), BlockOptions(), BlockOptions(), BlockOptions()]
        let run = played(
            [
                .block(0), .err("\(testFile):4: Fatal error: expected\n"), .failsBlock(0, failed: true), .block(1), .block(2),
                .err("Swift/Array.swift:1: Fatal error: Index out of range\n"),
            ], status: 4, signaled: true)
        let (_, diagnostics) = split(run, blocks(options))
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.line == 21, "block 2 was running, not the fails block at line 4")
        #expect(errors.first?.message == "the program trapped: Index out of range")
    }

    @Test func aTimeoutIsReportedAtTheStatementThatHung() {
        let run = played(
            [.block(0), .block(1), .out("epoch 1\n"), .err(backtrace(nil, line: 15, crashed: "Quit"))], status: 9, signaled: true,
            timedOut: true)
        let (results, diagnostics) = split(run, blocks(), timeout: 2)
        let d = Diagnostic(
            file: testFile, line: 15, "the chapter ran past its time budget of 2 s here (raise it with <!-- book: timeout=SECONDS -->)")
        #expect(diagnostics.filter { $0.severity == .error } == [d])
        #expect(results[1].items == [.text("epoch 1\n"), .error(d.description)])
    }

    @Test func hittingTheOutputLimitIsReportedAtTheRunningBlock() throws {
        let run = played(
            [.block(0), .block(1), .block(2), .out(String(repeating: "spam\n", count: 1000))], status: 9, signaled: true,
            outputLimitHit: true)
        let (_, diagnostics) = split(run, blocks())
        let d = try #require(diagnostics.first)
        #expect(diagnostics.filter { $0.severity == .error }.count == 1)
        #expect(d.line == 21)
        #expect(d.message.contains("printed more than"))
        #expect(d.message.contains("was stopped"))
    }

    @Test func outputIsCutAtThePageTextLimit() throws {
        let line = String(repeating: "x", count: 99) + "\n"
        let big = String(repeating: line, count: 1500)  // 150 000 bytes
        let (results, diagnostics) = split(played([.block(0), .out(big), .check(true, 5, "still here"), .end]), blocks([BlockOptions()]))
        #expect(diagnostics.isEmpty)
        let items = results[0].items
        #expect(items.count == 2)
        guard case .text(let shown) = items[0] else { Issue.record("no text first: \(items)"); return }
        #expect(shown.hasPrefix(String(big.prefix(pageTextLimit))))
        #expect(shown.hasSuffix("\n… (output cut: the block printed 150000 bytes)\n"))
        #expect(shown.utf8.count < pageTextLimit + 100)
        #expect(items[1] == .check(line: 5, claim: "still here", passed: true))
    }

    @Test func outputJustUnderTheLimitIsKept() {
        let text = String(repeating: "y", count: pageTextLimit - 1) + "\n"
        let (results, _) = split(played([.block(0), .out(text), .end]), blocks([BlockOptions()]))
        #expect(results[0].printedText == text)
    }

    @Test func aBlockThatPrintsManyLines() {
        let line = String(repeating: "z", count: 99) + "\n"
        let run = played([.block(0), .out(String(repeating: line, count: 20_000)), .block(1), .out("next\n"), .end])
        let start = Date()
        let (results, _) = split(run, blocks([BlockOptions(), BlockOptions()]))
        print("split 2 MB in 20 000 lines in \(Date().timeIntervalSince(start)) s")
        #expect(results[0].printedText.hasPrefix(line + line))
        #expect(results[0].printedText.hasSuffix("(output cut: the block printed 2000000 bytes)\n"))
        #expect(results[1].printedText == "next\n")
    }

    @Test func aRecordCutShortEndsTheRecords() {
        var run = played([.block(0), .out("a\n"), .end])
        run.records = run.records.dropLast(3)
        let (results, diagnostics) = split(run, blocks([BlockOptions()]))
        #expect(results[0].printedText == "a\n")
        #expect(diagnostics.first?.message.contains("before the end of the chapter") == true)
    }

    @Test func unknownRecordKindsAreSkipped() {
        // A newer library's record (say, an inline value) read by this builder.
        func field(_ s: String) -> [UInt8] { let b = Array(s.utf8); return [UInt8(b.count), 0, 0, 0] + b }
        let payload = field("inline") + field("0") + field("0") + field("1") + field("42")
        var run = played([.block(0)])
        run.records += Data([UInt8(payload.count), 0, 0, 0] + payload)
        run.records += Data(NotebookRecord.end.encoded(stdoutOffset: 0, stderrOffset: 0))
        let (results, diagnostics) = split(run, blocks([BlockOptions()]))
        #expect(diagnostics.isEmpty)
        #expect(results[0].ran)
    }

    @Test func machinePathsAreCut() {
        #expect(withoutMachinePaths("at /home/a/book/Sources/RNNKit/M.swift:3 and /usr/lib/x.so") == "at Sources/RNNKit/M.swift:3 and x.so")
        #expect(withoutMachinePaths("error:\n/tmp/w/main.swift:3: x, 1/2 and a/b") == "error:\nmain.swift:3: x, 1/2 and a/b")
    }
}
