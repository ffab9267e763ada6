import Foundation
import Testing

@testable import BookBuilder

/// What the progress wrote, and a clock the test moves.
final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var written = ""
    private var now = Date(timeIntervalSince1970: 1000)
    var text: String { lock.withLock { written } }
    func write(_ s: String) { lock.withLock { written += s } }
    func advance(_ seconds: Double) { lock.withLock { now += seconds } }
    var clock: Date { lock.withLock { now } }
    func progress(interactive: Bool, width: Int = 80) -> BuildProgress {
        BuildProgress(interactive: interactive, width: width, clock: { self.clock }, write: { self.write($0) })
    }
}

func finishedChapter(_ slug: String, cached: Bool) -> ChapterDocument {
    var d = ChapterDocument(source: ChapterSource(path: "Chapters/\(slug).md", slug: slug, text: ""))
    d.cached = cached
    if !cached {
        d.compileSeconds = 2
        d.runSeconds = 12.5
    }
    return d
}

@Suite struct BuildProgressTests {
    @Test func onATerminalOneLineSaysWhatRunsAndForHowLong() {
        let r = ProgressRecorder()
        let p = r.progress(interactive: true)
        p.started("05-lstm")
        r.advance(9)
        p.started("08-language-models")
        r.advance(3)
        #expect(p.statusLine() == "running 05-lstm (12 s), 08-language-models (3 s)")
        p.tick()
        #expect(r.text.hasSuffix("\r\u{1B}[Krunning 05-lstm (12 s), 08-language-models (3 s)"))
    }

    @Test func aFinishedChapterIsWrittenAtOnceAboveTheRunningLine() {
        let r = ProgressRecorder()
        let p = r.progress(interactive: true)
        p.started("05-lstm")
        p.started("06-gru")
        r.advance(4)
        p.finished(finishedChapter("05-lstm", cached: false))
        #expect(r.text.hasSuffix("\r\u{1B}[K  Chapters/05-lstm.md: compiled in 2.00 s, ran in 12.50 s\nrunning 06-gru (4 s)"))
        p.end()
        #expect(r.text.hasSuffix("\r\u{1B}[K"), "the running line is cleared before the report")
    }

    @Test func withoutATerminalOnlyPlainLinesAreWritten() {
        let r = ProgressRecorder()
        let p = r.progress(interactive: false)
        p.started("05-lstm")
        r.advance(5)
        p.tick()
        p.finished(finishedChapter("05-lstm", cached: true))
        p.end()
        #expect(r.text == "  Chapters/05-lstm.md: cached\n")
    }

    @Test func theRunningLineIsCutToTheTerminalsWidth() {
        let r = ProgressRecorder()
        let p = r.progress(interactive: true, width: 30)
        p.started("08-language-models")
        p.started("09-running-text")
        let last = r.text.components(separatedBy: "\r\u{1B}[K").last ?? ""
        #expect(last.count == 29 && last.hasSuffix("…"), "\(last)")
    }

    @Test func theLastLineSaysWhatWasWrittenAndHowManyWarningsAndErrors() {
        var failing = finishedChapter("02-bptt", cached: false)
        failing.sink.report(Diagnostic(file: "Chapters/02-bptt.md", line: 4, "boom"), .chapter)
        failing.sink.report(Diagnostic(file: "Chapters/02-bptt.md", line: 9, .warning, "hm"), .chapter)
        let report = Book.Report(outcomes: [finishedChapter("01-a", cached: true), failing])
        #expect(
            report.summary(written: "Site/", seconds: 3.5)
                == "Site/ written (2 chapter pages, 1 run, 1 cached) in 3.50 s: 1 warning, 1 error")
        #expect(Book.Report(outcomes: []).summary(written: "Site/", seconds: 1).hasSuffix("no warnings, no errors"))
    }
}
