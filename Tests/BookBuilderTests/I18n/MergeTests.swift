import Foundation
import Testing

@testable import BookBuilder

/// `book i18n` on a small book in a temporary folder, with GNU gettext's msgmerge (Debian's
/// gettext package, which `make i18n` installs).
@Suite struct MergeTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("book-i18n-\(UUID().uuidString)")
    static let chapter = """
        # First steps

        The first paragraph, about $h_t$.

        The second paragraph,
        wrapped over two lines.

        ```swift
        check(1 < 2, "one is less than two")
        ```

        The third paragraph.
        """

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String { String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self) }

    @Test func extractingTwiceWritesTheSameBytes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write("Chapters/01-first.md", Self.chapter)
        try write("Chapters/index.md", "# A book\n\nIts home page.\n")
        _ = try I18n.extract(root: root)
        let (pot, po) = (try read("po/messages.pot"), try read("po/zh_CN.po"))
        _ = try I18n.extract(root: root)
        #expect(try read("po/messages.pot") == pot)
        #expect(try read("po/zh_CN.po") == po)
        #expect(po.contains("\"Language: zh_CN\\n\"") && po.contains("\"Plural-Forms: nplurals=1; plural=0;\\n\""))
        // Book order: the home page, then the chapter; in each, source order.
        let order = ["Its home page.", "First steps", "The first paragraph", "The second paragraph", "one is less", "The third"]
        let positions = order.map { pot.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions.map { $0! } == positions.map { $0! }.sorted())
    }

    @Test func anEnglishEditMakesExactlyItsEntryFuzzyAndItsTextFallsBackToEnglish() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write("Chapters/01-first.md", Self.chapter)
        _ = try I18n.extract(root: root)
        let translations = [
            "First steps": "第一步", "The first paragraph, about $h_t$.": "第一段，关于 $h_t$。",
            "The second paragraph, wrapped over two lines.": "第二段，折成两行。", "one is less than two": "一小于二",
            "The third paragraph.": "第三段。",
        ]
        var po = catalogHeader(language: "zh_CN")
        for (english, chinese) in translations.sorted(by: { $0.key < $1.key }) {
            po += "\nmsgid \"\(poEscape(english))\"\nmsgstr \"\(poEscape(chinese))\"\n"
        }
        try write("po/zh_CN.po", po)
        // The edit: one word of the second paragraph, and a re-wrap of the first (which changes nothing).
        let edited = Self.chapter.replacingOccurrences(of: "wrapped over", with: "folded over")
            .replacingOccurrences(of: "The first paragraph, about", with: "The first paragraph,\nabout")
        try write("Chapters/01-first.md", edited)
        _ = try I18n.extract(root: root)

        let catalog = try Catalog(text: try read("po/zh_CN.po"), path: "po/zh_CN.po")
        let fuzzy = catalog.entries.filter(\.isFuzzy).map(\.msgid)
        #expect(fuzzy == ["The second paragraph, folded over two lines."])
        let status = I18n.status(sources: [("Chapters/01-first.md", edited)], catalog: catalog)
        #expect(status == [TranslationStatus(file: "Chapters/01-first.md", translated: 4, fuzzy: 1, missing: 0)])

        let page = translateSource(edited, file: "Chapters/01-first.md") { catalog.translation($0) }
        #expect(page.translated == 3 && page.english == 1)  // the prose; the check claim is the notebook's
        #expect(page.text.contains("第一段，关于 $h_t$。") && page.text.contains("The second paragraph,\nfolded over two lines."))
        #expect(!page.text.contains("第二段"))
    }

    @Test func aMissingGettextToolSaysWhichPackageToInstall() {
        #expect(throws: BuildFailure.self) { try I18n.runGettext("msgmerge-that-is-not-there", []) }
        do {
            try I18n.runGettext("msgmerge-that-is-not-there", [])
        } catch let failure as BuildFailure {
            #expect(failure.description.hasPrefix("msgmerge-that-is-not-there is not installed: install Debian's gettext package"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
