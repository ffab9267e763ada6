import Foundation
import Testing

@testable import BookBuilder

// A summary on the index is cut from its chapter's page: its citation links lead to that page.
@Suite struct IndexSummaryLinksTests {
    @Test func aCitationInASummaryLinksToItsChaptersReferences() throws {
        let body =
            "<h1>GRU</h1>\n<p>The GRU <span class=\"citation\">(<a href=\"#ref-cho2014\">Cho et al., 2014</a>)</span> keeps the state.</p>\n"
        let chapter = RenderedChapter(slug: "06-gru", title: "GRU", body: body, contents: [], sections: [])
        let files = try renderSite(
            bookTitle: "B", introHTML: "<h1>B</h1>", chapters: [chapter], theme: Theme(page: "{{content}}", css: "", script: ""))
        let index = String(decoding: files.first { $0.path == "index.html" }!.contents, as: UTF8.self)
        #expect(index.contains("<a href=\"06-gru.html#ref-cho2014\">Cho et al., 2014</a>"), "\(index)")
        #expect(!index.contains("href=\"#ref-"))
    }
}
