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
            // The same structure: as many paragraphs, list items, cells and quotes.
            for tag in ["<p>", "<li>", "<td>", "<th>", "<blockquote>", "<ol", "<ul>", "<table>"] {
                let counts = [english, chinese].map { $0.parsed.html.components(separatedBy: tag).count }
                #expect(counts[0] == counts[1], "\(source.path): \(tag) \(counts)")
            }
            // Every heading, paragraph and list item of the page is the stand-in's.
            let untranslated = chinese.parsed.headings.filter { !$0.text.contains("译：") }
            #expect(untranslated.isEmpty, "\(source.path): \(untranslated.map(\.text))")
        }
    }
}
