import Foundation
import Testing

@testable import BookBuilder

// An inline value in a heading, end to end: the chapter runs, and the value shows in the heading,
// in "On this page" and in the search index.

@Suite(.serialized) struct HeadingValueEndToEndTests {
    static let chapter = """
        # Training

        ```swift
        let losses = [0.9, 0.4, 0.1234]
        print("steps", losses.count)
        ```

        ## Loss fell to `{swift} fixed(losses.last!, 2)`

        After three steps.
        """

    @Test func theValueIsInTheHeadingOnThisPageAndTheSearch() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook("heading-value", chapters: ["01-training.md": Self.chapter])
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        #expect(report.errors.isEmpty, "\(report.errors)")
        let page = try book.page("01-training")
        let value = "<span class=\"computed\" title=\"computed when the chapter ran: fixed(losses.last!, 2)\">0.12</span>"
        #expect(page.contains("<span class=\"secnum\">1.1</span> Loss fell to \(value)</h2>"))
        let onThisPage = try #require(page.range(of: "<aside class=\"contents\" aria-label=\"On this page\">")).upperBound
        let aside = page[onThisPage...].components(separatedBy: "</aside>")[0]
        #expect(aside.contains("Loss fell to \(value)"), "\(aside)")
        let search = String(decoding: book.siteFiles()["assets/search-index.js"] ?? Data(), as: UTF8.self)
        #expect(search.contains("\"section\":\"1.1 Loss fell to 0.12\""), "\(search.prefix(600))")
    }
}
