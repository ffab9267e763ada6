import Foundation
import Testing

@testable import BookBuilder

/// The book's own chapters, every segment replaced by a stand-in translation: each chapter keeps
/// its blocks (code, options, lines), so the English run fits the Chinese page.
@Suite struct TranslateBookTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every segment "translated" as 译：followed by its English (which keeps every item).
    func pseudo(_ msgid: String) -> String? { "译：" + msgid }

    @Test func everyChapterKeepsItsBlocksAndLinesWhenEverySegmentIsTranslated() throws {
        let context = BookContext(options: Book.Options(root: root), toolchain: nil, dataHash: "")
        let sources = try I18n.sources(root: root).filter { $0.path != "Chapters/index.md" }
        #expect(sources.count >= 13)
        for source in sources {
            let slug = String(source.path.dropFirst("Chapters/".count).dropLast(3))
            let translated = translateSource(source.text, file: source.path, translation: pseudo)
            #expect(translated.english == 0, "\(source.path)")
            #expect(
                translated.text.split(separator: "\n", omittingEmptySubsequences: false).count
                    == source.text.split(separator: "\n", omittingEmptySubsequences: false).count)
            let passes: [any ChapterPass] = [ParseChapter(), ExtractCells()]
            let english = Book.run(
                ChapterDocument(source: ChapterSource(path: source.path, slug: slug, text: source.text)), through: passes, context)
            let chinese = Book.run(
                ChapterDocument(source: ChapterSource(path: source.path, slug: slug, text: translated.text)), through: passes, context)
            #expect(!english.blocks.isEmpty && chinese.blocks == english.blocks, "\(source.path)")
            #expect(chinese.authoring.marks.inlineValues.map(\.expression) == english.authoring.marks.inlineValues.map(\.expression))
            #expect(chinese.parsed.headings.count == english.parsed.headings.count, "\(source.path)")
            // The same structure: the same kinds of blocks, at the same lines, nested alike (the
            // paragraphs, list items, table rows and cells, quotes and callouts of the tree).
            #expect(shape(chinese.parsed.blocks) == shape(english.parsed.blocks), "\(source.path)")
            // Every heading, paragraph and list item of the page is the stand-in's.
            let untranslated = chinese.parsed.headings.filter { !$0.text.contains("译：") }
            #expect(untranslated.isEmpty, "\(source.path): \(untranslated.map(\.text))")
        }
    }
}

/// The outline of a tree: each block's kind, line and children, without its text.
private func shape(_ blocks: [Block]) -> [String] {
    blocks.flatMap { block -> [String] in
        let here = "\(block.line):"
        switch block.kind {
        case .heading(let level, _, _): return [here + "h\(level)"]
        case .paragraph: return [here + "p"]
        case .displayMath: return [here + "math"]
        case .cell(let n): return [here + "cell\(n)"]
        case .expectedOutput: return [here + "output"]
        case .code: return [here + "code"]
        case .callout(let kind, let children): return [here + "callout \(kind)"] + shape(children) + ["end"]
        case .quote(let children): return [here + "quote"] + shape(children) + ["end"]
        case .list(let style, let tight, let items):
            return [here + "list \(style) \(tight)"] + items.flatMap { ["item \($0.line)"] + shape($0.blocks) } + ["end"]
        case .table(let table): return [here + "table"] + table.rows.map { "row \($0.line) \($0.cells.count)" }
        case .html: return [here + "html"]
        case .thematicBreak: return [here + "hr"]
        }
    }
}
