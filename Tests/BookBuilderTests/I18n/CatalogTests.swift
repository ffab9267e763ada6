import Foundation
import Testing

@testable import BookBuilder

/// The PO reader, the check that a translation keeps what the page computes, and the source
/// replacement that keeps every block at its line.
@Suite struct CatalogTests {
    static let po = """
        # A translator's comment
        msgid ""
        msgstr ""
        "Language: zh_CN\\n"

        #: Chapters/01-a.md:3
        msgid ""
        "A long paragraph with a \\"quote\\" and "
        "$\\\\tanh$."
        msgstr "一段话，带“引号”和 $\\\\tanh$。"

        #, fuzzy
        #| msgid "Old text"
        msgid "New text"
        msgstr "旧的译文"

        msgctxt "menu"
        msgid "Open"
        msgstr "打开"

        msgid "Untranslated"
        msgstr ""

        #~ msgid "Gone"
        #~ msgstr "没了"
        """

    @Test func readsMultiLineStringsEscapesFlagsContextsAndSkipsObsoleteEntries() throws {
        let catalog = try Catalog(text: Self.po, path: "po/zh_CN.po")
        #expect(catalog.entries.count == 5)
        #expect(catalog.translation("A long paragraph with a \"quote\" and $\\tanh$.") == "一段话，带“引号”和 $\\tanh$。")
        #expect(catalog.entry("New text")?.isFuzzy == true)
        #expect(catalog.translation("New text") == nil)
        #expect(catalog.translation("Open") == nil)
        #expect(catalog.translation("Open", context: "menu") == "打开")
        #expect(catalog.translation("Untranslated") == nil)
        #expect(catalog.entry("Gone") == nil)
        #expect(catalog.entry("A long paragraph with a \"quote\" and $\\tanh$.")?.msgstrLine == 10)
    }

    @Test func aLineThatIsNotPOIsAnErrorAtItsLine() {
        #expect(throws: Diagnostic(file: "po/zh_CN.po", line: 2, "unknown PO keyword 'msgtsr'")) {
            try Catalog(text: "msgid \"a\"\nmsgtsr \"b\"\n", path: "po/zh_CN.po")
        }
        #expect(throws: Diagnostic(file: "po/zh_CN.po", line: 2, "unknown escape '\\q' in a PO string (write \\\\ for a backslash)")) {
            try Catalog(text: "msgid \"a\"\nmsgstr \"\\qb\"\n", path: "po/zh_CN.po")
        }
    }

    @Test func theTemplateReadsBackAsItsMessages() throws {
        let messages = I18n.messages(in: CutMessagesTests.chapter, file: "Chapters/05-x.md")
        let catalog = try Catalog(text: templateText(templateEntries(messages)), path: "po/messages.pot")
        #expect(catalog.entries.dropFirst().map(\.msgid) == templateEntries(messages).map(\.msgid))
    }

    @Test func aTranslationThatDropsAnInlineValueOrAFormulaFailsAtItsMsgstrLine() throws {
        let po = """
            msgid "The loss is `{swift} fixed(loss, 3)` at $t = 5$, see @fig-loss [@graves2013]."
            msgstr "损失在 $t = 5$ 时见 @fig-loss [@graves2013]。"

            msgid "A link to [the notes](https://example.org/a) and $x$."
            msgstr "指向[笔记](https://example.org/b)的链接和 $y$。"
            """
        let catalog = try Catalog(text: po, path: "po/zh_CN.po")
        let problems = catalog.entries.flatMap { translationProblems($0, path: "po/zh_CN.po") }.map(\.description)
        #expect(
            problems == [
                "po/zh_CN.po:2: error: the translation lacks the inline value `{swift} fixed(loss, 3)` of the English text (keep it exactly as written)",
                "po/zh_CN.po:5: error: the translation lacks the formula '$x$' of the English text (keep it exactly as written)",
                "po/zh_CN.po:5: error: the translation has the formula '$y$', which the English text does not have",
                "po/zh_CN.po:5: error: the translation lacks the link 'https://example.org/a' of the English text (keep it exactly as written)",
                "po/zh_CN.po:5: error: the translation has the link 'https://example.org/b', which the English text does not have",
            ])
    }

    @Test func aTranslationMayMoveItsItemsAndTheirInlineValuesFollow() {
        let english = SegmentItems("`{swift} a` then `{swift} b` after @sec-x.")
        let moved = SegmentItems("先 @sec-x，`{swift} b` 然后 `{swift} a`。")
        #expect(english.items[.inline]?.sorted() == moved.items[.inline]?.sorted())
        #expect(inlineValueOrder(english: ["a", "b", "a"], translated: ["b", "a", "a"]) == [1, 0, 2])
    }

    @Test func theTranslatedSourceKeepsEveryLineAndEveryBlock() {
        let text = CutMessagesTests.chapter
        let translations = [
            "A paragraph wrapped over two lines, with $h_t$ and `{swift} fixed(loss, 3)` [@hochreiter1997lstm].":
                "一段折成两行的话，含 $h_t$ 和 `{swift} fixed(loss, 3)` [@hochreiter1997lstm]。",
            "The cell, gate by gate": "细胞，一个门接一个门", "the input": "输入", "A callout, on two lines.": "一个标注框，分两行。",
        ]
        let out = translateSource(text, file: "f.md") { translations[$0] }
        #expect(out.translated == 4)
        let before = text.split(separator: "\n", omittingEmptySubsequences: false)
        let after = out.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == after.count)
        #expect(after[0] == "# 细胞，一个门接一个门 {#sec-cell}")
        #expect(after[2] == "一段折成两行的话，含 $h_t$ 和 `{swift} fixed(loss, 3)` [@hochreiter1997lstm]。")
        #expect(after[3] == "  <span></span>")
        #expect(after[17] == "| $x_t$ | 输入 |")
        #expect(after[20] == "> 一个标注框，分两行。")
        #expect(after[21] == "> <span></span>")
        for (k, line) in before.enumerated() where line.hasPrefix("```") || line.hasPrefix("check(") { #expect(after[k] == line) }
    }
}
