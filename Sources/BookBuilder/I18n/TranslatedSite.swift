import Foundation

/// The Chinese edition of the site, `Site/zh/`, from the English documents after their run, and
/// what the English pages need to link to it.
public struct TranslatedSite: Sendable {
    /// `zh/*.html`, `zh/export/...`, and the Chinese search index `assets/search-index-zh.js`.
    public var files: [SiteFile] = []
    /// The catalog's mistakes, at `po/zh_CN.po:LINE` (a translation that drops an inline value).
    public var errors: [Diagnostic] = []

    /// The link of an English page (`05-lstm.html`) to its Chinese edition; none without one.
    public var englishSwitch: @Sendable (String) -> String = { _ in "" }
}

extension I18n {
    /// The catalog of the Chinese edition and where it is.
    static let chineseCatalog = "po/zh_CN.po"

    /// `Site/zh/` from `documents` (the English chapters after every pass, cross-references
    /// resolved): nil when the book has no `po/zh_CN.po`. A segment is in Chinese where its entry is
    /// translated, not fuzzy and keeps every item of the English text; in English otherwise.
    public static func translatedSite(
        documents: [ChapterDocument], options: Book.Options, theme: Theme, bibliography: Bibliography
    ) throws -> TranslatedSite? {
        let url = options.root.appendingPathComponent(chineseCatalog)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        var site = TranslatedSite()
        let catalog: Catalog
        do {
            catalog = try Catalog(text: String(decoding: data, as: UTF8.self), path: chineseCatalog)
        } catch {
            site.errors = [error]
            return site
        }
        site.errors = catalog.entries.flatMap { translationProblems($0, path: chineseCatalog) + pageWordProblems($0, path: chineseCatalog) }
        let refused = Set(site.errors.compactMap { e in catalog.entries.first { $0.msgstrLine == e.line && $0.msgctxt == nil }?.msgid })
        let usable: @Sendable (String) -> String? = { refused.contains($0) ? nil : catalog.translation($0) }

        let words = pageWords(catalog)
        let chapters = chineseChapters(documents, usable: usable, words: words, options: options, bibliography: bibliography)
        site.errors += chapters.errors
        let intro = translatedIntro(options: options, usable: usable, words: words)
        let pages = try renderSite(
            bookTitle: intro.title, introHTML: intro.html, chapters: chapters.pages, theme: chineseTheme(theme), bibliography: bibliography,
            languageSwitch: { page in
                "<a class=\"language-switch\" href=\"../\(page)\" hreflang=\"en\" lang=\"en\" title=\"Read this page in English\">English</a>"
            })
        for file in pages {
            switch file.path {
            case "assets/book.css", "assets/book.js": continue
            case "assets/search-index.js": site.files.append(SiteFile(path: "assets/search-index-zh.js", contents: file.contents))
            case _ where file.path.hasSuffix(".html"):
                site.files.append(SiteFile(path: "zh/" + file.path, text: chineseFrame(String(decoding: file.contents, as: UTF8.self))))
            default: site.files.append(SiteFile(path: "zh/" + file.path, contents: file.contents))
            }
        }
        site.englishSwitch = { page in
            "<a class=\"language-switch\" href=\"zh/\(page)\" hreflang=\"zh-CN\" lang=\"zh-CN\" title=\"阅读本页的中文版\">中文</a>"
        }
        return site
    }

    /// The chapters' pages in Chinese, cross-references resolved and anchors as in English. A
    /// chapter whose translated text does not give the same code blocks is an error, and its page
    /// stays English.
    static func chineseChapters(
        _ documents: [ChapterDocument], usable: @escaping @Sendable (String) -> String?, words: PageWords, options: Book.Options,
        bibliography: Bibliography
    ) -> (pages: [RenderedChapter], errors: [Diagnostic]) {
        let context = {
            var context = BookContext(options: options, toolchain: nil, dataHash: "", bibliography: bibliography)
            context.words = words
            return context
        }()
        // One chapter per core, as the English pages are made.
        let translated = LockedArray<ChapterDocument?>(repeating: nil, count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { i in
            translated[i] = translatedDocument(documents[i], usable: usable, context)
        }
        var chinese: [ChapterDocument] = []
        var errors: [Diagnostic] = []
        for (english, page) in zip(documents, translated.values) {
            if let page {
                chinese.append(page)
            } else {
                errors.append(
                    Diagnostic(
                        file: english.source.path, line: 0,
                        "the translations in \(chineseCatalog) change this chapter's code blocks (does a msgstr hold a ``` fence?), so its Chinese page is in English"
                    ))
                chinese.append(english)
            }
        }
        chinese = resolveCrossReferences(chinese, partial: !options.only.isEmpty)
        return (zip(documents, chinese).map { sameAnchors($1.rendered, as: $0.rendered) }, errors)
    }

    /// The home page in Chinese: `Chapters/index.md` translated, rendered as `book build` renders it.
    static func translatedIntro(options: Book.Options, usable: (String) -> String?, words: PageWords) -> (title: String, html: String) {
        let fallback = "Recurrent Neural Networks, Run"
        let path = "Chapters/index.md"
        guard let data = FileManager.default.contents(atPath: options.chapters.appendingPathComponent("index.md").path) else {
            return (usable(fallback) ?? fallback, "<h1>\(escapeHTML(usable(fallback) ?? fallback))</h1>")
        }
        let text = translateSource(String(decoding: data, as: UTF8.self), file: path, translation: usable).text
        let rendered = renderMarkdownPage(text, file: path, slug: "index", words: words)
        return (rendered.title == "index" ? (usable(fallback) ?? fallback) : rendered.title, rendered.body)
    }

    /// The page template for pages one folder down (`zh/`), in Chinese: `lang="zh-CN"` and the
    /// shared assets one level up.
    static func chineseTheme(_ theme: Theme) -> Theme {
        var t = theme
        t.page = chineseFrame(t.page)
        return t
    }

    /// A page's `<html lang>` and asset paths for the `zh/` folder, outside its `<article>` (the
    /// text of the book is left as it is).
    static func chineseFrame(_ page: String) -> String {
        guard let open = page.range(of: "<article>"), let close = page.range(of: "</article>", options: .backwards),
            open.upperBound <= close.lowerBound
        else { return chineseHead(page) }
        return chineseHead(String(page[..<open.upperBound])) + page[open.upperBound..<close.lowerBound]
            + chineseHead(String(page[close.lowerBound...]))
    }

    /// The words of the page around the book's text (the template's, the sidebar's, the pager's),
    /// in Chinese; a string the page does not have is left alone.
    static let chineseFrameWords = [
        (">Skip to the content<", ">跳到正文<"), ("placeholder=\"Search the book (press /)\"", "placeholder=\"搜索全书（按 /）\""),
        ("aria-label=\"Search the book\"", "aria-label=\"搜索全书\""),
        ("aria-label=\"Switch light and dark theme\"", "aria-label=\"切换浅色与深色主题\""),
        ("aria-label=\"Chapters\"", "aria-label=\"章节\""), ("aria-label=\"On this page\"", "aria-label=\"本页内容\""),
        (">On this page<", ">本页内容<"), (">Bibliography</a>", ">参考文献</a>"), (">The whole book, for print</a>", ">全书（打印版）</a>"),
        (">← Contents</a>", ">← 目录</a>"), ("aria-label=\"Previous and next\"", "aria-label=\"上一章与下一章\""),
    ]

    private static func chineseHead(_ page: String) -> String {
        chineseFrameWords.reduce(page) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            .replacingOccurrences(of: "<html lang=\"en\"", with: "<html lang=\"zh-CN\"")
            .replacingOccurrences(of: "href=\"assets/", with: "href=\"../assets/")
            .replacingOccurrences(of: "src=\"assets/", with: "src=\"../assets/")
    }
}
