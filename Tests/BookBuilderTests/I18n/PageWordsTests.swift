import Foundation
import Testing

@testable import BookBuilder

/// The page words: English patterns as the English site writes them, their catalog entries, and the
/// check that a translation keeps every placeholder.
@Suite struct PageWordsTests {
    static let po = """
        msgid ""
        msgstr ""
        "Language: zh_CN\\n"

        msgctxt "page"
        msgid "Figure {number}:"
        msgstr "图："

        msgctxt "page"
        msgid "Exercise {number}"
        msgstr "练习 {number} {line}"

        msgctxt "page"
        msgid "Not run: the chapter stopped at line {line}."
        msgstr "未运行：本章在第 {line} 行停止。"

        msgid "Figure {number}:"
        msgstr "没有占位符的正文段落"
        """

    @Test func aDroppedOrAddedPlaceholderIsAnErrorAtItsMsgstrLineAndTheWordStaysEnglish() throws {
        let catalog = try Catalog(text: Self.po, path: "po/zh_CN.po")
        let problems = catalog.entries.flatMap { pageWordProblems($0, path: catalog.path) }.map(\.description)
        #expect(
            problems == [
                "po/zh_CN.po:7: error: the translation of the page word 'Figure {number}:' lacks the placeholder {number} (keep it exactly as written)",
                "po/zh_CN.po:11: error: the translation of the page word 'Exercise {number}' has the placeholder {line}, which the English does not have",
            ], "the prose entry with the same msgid (no msgctxt) is not a page word")
        let words = I18n.pageWords(catalog)
        #expect(words.text(.figureCaption, ["number": "5.1"]) == "Figure 5.1:")
        #expect(words.text(.exercise, ["number": "5.1"]) == "Exercise 5.1")
        #expect(words.text(.notRun, ["line": "40"]) == "未运行：本章在第 40 行停止。")
    }

    @Test func theEnglishWordsAreTheOnesTheEnglishSiteWrites() {
        let english = PageWords.english
        #expect(
            english.reference(label: "fig-loss", number: "4.2")
                == LabelTarget(name: "fig-loss", number: "4.2", page: "", file: "", line: 0).text)
        #expect(english.reference(label: "eq-step", number: "4.3") == "Equation\u{A0}4.3")
        #expect(english.reference(label: "other", number: "1") == nil)
        #expect(CalloutKind.allCases.map { english.title($0) } == CalloutKind.allCases.map(\.title))
        #expect(
            english.html(.download, ["link": "<a>x</a>", "command": "<code>y</code>"]).hasPrefix("Run this chapter yourself: <a>x</a> (all")
        )
        #expect(PageWord.download.placeholders == ["{link}", "{command}"])
    }

    @Test func theTemplateHasEachPageWordInContextPageWithWhereItShows() {
        let text = templateText(I18n.pageWordEntries())
        #expect(
            text.contains(
                "#. page word: figure caption prefix; {number} is 5.1\nmsgctxt \"page\"\nmsgid \"Figure {number}:\"\nmsgstr \"\"\n"))
        #expect(text.components(separatedBy: "msgctxt \"page\"").count - 1 == PageWord.allCases.count)
    }

    /// The book's own catalog translates every page word and keeps its placeholders.
    @Test func theBooksCatalogTranslatesEveryPageWord() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../po/zh_CN.po").standardized
        let catalog = try Catalog(text: String(decoding: try Data(contentsOf: root), as: UTF8.self), path: "po/zh_CN.po")
        for word in PageWord.allCases {
            let entry = catalog.entry(word.rawValue, context: "page")
            #expect(entry?.isTranslated == true, "\(word.rawValue)")
            if let entry { #expect(pageWordProblems(entry, path: catalog.path).isEmpty, "\(word.rawValue)") }
        }
        #expect(I18n.pageWordStatus(catalog).translated == PageWord.allCases.count)
    }
}
