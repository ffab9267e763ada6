/// `Site/print.html`: the whole book on one page, in order, for paper. The introduction and the
/// numbered contents, then every chapter starting on a new page, its number before its title; folded code and solutions open; math and highlighting
/// rendered by the build (or, without Node.js, by book.js as on the other pages); the book's
/// stylesheet with its print rules.
/// `chromium --headless --print-to-pdf=book.pdf Site/print.html` makes a PDF of it.
public func renderPrintPage(bookTitle: String, introHTML: String, chapters: [RenderedChapter]) -> String {
    let words = chapters.first?.words ?? .english
    var body = "<section class=\"print-title\">\n\(introHTML)\n" + printContents(chapters, words) + "</section>\n"
    for c in chapters {
        // Links to other pages become links inside this one; folded things open.
        var chapter = c.body
        for other in chapters { chapter = chapter.replacingAll("href=\"\(other.slug).html#", with: "href=\"#") }
        chapter = chapter.replacingAll("<details class=\"fold\">", with: "<details class=\"fold\" open>")
            .replacingAll(
                "<details class=\"solution\"><summary>\(words.html(.showSolution))</summary>",
                with: "<details class=\"solution\" open><summary>\(words.html(.solution))</summary>")
        // The chapter's title carries its number, as its sections' headings do.
        let number = chapterNumber(ofSlug: c.slug)
        if let number, let h1 = chapter.range(of: "<h1"), let end = chapter[h1.upperBound...].firstIndex(of: ">") {
            chapter.insert(contentsOf: "<span class=\"secnum\">\(number)</span> ", at: chapter.index(after: end))
        }
        let data = number.map { " data-chapter=\"\($0)\"" } ?? ""
        body += "<section class=\"print-chapter\" id=\"chapter-\(c.slug)\"\(data)>\n\(chapter)</section>\n"
    }
    return """
        <!DOCTYPE html>
        <html lang="en" data-theme="light">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeHTML(bookTitle))</title>
        <link rel="stylesheet" href="assets/katex/katex.min.css">
        <link rel="stylesheet" href="assets/book.css">
        </head>
        <body class="print-book">
        <main>
        <article>
        \(body)
        </article>
        </main>
        <script src="assets/book.js"></script>
        </body>
        </html>

        """
}

/// The printed book's contents: each chapter with its number, and under it its sections with
/// theirs (the numbers the headings show). A section links to its heading when its anchor is
/// unique in the book (two chapters may both have a "What to try").
func printContents(_ chapters: [RenderedChapter], _ words: PageWords = .english) -> String {
    let sections = chapters.flatMap { $0.contents.filter { $0.level == 2 } }
    let counts = Dictionary(sections.map { ($0.anchor, 1) }, uniquingKeysWith: +)
    var out = "<h2>\(words.html(.contents))</h2>\n<ol class=\"print-contents\">\n"
    for c in chapters {
        let number = chapterNumber(ofSlug: c.slug).map { "<span class=\"secnum\">\($0)</span> " } ?? ""
        out += "<li><a href=\"#chapter-\(c.slug)\">\(number)\(escapeHTML(c.title))</a>"
        let entries = c.contents.filter { $0.level == 2 }
        if !entries.isEmpty {
            out += "\n<ol>\n"
            for e in entries {
                out += counts[e.anchor] == 1 ? "<li><a href=\"#\(escapeHTML(e.anchor))\">\(e.html)</a></li>\n" : "<li>\(e.html)</li>\n"
            }
            out += "</ol>\n"
        }
        out += "</li>\n"
    }
    return out + "</ol>\n"
}
