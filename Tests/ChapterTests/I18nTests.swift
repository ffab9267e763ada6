import Foundation
import Testing

@testable import BookBuilder

/// The Chinese edition end to end: a small book with a catalog, built once; `Site/zh/` from the
/// same run.
enum TranslatedBook {
    static let chapter = """
        # Gates

        ## Values

        ```swift
        import Glibc
        let values = [1.0, 2.0, 3.0]
        let mean = values.reduce(0, +) / 3
        check(mean == 2, "the mean is two")
        var chart = LineChart(title: "v", xLabel: "i", yLabel: "v")
        chart.add("v", y: values)
        show(chart, label: "fig-values", caption: "Three values")
        let runs = fopen("runs.txt", "a")  // one line per run of the chapter
        fputs("run\\n", runs)
        fclose(runs)
        ```

        The mean is `{swift} fixed(mean, 2)`, and
        @fig-values shows the values $v_i$.

        This paragraph has no translation.
        """

    static let translations = [
        "Gates": "门", "Values": "数值", "the mean is two": "均值为二", "Three values": "三个数值",
        "The mean is `{swift} fixed(mean, 2)`, and @fig-values shows the values $v_i$.":
            "@fig-values 画出了数值 $v_i$，均值为 `{swift} fixed(mean, 2)`。",
    ]

    static func catalog(_ translations: [String: String]) -> String {
        var po = catalogHeader(language: "zh_CN")
        for (english, chinese) in translations.sorted(by: { $0.key < $1.key }) {
            po += "\nmsgid \"\(poEscape(english))\"\nmsgstr \"\(poEscape(chinese))\"\n"
        }
        return po
    }
}

@Suite(.serialized) struct I18nTests {
    func book(_ name: String, catalog: String) throws -> TemporaryBook {
        let book = try TemporaryBook(name, chapters: ["01-gates.md": TranslatedBook.chapter])
        try FileManager.default.createDirectory(at: book.root.appendingPathComponent("po"), withIntermediateDirectories: true)
        try Data(catalog.utf8).write(to: book.root.appendingPathComponent("po/zh_CN.po"))
        return book
    }

    @Test func theChineseEditionComesFromTheSameRun() throws {
        let toolchain = try chapterToolchain.get()
        let book = try book("i18n", catalog: TranslatedBook.catalog(TranslatedBook.translations))
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        #expect(report.errors.isEmpty, "\(report.errors)")
        // The chapter writes in its own working folder, emptied before each of its runs.
        let options = book.options(useCache: false)
        let runs = runDirectory(work: options.work, slug: "01-gates", perturbation: options.perturbation)
            .appendingPathComponent("runs.txt")
        #expect(
            String(decoding: try Data(contentsOf: runs), as: UTF8.self) == "run\n", "the chapter ran once for both editions")

        let zh = try book.page("zh/01-gates")
        let english = try book.page("01-gates")
        #expect(zh.contains("<html lang=\"zh-CN\""))
        #expect(zh.contains("<h1 id=\"gates\">门</h1>") && zh.contains("<h2 id=\"values\">"), "the English anchors")
        #expect(zh.contains("数值</h2>"))
        #expect(zh.contains("<span class=\"mark\">✓</span> 均值为二</p>"), "the check claim from the catalog")
        #expect(english.contains("<span class=\"mark\">✓</span> the mean is two</p>"))
        #expect(zh.contains("</span> 三个数值</figcaption>"), "the caption from the catalog")
        #expect(zh.contains(">2.00</span>。"), "the inline value, computed once, in the Chinese sentence")
        #expect(zh.contains("<p>This paragraph has no translation.</p>"), "an untranslated paragraph stays English")
        #expect(zh.contains("href=\"../assets/book.css\""))
        #expect(zh.contains(">本页内容<") && english.contains(">On this page<"), "the words around the text too")

        // The switches link each page to the other edition's same page, and those pages exist.
        #expect(english.contains("<a class=\"language-switch\" href=\"zh/01-gates.html\""))
        #expect(zh.contains("<a class=\"language-switch\" href=\"../01-gates.html\""))
        let files = book.siteFiles()
        for page in ["zh/01-gates.html", "zh/index.html", "zh/print.html", "01-gates.html", "index.html"] {
            #expect(files[page] != nil, "\(page)")
        }
        for page in ["zh/index.html", "zh/print.html"] {
            #expect(String(decoding: files[page] ?? Data(), as: UTF8.self).contains("<html lang=\"zh-CN\""), "\(page)")
        }
        // Every page's switch leads to a page of the site.
        for (path, data) in files where path.hasSuffix(".html") && path != "print.html" && path != "zh/print.html" {
            let page = String(decoding: data, as: UTF8.self)
            guard let open = page.range(of: "<a class=\"language-switch\" href=\""), let end = page[open.upperBound...].firstIndex(of: "\"")
            else {
                Issue.record("\(path) has no language switch")
                continue
            }
            let target = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: "/")).deletingLastPathComponent()
                .appendingPathComponent(String(page[open.upperBound..<end])).standardized.path.dropFirst()
            #expect(files[String(target)] != nil, "\(path) switches to \(target), which is not there")
        }
        let index = String(decoding: files["assets/search-index-zh.js"] ?? Data(), as: UTF8.self)
        #expect(index.contains("均值为"), "the search runs over the Chinese text")
        #expect(
            String(decoding: files["assets/book.js"] ?? Data(), as: UTF8.self).contains("\"search-index-zh.js\""), "and the script loads it"
        )
    }

    @Test func aTranslationThatDropsAnInlineValueFailsAtItsLineAndStaysEnglish() throws {
        let toolchain = try chapterToolchain.get()
        var translations = TranslatedBook.translations
        let key = "The mean is `{swift} fixed(mean, 2)`, and @fig-values shows the values $v_i$."
        translations[key] = "@fig-values 画出了数值 $v_i$，均值为二。"
        let catalog = TranslatedBook.catalog(translations)
        let book = try book("i18n-broken", catalog: catalog)
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        let msgstrLine = line(of: "均值为二。", in: catalog)
        #expect(
            report.errors.map(\.description) == [
                "po/zh_CN.po:\(msgstrLine): error: the translation lacks the inline value `{swift} fixed(mean, 2)` of the English text (keep it exactly as written)"
            ])
        let zh = try book.page("zh/01-gates")
        #expect(zh.contains("<p>The mean is ") && !zh.contains("画出了"), "the refused translation is not used")
    }
}
