import Foundation

/// One chapter on its way from its file to its page: the value every chapter pass takes and
/// changes (`ChapterPass`), and book-wide passes see all of (`BookPass`). Each pass fills in its
/// part: the parse its math, authoring marks and tree; extraction the code blocks; the
/// run the records and results; the renderer the page.
public struct ChapterDocument: Sendable {
    /// The file as read from disk.
    public var source: ChapterSource
    /// The chapter's math, in page order (`ParseChapter`); the KaTeX check reads it.
    public var math: [MathSpan] = []
    /// The chapter's tree (`Block`, `Inline`: cells, math and authoring marks as nodes) and its
    /// fenced blocks (`ParseChapter`); `Callouts` turns quotes into callouts in it.
    public var parsed = ParsedDocument()
    /// The ```swift blocks, with their options and expected outputs (`ExtractCells`).
    public var blocks: [CodeBlock] = []
    /// What the authoring features know: marks from the prose, includes, the bibliography, and
    /// after the run the figure labels and inline values.
    public var authoring = AuthoringContext()
    /// The one program the blocks make, or nil when the chapter must not run (`GenerateProgram`).
    public var program: String?
    /// The time budget and optimisation the chapter asks for.
    public var timeout: Double = 120
    public var optimize = false
    /// The compile and the run, fresh or from the cache (`CompileAndRun`).
    public var run: ChapterRun?
    /// The run came from the cache.
    public var cached = false
    /// Seconds the chapter program took to compile and to run (from the cache: when it was made);
    /// nil when it did not. (Stored, not read through `run`: Swift 6.3.1's optimizer crashes on
    /// `book`'s report reading them through the optional.)
    public var compileSeconds: Double?
    public var runSeconds: Double?
    /// The run's notebook records, decoded once (`SplitOutput`).
    public var records: [NotebookRecord.Positioned] = []
    /// What each block put on the page, by block.
    public var results: [BlockResult] = []
    /// Every problem found, by every pass.
    public var sink = DiagnosticSink()
    /// The page (`RenderPage`), then its cross-references (`ResolveCrossReferences`).
    public var rendered: RenderedChapter

    public init(source: ChapterSource, rendered: RenderedChapter? = nil) {
        self.source = source
        self.rendered = rendered ?? RenderedChapter(slug: source.slug, title: source.slug, body: "", contents: [], sections: [])
    }

    /// Errors, warnings and notes, in line order, as the terminal prints them (outputs that differ
    /// are `mismatches`).
    public var diagnostics: [Diagnostic] { sink.sorted }
    /// Blocks whose output differs from their ```output block.
    public var mismatches: [Diagnostic] { sink.of(.output) }
    public var failed: Bool { diagnostics.contains { $0.severity == .error } }
}
