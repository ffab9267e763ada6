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
    }
}
