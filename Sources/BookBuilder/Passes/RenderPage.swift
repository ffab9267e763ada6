/// Writes the chapter's page body from its tree: the cells in place, math for KaTeX, numbered headings,
/// figures and equations, citations, callouts and inline values (cross-references wait for
/// `ResolveCrossReferences`). Problems outside any block (unbalanced math, a near-miss fence, a
/// compile error in no block) go on top of the page, in line order.
struct RenderPage: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        document.rendered = renderChapter(
            slug: document.source.slug, tree: document.parsed.blocks, blocks: document.blocks, results: document.results,
            diagnostics: document.sink.onPage, authoring: document.authoring, words: context.words)
        let blocks = document.blocks
        let outside = document.sink.of(.chapter, .authoring).filter { d in
            d.severity != .note && (d.line == 0 || !blocks.contains { d.line >= $0.fenceLine && d.line <= blockEndLine($0) })
        }
        guard !outside.isEmpty else { return }
        let list = outside.map { "<pre class=\"\($0.severity == .error ? "error" : "warning")\">\(escapeHTML($0.description))</pre>\n" }
        document.rendered.body = list.joined() + document.rendered.body
    }
}
