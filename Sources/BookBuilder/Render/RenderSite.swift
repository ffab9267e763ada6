import Foundation

/// A file of the site: its path under Site/ and its bytes.
public struct SiteFile: Sendable, Equatable {
    public var path: String
    public var contents: Data
    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }
    public init(path: String, text: String) { self.init(path: path, contents: Data(text.utf8)) }
}

/// The page template and stylesheet a student can restyle, read from `Chapters/theme/`.
public struct Theme: Sendable {
    public var page: String
    public var css: String
    public var script: String

    public static func load(from directory: URL) throws -> Theme {
        func read(_ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else { throw BuildFailure("the theme file \(url.path) is missing") }
            return String(decoding: data, as: UTF8.self)
        }
        return Theme(page: try read("page.html"), css: try read("book.css"), script: try read("book.js"))
    }
}

/// Stage 9b: the site's pages. Every chapter page, the index, the search index and the theme.
/// `languageSwitch` gives each page's link to its translation (`{{language-switch}}` in the
/// template), from the page's file name; none when the book has no translation.
public func renderSite(
    bookTitle: String, introHTML: String, chapters: [RenderedChapter], theme: Theme, bibliography: Bibliography = Bibliography(),
    languageSwitch: @escaping (String) -> String = { _ in "" }
) throws -> [SiteFile] {
    var site = SiteRenderer(bookTitle: bookTitle, chapters: chapters, theme: theme, bibliography: bibliography)
    site.languageSwitch = languageSwitch
    var files: [SiteFile] = []
    for i in chapters.indices {
        let c = chapters[i]
        files.append(SiteFile(path: "\(c.slug).html", text: site.chapterPage(i)))
        if !c.exportSource.isEmpty { files.append(SiteFile(path: "export/\(c.slug)/main.swift", text: c.exportSource)) }
    }
    files.append(SiteFile(path: "index.html", text: site.indexPage(introHTML: introHTML)))
    if !bibliography.entries.isEmpty { files.append(SiteFile(path: "bibliography.html", text: site.bibliographyPage())) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let index = try encoder.encode(chapters.flatMap(\.sections))
    files.append(SiteFile(path: "assets/search-index.js", text: "window.BOOK_SEARCH = " + String(decoding: index, as: UTF8.self) + ";\n"))
    files.append(SiteFile(path: "assets/book.css", text: theme.css))
    files.append(SiteFile(path: "assets/book.js", text: theme.script))
    files.append(SiteFile(path: "print.html", text: renderPrintPage(bookTitle: bookTitle, introHTML: introHTML, chapters: chapters)))
    return files
}

/// The pages of the site, each the theme's template filled in.
struct SiteRenderer {
    let bookTitle: String
    let chapters: [RenderedChapter]
    let theme: Theme
    let bibliography: Bibliography
    /// A page's link to its translation, from its file name (`{{language-switch}}`).
    var languageSwitch: (String) -> String = { _ in "" }

    func fill(_ values: [String: String]) -> String { fillTemplate(theme.page, values) }

    /// The list of chapters, numbered as their headings are (and the book's other pages),
    /// `current` marked.
    func sidebar(current: String?) -> String {
        var s = "<ol class=\"chapters\">\n"
        for c in chapters {
            let cls = c.slug == current ? " class=\"current\" aria-current=\"page\"" : ""
            let number = chapterNumber(ofSlug: c.slug).map { "<span class=\"chapter-number\">\($0)</span> " } ?? ""
            s += "<li><a href=\"\(c.slug).html\"\(cls)>\(number)\(escapeHTML(c.title))</a></li>\n"
        }
        s += "</ol>\n<ol class=\"book-pages\">\n"
        if !bibliography.entries.isEmpty {
            let cls = current == "bibliography" ? " class=\"current\" aria-current=\"page\"" : ""
            s += "<li><a href=\"bibliography.html\"\(cls)>Bibliography</a></li>\n"
        }
        return s + "<li><a href=\"print.html\">The whole book, for print</a></li>\n</ol>"
    }

    /// Chapter `i`'s page: its contents list, body, download link, previous and next links.
    func chapterPage(_ i: Int) -> String {
        let c = chapters[i]
        var contents = ""
        if !c.contents.isEmpty {
            contents = "<div class=\"label\">On this page</div>\n<ol>\n"
            for entry in c.contents {
                contents +=
                    "<li class=\"level-\(entry.level)\"><a href=\"#\(escapeHTML(entry.anchor))\">\(entry.html)</a></li>\n"
            }
            contents += "</ol>"
        }
        let prev =
            i > 0
            ? "<a class=\"prev\" href=\"\(chapters[i - 1].slug).html\">← \(escapeHTML(chapters[i - 1].title))</a>"
            : "<a class=\"prev\" href=\"index.html\">← Contents</a>"
        let next =
            i + 1 < chapters.count
            ? "<a class=\"next\" href=\"\(chapters[i + 1].slug).html\">\(escapeHTML(chapters[i + 1].title)) →</a>" : "<span></span>"
        return fill([
            "page_title": escapeHTML("\(c.title) · \(bookTitle)"), "book_title": escapeHTML(bookTitle),
            "sidebar": sidebar(current: c.slug), "contents": contents, "content": c.body + downloadLink(c), "prev": prev,
            "next": next, "language-switch": languageSwitch("\(c.slug).html"),
        ])
    }

    /// The front page: the introduction and the chapters with their summaries.
    func indexPage(introHTML: String) -> String {
        var list = "<ol class=\"chapter-list\">\n"
        for c in chapters {
            list += "<li><a href=\"\(c.slug).html\">\(escapeHTML(c.title))</a>"
            // The summary's links to its own page's references and labels lead to that page.
            if let summary = chapterSummary(c.body) { list += "<p>\(summary.replacingAll("href=\"#", with: "href=\"\(c.slug).html#"))</p>" }
            list += "</li>\n"
        }
        list += "</ol>\n"
        let first = chapters.first.map { "<a class=\"next\" href=\"\($0.slug).html\">\(escapeHTML($0.title)) →</a>" } ?? ""
        return fill([
            "page_title": escapeHTML(bookTitle), "book_title": escapeHTML(bookTitle), "sidebar": sidebar(current: nil),
            "contents": "", "content": introHTML + "\n<h2 id=\"chapters\">Chapters</h2>\n" + list, "prev": "<span></span>",
            "next": first, "language-switch": languageSwitch("index.html"),
        ])
    }

    func bibliographyPage() -> String {
        fill([
            "page_title": escapeHTML("Bibliography · \(bookTitle)"), "book_title": escapeHTML(bookTitle),
            "sidebar": sidebar(current: "bibliography"), "contents": "",
            "content": renderBibliographyPage(bibliography, chapters: chapters), "prev": "<span></span>", "next": "<span></span>",
            "language-switch": languageSwitch("bibliography.html"),
        ])
    }
}

/// The page template with each `{{key}}` of the template replaced by its value, in one pass over
/// the template: a value (a chapter's text, what it printed) is never searched for keys, so
/// `{{sidebar}}` printed by a chapter stays text. Unknown keys are left as they are.
func fillTemplate(_ template: String, _ values: [String: String]) -> String {
    let t = Array(template.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(t.count + values.values.reduce(0) { $0 + $1.utf8.count })
    var i = 0
    while i < t.count {
        if t[i] == UInt8(ascii: "{"), i + 1 < t.count, t[i + 1] == UInt8(ascii: "{") {
            var j = i + 2
            while j + 1 < t.count, t[j] != UInt8(ascii: "}"), j - i < 64 { j += 1 }
            if j + 1 < t.count, t[j] == UInt8(ascii: "}"), t[j + 1] == UInt8(ascii: "}"),
                let value = values[String(decoding: t[(i + 2)..<j], as: UTF8.self)]
            {
                out += value.utf8
                i = j + 2
                continue
            }
        }
        out.append(t[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

/// The Debian packages the site's scripts come from, and the files copied from each into Site/assets.
public struct VendorAssets: Sendable {
    public static let katexDirectory = "/usr/share/javascript/katex"
    public static let highlightFile = "/usr/share/javascript/highlight.js/highlight.min.js"

    /// KaTeX (libjs-katex) and highlight.js (libjs-highlight.js), read from where Debian puts them.
    /// A missing package is a build failure that says how to install it.
    public static func collect() throws -> [SiteFile] {
        let fm = FileManager.default
        var missing: [String] = []
        if !fm.fileExists(atPath: katexDirectory + "/katex.min.js") { missing.append("libjs-katex") }
        if !fm.fileExists(atPath: highlightFile) { missing.append("libjs-highlight.js") }
        guard missing.isEmpty else {
            throw BuildFailure(
                "missing system package(s): \(missing.joined(separator: " ")). Install with: sudo apt-get install \(missing.joined(separator: " ")) (or run `make site`, which installs them)"
            )
        }
        var files: [SiteFile] = []
        func add(_ source: String, as path: String) throws {
            files.append(SiteFile(path: path, contents: try Data(contentsOf: URL(fileURLWithPath: source))))
        }
        try add(katexDirectory + "/katex.min.js", as: "assets/katex/katex.min.js")
        try add(katexDirectory + "/katex.min.css", as: "assets/katex/katex.min.css")
        let fonts = try fm.contentsOfDirectory(atPath: katexDirectory + "/fonts").sorted()
        for font in fonts where font.hasSuffix(".woff2") || font.hasSuffix(".woff") || font.hasSuffix(".ttf") {
            try add(katexDirectory + "/fonts/" + font, as: "assets/katex/fonts/" + font)
        }
        try add(highlightFile, as: "assets/highlight.min.js")
        return files
    }
}
