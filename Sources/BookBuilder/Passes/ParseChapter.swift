/// Reads the chapter: shields its math from cmark, scans the prose for the authoring syntax
/// (inline values, citations, labels, references), then parses the Markdown with cmark-gfm.
/// An unclosed `$` and an empty chapter are warnings; a malformed authoring mark is reported at
/// its line, and the chapter still runs.
struct ParseChapter: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let source = document.source
        document.shielded = shieldMath(source.text, file: source.path)
        document.sink.report(document.shielded.warnings, .chapter)
        if source.text.allSatisfy({ $0.isWhitespace }) {
            document.sink.report(
                Diagnostic(file: source.path, line: 0, .warning, "the chapter is empty: its page has no title and no text"), .chapter)
        }
        let scanned = scanAuthoring(document.shielded.text, file: source.path)
        document.shielded.text = scanned.text
        document.parsed = parseMarkdown(scanned.text)
        document.authoring.marks = scanned.marks
        document.authoring.bibliography = context.bibliography
        document.authoring.chapterNumber = chapterNumber(ofSlug: source.slug)
        document.sink.report(scanned.marks.diagnostics, .authoring)
    }
}
