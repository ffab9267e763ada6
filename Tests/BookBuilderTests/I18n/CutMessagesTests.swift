import Foundation
import Testing

@testable import BookBuilder

/// How a chapter is cut into messages: which segments, how their lines are joined, what is left out.
@Suite struct CutMessagesTests {
    static let chapter = """
        # The cell, gate by gate {#sec-cell}

        A paragraph wrapped
          over two lines, with $h_t$ and `{swift} fixed(loss, 3)` [@hochreiter1997lstm].

        - an item
          that goes on
          - a nested item
        2. not a new list in an item? it is one
        <!-- book: timeout=300 -->

        $$
        c_t = f_t \\odot c_{t-1} + i_t \\odot g_t
        $$ {#eq-cell}

        | symbol | what it is |
        |---|---|
        | $x_t$ | the input |

        > [!NOTE]
        > A callout,
        > on two lines.
        >
        > Its second paragraph.

        <div class="raw">
        raw HTML
        </div>

        ```swift
        let loss = 0.25
        check(loss < 1, "the loss is below one")
        check(loss < 2,
              "a claim " + "in two literals")
        check(loss < 3, "computed: \\(loss)")
        show(chart, label: "fig-a", caption: "A caption, with a \\"quote\\"")
        ```

        ```output
        Not a message
        ```

        ## Exercises
        """

    let messages = I18n.messages(in: chapter, file: "Chapters/05-x.md")

    @Test func eachSegmentIsOneMessageWithItsLinesJoinedByOneSpace() {
        #expect(
            messages.filter { $0.kind == .prose }.map(\.text) == [
                "The cell, gate by gate",
                "A paragraph wrapped over two lines, with $h_t$ and `{swift} fixed(loss, 3)` [@hochreiter1997lstm].",
                "an item that goes on", "a nested item", "not a new list in an item? it is one",
                "symbol", "what it is", "the input", "A callout, on two lines.", "Its second paragraph.", "Exercises",
            ])
        #expect(messages.first { $0.text.hasPrefix("A paragraph") }?.line == 3)
    }

    @Test func codeOutputMathCommentsRawHTMLAndMathOnlyCellsAreNotMessages() {
        let all = messages.map(\.text).joined(separator: "\n")
        for absent in ["let loss", "Not a message", "odot", "{#eq-cell}", "book: timeout", "raw HTML", "$x_t$", "[!NOTE]", "---"] {
            #expect(!all.contains(absent), "\(absent)")
        }
    }

    @Test func staticCaptionsAndCheckClaimsAreMessagesAtTheirLines() {
        let notebook = messages.filter { $0.kind != .prose }
        #expect(notebook.map(\.text) == ["the loss is below one", "a claim in two literals", "A caption, with a \"quote\""])
        #expect(notebook.map(\.kind) == [.check, .check, .caption])
        #expect(notebook.map(\.line) == [line(of: "below one"), line(of: "in two literals"), line(of: "A caption")])
    }

    @Test func theTemplateListsEachMessageOnceWithItsReferencesAndKind() {
        let twice = I18n.messages(in: "# Same\n\nSame\n\n```swift\ncheck(true, \"Same\")\n```\n", file: "Chapters/01-a.md")
        let text = templateText(templateEntries(twice))
        #expect(
            text.contains("#. check\n#: Chapters/01-a.md:1\n#: Chapters/01-a.md:3\n#: Chapters/01-a.md:6\nmsgid \"Same\"\nmsgstr \"\"\n"))
        #expect(text.contains("\"Content-Type: text/plain; charset=UTF-8\\n\""))
        #expect(text.components(separatedBy: "msgid \"Same\"").count == 2)
    }

    @Test func rewrappingTheEnglishKeepsTheMsgid() {
        let rewrapped = I18n.messages(in: "A paragraph wrapped over\ntwo lines, with $h_t$\nand more.\n", file: "f.md")
        let original = I18n.messages(in: "A paragraph wrapped\nover two lines, with $h_t$ and more.\n", file: "f.md")
        #expect(rewrapped.map(\.text) == original.map(\.text))
    }

    private func line(of needle: String) -> Int {
        (Self.chapter.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -2) + 1
    }
}
