import Foundation
import Testing

@testable import BookBuilder

/// The words the renderer writes (figure captions, exercise titles, the solution button, callout
/// titles, cross-references) come from the catalog's `page` entries on the Chinese pages.
@Suite(.serialized) struct PageWordsEndToEndTests {
    static let chapter =
        TranslatedBook.chapter + """


            > [!TIP]
            > Average before you plot.

            ```swift exercise
            let total = values.reduce(0, +)
            ```

            ```swift solution
            let sum = values.reduce(0, +)
            check(sum == 6, "the sum is six")
            ```
            """

    static let pageWords = [
        "Figure {number}:": "图 {number}：", "Figure {number}": "图 {number}", "Exercise {number}": "练习 {number}",
        "Show the solution": "显示解答", "Tip": "提示",
    ]

    /// The chapter's catalog and the page words, each in context `page`.
    static func catalog() -> String {
        var po = TranslatedBook.catalog(TranslatedBook.translations)
        for (english, chinese) in pageWords.sorted(by: { $0.key < $1.key }) {
            po += "\nmsgctxt \"page\"\nmsgid \"\(poEscape(english))\"\nmsgstr \"\(poEscape(chinese))\"\n"
        }
        return po
    }

    @Test func aChinesePageWritesItsOwnWordsInChinese() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook("page-words", chapters: ["01-gates.md": Self.chapter])
        defer { book.remove() }
        try FileManager.default.createDirectory(at: book.root.appendingPathComponent("po"), withIntermediateDirectories: true)
        try Data(Self.catalog().utf8).write(to: book.root.appendingPathComponent("po/zh_CN.po"))
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        #expect(report.errors.isEmpty, "\(report.errors)")

        let zh = article(try book.page("zh/01-gates"))
        #expect(zh.contains("<span class=\"figure-number\">图 1.1：</span>"), "the caption's prefix")
        #expect(zh.contains(">图\u{A0}1.1</a>"), "the cross-reference")
        #expect(zh.contains("<p class=\"exercise-label\">练习 1.1</p>"))
        #expect(zh.contains("<summary>显示解答</summary>"))
        #expect(zh.contains("<p class=\"callout-title\">提示</p>"))
        #expect(!zh.contains("Figure ") && !zh.contains("Exercise "), "no English word of these is left")

        let english = article(try book.page("01-gates"))
        #expect(english.contains("<span class=\"figure-number\">Figure 1.1:</span>") && english.contains(">Figure\u{A0}1.1</a>"))
        #expect(english.contains("<p class=\"exercise-label\">Exercise 1.1</p>") && english.contains("<p class=\"callout-title\">Tip</p>"))
        let print = String(decoding: book.siteFiles()["zh/print.html"] ?? Data(), as: UTF8.self)
        #expect(
            print.contains("<details class=\"solution\" open><summary>Solution</summary>"),
            "print.html opens the Chinese page's solutions (their title, untranslated here, in English)")
    }

    /// The text between `<article>` and `</article>`.
    func article(_ page: String) -> String {
        guard let open = page.range(of: "<article>"), let close = page.range(of: "</article>") else { return "" }
        return String(page[open.upperBound..<close.lowerBound])
    }
}
