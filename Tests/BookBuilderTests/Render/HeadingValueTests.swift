import Foundation
import Testing

@testable import BookBuilder

// An inline value in a heading: its value shows in the heading, in the page's contents list
// ("On this page") and in the search entry of its section; the anchor stays the heading's words
// (a value that changes must not break links).

@Suite struct HeadingValueTests {
    @Test func theValueIsInTheHeadingTheContentsAndTheSearch() {
        var document = readDocument(
            "# T\n\n```swift\nlet x = 0.1234\n```\n\n## Loss fell to `{swift} fixed(x, 2)`\n\nText.\n", slug: "04-t")
        document.authoring.inlineValues[0] = "0.12"
        let context = BookContext(options: Book.Options(root: URL(fileURLWithPath: "/nonexistent")), toolchain: nil, dataHash: "")
        let page = Book.run(document, through: [RenderPage()], context).rendered
        let value = "<span class=\"computed\" title=\"computed when the chapter ran: fixed(x, 2)\">0.12</span>"
        #expect(page.body.contains("<span class=\"secnum\">4.1</span> Loss fell to \(value)</h2>"), "\(page.body)")
        #expect(page.contents.map(\.html) == ["<span class=\"secnum\">4.1</span> Loss fell to \(value)"])
        #expect(page.contents.map(\.anchor) == ["loss-fell-to"])
        #expect(page.sections.map(\.section) == ["T", "4.1 Loss fell to 0.12"])
    }
}
