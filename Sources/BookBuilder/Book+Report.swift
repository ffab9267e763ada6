extension Book {
    /// What a build did, for the command line to print.
    public struct Report: Sendable {
        public var outcomes: [ChapterDocument]
        /// Problems of the book rather than one chapter: a Markdown file that is not a chapter (a
        /// warning), a malformed entry of `references.bib` (an error).
        public var bookWarnings: [Diagnostic] = []
        /// Errors about the book rather than one chapter (a translation in po/zh_CN.po that drops
        /// an inline value).
        public var bookErrors: [Diagnostic] = []
        public init(outcomes: [ChapterDocument], bookWarnings: [Diagnostic] = []) {
            self.outcomes = outcomes
            self.bookWarnings = bookWarnings
        }
        public var errors: [Diagnostic] {
            bookErrors + bookWarnings.filter { $0.severity == .error }
                + outcomes.flatMap { $0.diagnostics.filter { $0.severity == .error } }
        }
        public var warnings: [Diagnostic] {
            bookWarnings.filter { $0.severity != .error }
                + outcomes.flatMap { $0.diagnostics.filter { $0.severity == .warning } + $0.mismatches }
        }
        /// Notes: the blocks that did not run because their chapter stopped before them.
        public var notes: [Diagnostic] { outcomes.flatMap { $0.diagnostics.filter { $0.severity == .note } } }

        /// A chapter's line, written as soon as it finishes:
        /// `  Chapters/05-lstm.md: compiled in 3.10 s, ran in 12.02 s` (or `cached`, `not run`).
        public static func line(for chapter: ChapterDocument) -> String {
            let status: String
            if chapter.cached {
                status = "cached"
            } else if let run = chapter.runSeconds {
                status = String(format: "compiled in %.2f s, ran in %.2f s", chapter.compileSeconds ?? 0, run)
            } else {
                status = "not run"
            }
            return "  \(chapter.source.path): \(status)\(chapter.failed ? " — FAILED" : "")"
        }

        /// The build's last line: what was written, what ran, and how many warnings and errors,
        /// e.g. `Site/ written (13 chapter pages, 2 chapters run, 11 cached) in 14.20 s: 3 warnings, no errors`.
        public func summary(written site: String, seconds: Double, warningsAreErrors: Bool = false) -> String {
            let ran = outcomes.filter { !$0.cached && $0.runSeconds != nil }.count
            let cached = outcomes.filter(\.cached).count
            let errorCount = errors.count + (warningsAreErrors ? warnings.count : 0)
            let warningCount = warningsAreErrors ? 0 : warnings.count
            func count(_ n: Int, _ what: String) -> String { n == 0 ? "no \(what)s" : n == 1 ? "1 \(what)" : "\(n) \(what)s" }
            return String(
                format: "%@ written (%@, %d run, %d cached) in %.2f s: %@, %@", site, count(outcomes.count, "chapter page"), ran, cached,
                seconds, count(warningCount, "warning"), count(errorCount, "error"))
        }
    }
}
