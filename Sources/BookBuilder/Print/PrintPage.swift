/// `Site/print.html`: the whole book on one page, in order, for paper. The introduction, then
/// every chapter starting on a new page; folded code and solutions open; math and highlighting
/// by the same scripts as the other pages; the book's stylesheet with its print rules.
/// `chromium --headless --print-to-pdf=book.pdf Site/print.html` makes a PDF of it.
public func renderPrintPage(bookTitle: String, introHTML: String, chapters: [RenderedChapter]) -> String {
    let words = chapters.first?.words ?? .english
    var body = "<section class=\"print-title\">\n\(introHTML)\n<h2>\(words.html(.contents))</h2>\n<ol class=\"chapter-list\">\n"
    for c in chapters { body += "<li><a href=\"#chapter-\(c.slug)\">\(escapeHTML(c.title))</a></li>\n" }
    body += "</ol>\n</section>\n"
    for c in chapters {
        // Links to other pages become links inside this one; folded things open.
        var chapter = c.body
        for other in chapters { chapter = chapter.replacingAll("href=\"\(other.slug).html#", with: "href=\"#") }
        chapter = chapter.replacingAll("<details class=\"fold\">", with: "<details class=\"fold\" open>")
            .replacingAll(
                "<details class=\"solution\"><summary>\(words.html(.showSolution))</summary>",
                with: "<details class=\"solution\" open><summary>\(words.html(.solution))</summary>")
        body += "<section class=\"print-chapter\" id=\"chapter-\(c.slug)\">\n\(chapter)</section>\n"
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
        <script src="assets/katex/katex.min.js"></script>
        <script src="assets/highlight.min.js"></script>
        <script src="assets/book.js"></script>
        </body>
        </html>

        """
}
