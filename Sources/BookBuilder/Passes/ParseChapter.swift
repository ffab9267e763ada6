/// Reads the chapter: shields its math from cmark, scans the prose for the authoring syntax
/// (inline values, citations, labels, references), then parses the Markdown with cmark-gfm into
/// the chapter's tree, math and authoring marks as nodes of their own (no marker is left).
/// An unclosed `$` and an empty chapter are warnings; a malformed authoring mark is reported at
/// its line, and the chapter still runs.
struct ParseChapter: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let source = document.source
        let shielded = shieldMath(source.text, file: source.path)
        document.math = shielded.math
        document.sink.report(shielded.warnings, .chapter)
        if source.text.allSatisfy({ $0.isWhitespace }) {
            document.sink.report(
                Diagnostic(file: source.path, line: 0, .warning, "the chapter is empty: its page has no title and no text"), .chapter)
        }
        let scanned = scanAuthoring(shielded.text, file: source.path)
        document.parsed = parseMarkdown(scanned.text, math: shielded.math, marks: scanned.marks)
        document.authoring.marks = scanned.marks
        document.authoring.bibliography = context.bibliography
        document.authoring.chapterNumber = chapterNumber(ofSlug: source.slug)
        document.sink.report(scanned.marks.diagnostics, .authoring)
    }
}
