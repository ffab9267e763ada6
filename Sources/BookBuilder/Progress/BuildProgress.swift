import Foundation

/// What a build says while it runs, as cargo and SwiftPM do: each chapter's line as soon as it
/// finishes, and, on a terminal, one line under them that keeps saying which chapters are
/// running and for how long (`running 05-lstm (12 s), 08-language-models (3 s)`), redrawn in
/// place. When the output is not a terminal (a log, CI) only the finished lines are written, as
/// plain lines. Chapters run in parallel, so every method may be called from any thread.
public final class BuildProgress: @unchecked Sendable {
    /// Whether the output is a terminal (`isatty`): only then is the running line drawn.
    public let interactive: Bool
    /// The terminal's width: the running line is cut to fit, or its redraw would leave lines behind.
    public let width: Int
    private let write: @Sendable (String) -> Void
    private let clock: @Sendable () -> Date
    private let lock = NSLock()
    private var running: [(name: String, since: Date)] = []
    private var statusShown = false
    private var timer: DispatchSourceTimer?

    public init(
        interactive: Bool, width: Int = 80, clock: @escaping @Sendable () -> Date = { Date() },
        write: @escaping @Sendable (String) -> Void
    ) {
        self.interactive = interactive
        self.width = max(width, 20)
        self.clock = clock
        self.write = write
    }

    /// A chapter (by its slug) began its passes.
    public func started(_ name: String) {
        lock.lock()
        defer { lock.unlock() }
        running.append((name, clock()))
        redraw("")
    }

    /// A chapter went through its passes: its line (`Book.Report.line(for:)`) is written now.
    public func finished(_ document: ChapterDocument) {
        lock.lock()
        defer { lock.unlock() }
        running.removeAll { $0.name == document.source.slug }
        redraw(Book.Report.line(for: document) + "\n")
    }

    /// The running line: each running chapter with its seconds so far; nil when none runs.
    public func statusLine() -> String? {
        lock.lock()
        defer { lock.unlock() }
        return status()
    }

    /// Redraws the running line every `interval` seconds until `end()` (on a terminal only).
    public func startTicking(every interval: Double = 1) {
        guard interactive else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.tick() }
        lock.lock()
        self.timer = timer
        lock.unlock()
        timer.resume()
    }

    /// Redraws the running line (the seconds moved on).
    public func tick() {
        lock.lock()
        defer { lock.unlock() }
        redraw("")
    }

    /// Stops the ticking and clears the running line, before the build's report is written.
    public func end() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        running = []
        redraw("")
    }

    private func status() -> String? {
        guard !running.isEmpty else { return nil }
        let now = clock()
        let parts = running.map { "\($0.name) (\(Int(now.timeIntervalSince($0.since).rounded(.down))) s)" }
        return "running " + parts.joined(separator: ", ")
    }

    /// Writes `lines` above the running line: on a terminal the old running line is erased first
    /// and the new one drawn after; otherwise `lines` alone.
    private func redraw(_ lines: String) {
        guard interactive else {
            if !lines.isEmpty { write(lines) }
            return
        }
        var out = statusShown ? "\r\u{1B}[K" : ""
        out += lines
        statusShown = false
        if let s = status() {
            out += s.count < width ? s : String(s.prefix(width - 2)) + "…"
            statusShown = true
        }
        if !out.isEmpty { write(out) }
    }
}
