import Foundation
import Testing

@testable import BookBuilder

// Small helpers shared by the builder's tests: run the first stages on a Markdown string, the way
// `Book.process` does, without compiling or running anything.

/// The path every test chapter pretends to live at.
let testFile = "Chapters/01-test.md"

/// Shield, parse and extract `markdown`; fails the test on a diagnostic.
func parsedChapter(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
    shielded: ShieldedText, parsed: ParsedDocument, blocks: [CodeBlock]
) {
    let shielded = shieldMath(markdown, file: testFile)
    #expect(shielded.warnings.isEmpty, "unexpected math warnings: \(shielded.warnings)", sourceLocation: sourceLocation)
    let parsed = parseMarkdown(shielded.text, math: shielded.math)
    let (blocks, errors) = extractBlocks(parsed, file: testFile)
    #expect(errors.isEmpty, "unexpected diagnostics: \(errors)", sourceLocation: sourceLocation)
    return (shielded, parsed, blocks)
}

/// The page body of `markdown` (a chapter with no results: nothing ran).
func pageBody(_ markdown: String, results: [BlockResult]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try renderedChapter(markdown, results: results, sourceLocation: sourceLocation).body
}

/// The rendered chapter of `markdown`, with `results` for its blocks (empty ones when nil).
func renderedChapter(
    _ markdown: String, slug: String = "01-test", results: [BlockResult]? = nil, diagnostics: [Diagnostic] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> RenderedChapter {
    let (_, parsed, blocks) = try parsedChapter(markdown, sourceLocation: sourceLocation)
    return renderChapter(
        slug: slug, tree: makeCallouts(parsed.blocks), blocks: blocks,
        results: results ?? Array(repeating: BlockResult(), count: blocks.count), diagnostics: diagnostics)
}

/// The document of `markdown` after the chapter passes that read it (parse, callouts, extract cells,
/// includes, citations): nothing compiled or run.
func readDocument(
    _ markdown: String, slug: String = "01-test", root: URL = URL(fileURLWithPath: "/nonexistent"),
    bibliography: Bibliography = Bibliography()
) -> ChapterDocument {
    let context = BookContext(options: Book.Options(root: root), toolchain: nil, dataHash: "", bibliography: bibliography)
    let source = ChapterSource(path: "Chapters/\(slug).md", slug: slug, text: markdown)
    return Book.run(
        ChapterDocument(source: source), through: [ParseChapter(), Callouts(), ExtractCells(), ResolveIncludes(), CheckCitations()], context
    )
}

/// The first warning `shieldMath` gives for `markdown`, or nil when it gives none.
func shieldError(_ markdown: String) -> Diagnostic? {
    shieldMath(markdown, file: testFile).warnings.first
}

/// A block result built from its items.
func result(_ items: OutputItem..., ran: Bool = true) -> BlockResult {
    var r = BlockResult()
    r.items = items
    r.ran = ran
    return r
}

/// A fresh, empty temporary folder, removed by the caller with `removeTemporary`.
func makeTemporaryDirectory(_ name: String = #function) throws -> URL {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bookbuilder-\(clean)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeTemporary(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}
