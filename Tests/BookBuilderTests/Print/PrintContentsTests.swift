import Foundation
import Testing

@testable import BookBuilder

// The printed book's contents carry the chapter and section numbers the headings show.
@Suite struct PrintContentsTests {
    func chapter(_ slug: String, _ title: String, sections: [(Int, String, String)]) -> RenderedChapter {
        RenderedChapter(
            slug: slug, title: title, body: "<h1>\(title)</h1>\n", contents: sections.map { (level: $0.0, anchor: $0.1, html: $0.2) },
            sections: [])
    }

    @Test func chaptersAndSectionsAreNumberedAndLinked() {
        let chapters = [
            chapter(
                "04-vanishing", "Vanishing gradients",
                sections: [
                    (2, "sec-jacobian", "<span class=\"secnum\">4.1</span> The Jacobian"),
                    (3, "deep", "<span class=\"secnum\">4.1.1</span> Deep"),
                    (2, "what-to-try", "<span class=\"secnum\">4.2</span> What to try"),
                ]),
            chapter("05-lstm", "LSTM", sections: [(2, "what-to-try", "<span class=\"secnum\">5.1</span> What to try")]),
        ]
        let page = renderPrintPage(bookTitle: "B", introHTML: "<h1>B</h1>", chapters: chapters)
        #expect(page.contains("<li><a href=\"#chapter-04-vanishing\"><span class=\"secnum\">4</span> Vanishing gradients</a>\n<ol>\n"))
        #expect(page.contains("<li><a href=\"#sec-jacobian\"><span class=\"secnum\">4.1</span> The Jacobian</a></li>"))
        #expect(!page.contains("4.1.1</span> Deep</a></li>\n"), "only the sections, not their subsections")
        // Two chapters have a "what-to-try" anchor: the entries are not links, which would lead to the first.
        #expect(page.contains("<li><span class=\"secnum\">4.2</span> What to try</li>"))
        #expect(page.contains("<li><span class=\"secnum\">5.1</span> What to try</li>"))
        #expect(
            page.contains(
                "<section class=\"print-chapter\" id=\"chapter-05-lstm\" data-chapter=\"5\">\n<h1><span class=\"secnum\">5</span> LSTM</h1>"
            ))
    }

    @Test func thePrintPageLoadsNoMathOrHighlightScript() {
        let page = renderPrintPage(bookTitle: "B", introHTML: "<h1>B</h1>", chapters: [])
        #expect(!page.contains("katex.min.js") && !page.contains("highlight.min.js"))
        #expect(page.contains("<script src=\"assets/book.js\"></script>"))
    }
}
