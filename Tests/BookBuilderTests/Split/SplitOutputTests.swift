import Foundation
import Testing

@testable import BookBuilder

// Stage 8: a chapter program's output, cut at the \u{1E} marker lines that
// RNNKit/Notebook/Notebook.swift writes, and how the process ended, turned into per-block results
// and diagnostics at the right lines. The runs here are made by hand; the end-to-end tests run
// real programs.

/// A finished run with this output.
func processResult(
    _ stdout: String, stderr: String = "", status: Int32 = 0, signaled: Bool = false, timedOut: Bool = false,
    outputLimitHit: Bool = false
) -> ProcessResult {
    ProcessResult(
        stdout: Data(stdout.utf8), stderr: Data(stderr.utf8), status: status, signaled: signaled, timedOut: timedOut,
        outputLimitHit: outputLimitHit, seconds: 0.25)
}

/// Marker lines, as the chapter program writes them.
enum Marker {
    static func block(_ n: Int) -> String { "\u{1E}block \(n)\n" }
    static func check(_ passed: Bool, _ line: Int, _ claim: String) -> String {
        "\u{1E}check \(passed ? "pass" : "fail")\t\(line)\t\(claim)\n"
    }
    static func figure(_ svg: String) -> String { "\u{1E}figure-begin\n\(svg)\n\u{1E}figure-end\n" }
    static func failsBlock(_ n: Int, _ status: String) -> String { "\u{1E}fails-block \(n) \(status)\n" }
    static let end = "\u{1E}end\n"
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
        let stdout = Marker.block(0) + "hello\n" + Marker.block(1) + "a\n\nb\n" + Marker.block(2) + Marker.block(3) + "z\n" + Marker.end
        let (results, diagnostics) = split(processResult(stdout), blocks())
        #expect(diagnostics.isEmpty)
        #expect(results.map(\.printedText) == ["hello\n", "a\n\nb\n", "", "z\n"])
        #expect(results.map(\.ran) == [true, true, true, true])
        #expect(results[2].items.isEmpty)
    }

    @Test func checksAndFiguresInOrderWithTheText() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<line x1=\"0\"/>\n</svg>"
        let stdout =
            Marker.block(0) + "before\n" + Marker.check(true, 5, "the loss fell below 0.1") + "between\n" + Marker.figure(svg)
            + "after\n" + Marker.block(1) + Marker.block(2) + Marker.block(3) + Marker.end
        let (results, diagnostics) = split(processResult(stdout), blocks())
        #expect(diagnostics.isEmpty)
        #expect(
            results[0].items == [
                .text("before\n"), .check(line: 5, claim: "the loss fell below 0.1", passed: true), .text("between\n"),
                .figure(svg + "\n"), .text("after\n"),
            ])
        #expect(results[0].printedText == "before\nbetween\nafter\n")
    }

    @Test func aClaimMayHoldTabsAfterTheLineField() {
        let stdout = Marker.block(0) + "\u{1E}check pass\t7\ta\tb\n" + Marker.end
        let (results, _) = split(processResult(stdout), blocks([BlockOptions()]))
        #expect(results[0].items == [.check(line: 7, claim: "a\tb", passed: true)])
    }

    @Test func textPrintedWithoutANewlineBeforeAMarkerStaysWithItsBlock() {
        // `print("x", terminator: "")` at the end of a block: the next marker does not start a line.
        let stdout =
            Marker.block(0) + "no newline" + Marker.block(1) + "progress: 1 2 3" + Marker.check(true, 12, "done") + "!"
            + Marker.block(2) + Marker.block(3) + Marker.end
        let (results, diagnostics) = split(processResult(stdout), blocks())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(results.map(\.ran) == [true, true, true, true])
        #expect(results[0].printedText == "no newline")
        #expect(results[1].items == [.text("progress: 1 2 3"), .check(line: 12, claim: "done", passed: true), .text("!")])
    }

    @Test func norunBlocksAreMarkedNotRun() {
        let stdout = Marker.block(0) + Marker.block(1) + Marker.block(2) + Marker.block(3) + Marker.end
        let (results, diagnostics) = split(
            processResult(stdout), blocks([BlockOptions(), BlockOptions(norun: true), BlockOptions(), BlockOptions()]))
        #expect(diagnostics.isEmpty)
        #expect(results.map(\.ran) == [true, false, true, true])
    }

    @Test func aTrapIsAttributedToTheRunningBlock() throws {
        let stdout = Marker.block(0) + "ok\n" + Marker.block(1) + "partial\n"
        let stderr = "Swift/ContiguousArrayBuffer.swift:690: Fatal error: Index out of range\n"
        let (results, diagnostics) = split(processResult(stdout, stderr: stderr, status: 4, signaled: true), blocks())
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.line == 11, "the first code line of block 1")
        #expect(d.severity == .error)
        #expect(d.message == "the program trapped: Swift/ContiguousArrayBuffer.swift:690: Fatal error: Index out of range")
        #expect(results[1].items == [.text("partial\n"), .error(d.message)])
        #expect(results.map(\.ran) == [true, true, false, false])
    }

    @Test func aTrapThatNamesAChapterLineIsReportedThere() {
        let stdout = Marker.block(0) + Marker.block(1)
        let stderr = "\(testFile):14: Fatal error: the loss became NaN at step 12\n"
        let (_, diagnostics) = split(processResult(stdout, stderr: stderr, status: 4, signaled: true), blocks())
        #expect(diagnostics.map(\.line) == [14])
        #expect(diagnostics.first?.message.contains("the loss became NaN at step 12") == true)
    }

    @Test func aTrapWithoutAMessageStillSaysWhatHappened() {
        let (results, diagnostics) = split(processResult(Marker.block(0), status: 4, signaled: true), blocks([BlockOptions()]))
        #expect(diagnostics.map(\.line) == [4])
        // Optimized code traps on an index out of range without a word on stderr.
        #expect(diagnostics.first?.message.hasPrefix("the program trapped: a runtime check failed (signal 4)") == true)
        #expect(diagnostics.first?.message.contains("array index out of range") == true)
        #expect(results[0].items.count == 1)
    }

    @Test func aNonZeroExitIsAnErrorAtTheRunningBlock() {
        let stdout = Marker.block(0) + Marker.block(1) + Marker.block(2)
        let (_, diagnostics) = split(processResult(stdout, stderr: "something went wrong\n", status: 1), blocks())
        #expect(diagnostics.map(\.line) == [21])
        #expect(diagnostics.first?.message == "the program exited with status 1: something went wrong")
    }

    @Test func aProgramThatStopsWithoutTheEndMarkerIsAnError() {
        let stdout = Marker.block(0) + Marker.block(1) + Marker.block(2) + Marker.block(3)
        let (_, diagnostics) = split(processResult(stdout), blocks())
        #expect(diagnostics.map(\.line) == [31])
        #expect(diagnostics.first?.message.contains("stopped before the end of the chapter") == true)
    }

    @Test func aFailedCheckIsAnErrorAtTheCheckLine() throws {
        let stdout =
            Marker.block(0) + Marker.block(1) + "loss 0.3\n" + Marker.check(true, 12, "first")
            + Marker.check(false, 14, "the loss fell below 0.1")
        let stderr = "\(testFile):14: error: check failed: the loss fell below 0.1\n"
        let (results, diagnostics) = split(processResult(stdout, stderr: stderr, status: 3), blocks())
        #expect(diagnostics == [Diagnostic(file: testFile, line: 14, "check failed: the loss fell below 0.1")])
        #expect(
            results[1].items == [
                .text("loss 0.3\n"), .check(line: 12, claim: "first", passed: true),
                .check(line: 14, claim: "the loss fell below 0.1", passed: false),
            ])
        #expect(results.map(\.ran) == [true, true, false, false])
    }

    @Test func aFailsBlockThatTrapsIsNoErrorAndTheChapterGoesOn() throws {
        let options = [BlockOptions(), BlockOptions(fails: true), BlockOptions(), BlockOptions()]
        let stdout =
            Marker.block(0) + Marker.block(1) + "in child\n" + Marker.failsBlock(1, "failed") + Marker.block(2) + "after\n"
            + Marker.block(3) + Marker.end
        let stderr = "\(testFile):12: Fatal error: shapes (2×3) and (4×5) do not match\n"
        let (results, diagnostics) = split(processResult(stdout, stderr: stderr), blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(
            results[1].items == [
                .text("in child\n"),
                .error("the block failed, as expected: \(testFile):12: Fatal error: shapes (2×3) and (4×5) do not match"),
            ])
        #expect(results[2].printedText == "after\n")
        #expect(results.map(\.ran) == [true, true, true, true])
    }

    @Test func aFailsBlockThatFailsACheckShowsTheCheckOnly() {
        let options = [BlockOptions(), BlockOptions(fails: true), BlockOptions(), BlockOptions()]
        let stdout =
            Marker.block(0) + Marker.block(1) + Marker.check(false, 12, "the gradients agree") + Marker.failsBlock(1, "failed")
            + Marker.block(2) + Marker.block(3) + Marker.end
        let stderr = "\(testFile):12: error: check failed: the gradients agree\n"
        let (results, diagnostics) = split(processResult(stdout, stderr: stderr), blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(results[1].items == [.check(line: 12, claim: "the gradients agree", passed: false)])
    }

    @Test func aFailsBlockThatDoesNotFailIsAnErrorAtItsFence() {
        let options = [BlockOptions(), BlockOptions(), BlockOptions(fold: true, fails: true), BlockOptions()]
        let stdout =
            Marker.block(0) + Marker.block(1) + Marker.block(2) + "fine\n" + Marker.failsBlock(2, "passed") + Marker.block(3)
            + Marker.end
        let (results, diagnostics) = split(processResult(stdout), blocks(options))
        let message = "this block is marked 'fails' but ran to its end without failing"
        #expect(diagnostics == [Diagnostic(file: testFile, line: 20, message)])
        #expect(results[2].items == [.text("fine\n"), .error(message)])
        #expect(results[3].ran)
    }

    @Test func aSilentFailsBlockGetsAGeneralMessage() {
        let options = [BlockOptions(fails: true), BlockOptions(), BlockOptions(), BlockOptions()]
        let stdout = Marker.block(0) + Marker.failsBlock(0, "failed") + Marker.block(1) + Marker.block(2) + Marker.block(3) + Marker.end
        let (results, diagnostics) = split(processResult(stdout), blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(results[0].items.count == 1)
        guard case .error(let message) = results[0].items.first else { return }
        #expect(message.hasPrefix("the block failed, as expected: a runtime check failed without a message"))
    }

    @Test func eachFailsBlockShowsItsOwnMessage() {
        let options = [BlockOptions(fails: true), BlockOptions(), BlockOptions(fails: true), BlockOptions()]
        let stdout =
            Marker.block(0) + Marker.failsBlock(0, "failed") + Marker.block(1) + Marker.block(2) + Marker.failsBlock(2, "failed")
            + Marker.block(3) + Marker.end
        let stderr = "\(testFile):4: Fatal error: first\n\(testFile):21: Fatal error: second\n"
        let (results, diagnostics) = split(processResult(stdout, stderr: stderr), blocks(options))
        #expect(diagnostics.isEmpty)
        #expect(results[0].items == [.error("the block failed, as expected: \(testFile):4: Fatal error: first")])
        #expect(results[2].items == [.error("the block failed, as expected: \(testFile):21: Fatal error: second")])
    }

    @Test func aTrapAfterAFailsBlockNamesTheRealTrap() {
        let options = [BlockOptions(fails: true), BlockOptions(), BlockOptions(), BlockOptions()]
        let stdout = Marker.block(0) + Marker.failsBlock(0, "failed") + Marker.block(1) + Marker.block(2)
        let stderr = "\(testFile):4: Fatal error: expected\nSwift/Array.swift:1: Fatal error: Index out of range\n"
        let (_, diagnostics) = split(processResult(stdout, stderr: stderr, status: 4, signaled: true), blocks(options))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.line == 21, "block 2 was running, not the fails block at line 4")
        #expect(diagnostics.first?.message == "the program trapped: Swift/Array.swift:1: Fatal error: Index out of range")
    }

    @Test func aTimeoutIsReportedAtTheRunningBlock() {
        let stdout = Marker.block(0) + Marker.block(1) + "epoch 1\n"
        let (results, diagnostics) = split(processResult(stdout, status: 9, signaled: true, timedOut: true), blocks(), timeout: 2)
        let message = "the chapter ran past its time budget of 2 s in this block (raise it with <!-- book: timeout=SECONDS -->)"
        #expect(diagnostics == [Diagnostic(file: testFile, line: 11, message)])
        #expect(results[1].items == [.text("epoch 1\n"), .error(message)])
    }

    @Test func hittingTheOutputLimitIsReportedAtTheRunningBlock() throws {
        let stdout = Marker.block(0) + Marker.block(1) + Marker.block(2) + String(repeating: "spam\n", count: 1000)
        let (_, diagnostics) = split(processResult(stdout, status: 9, signaled: true, outputLimitHit: true), blocks())
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.line == 21)
        #expect(d.message.contains("printed more than"))
        #expect(d.message.contains("was stopped"))
    }

    @Test func outputIsCutAtThePageTextLimit() throws {
        let line = String(repeating: "x", count: 99) + "\n"
        let big = String(repeating: line, count: 1500)  // 150 000 bytes
        let stdout = Marker.block(0) + big + Marker.check(true, 5, "still here") + Marker.end
        let (results, diagnostics) = split(processResult(stdout), blocks([BlockOptions()]))
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
        let (results, _) = split(processResult(Marker.block(0) + text + Marker.end), blocks([BlockOptions()]))
        #expect(results[0].printedText == text)
    }

    @Test func aBlockThatPrintsManyLines() {
        // 20 000 lines, 2 MB: gathered in linear time (copying the text per line took seconds).
        let line = String(repeating: "z", count: 99) + "\n"
        let stdout = Marker.block(0) + String(repeating: line, count: 20_000) + Marker.block(1) + "next\n" + Marker.end
        let start = Date()
        let (results, _) = split(processResult(stdout), blocks([BlockOptions(), BlockOptions()]))
        print("split 2 MB in 20 000 lines in \(Date().timeIntervalSince(start)) s")
        #expect(results[0].printedText.hasPrefix(line + line))
        #expect(results[0].printedText.hasSuffix("(output cut: the block printed 2000000 bytes)\n"))
        #expect(results[1].printedText == "next\n")
    }

    @Test func textBeforeTheFirstBlockIsDropped() {
        let stdout = "stray\n" + Marker.block(0) + "mine\n" + Marker.end
        let (results, _) = split(processResult(stdout), blocks([BlockOptions()]))
        #expect(results[0].printedText == "mine\n")
    }
}
