import Testing

@testable import BookBuilder

// Stage 3: cmark-gfm's view of a chapter: fences with their true lines, headings, and the tree
// with a cell where each swift block stood; the tree written back as cmark would write it.

/// The page body of some Markdown that is not a chapter (no cells, no authoring syntax).
private func html(_ markdown: String) -> String { renderMarkdownPage(markdown, file: testFile, slug: "t").body }

@Suite struct ParseMarkdownTests {
    @Test func fencesWithLinesInfoAndSiblings() {
        let text = "# T\n\n```swift fold\nlet a = 1\n```\n```output\n1\n```\n\ntext\n\n~~~python\nx\n~~~\n"
        let parsed = parseMarkdown(text)
        #expect(
            parsed.fences == [
                FencedCode(info: "swift fold", literal: "let a = 1\n", startLine: 3, endLine: 5, followsFence: nil),
                FencedCode(info: "output", literal: "1\n", startLine: 6, endLine: 8, followsFence: 0),
                FencedCode(info: "python", literal: "x\n", startLine: 12, endLine: 14, followsFence: nil),
            ])
        #expect(parsed.headings == [Heading(level: 1, text: "T")])
    }

    @Test func swiftAndOutputBlocksBecomeCells() {
        let parsed = parseMarkdown("```swift\nlet a = 1\n```\n```output\n1\n```\n\n```python\nx\n```\n\n```swift\nlet b = 2\n```\n")
        #expect(
            parsed.blocks == [
                Block(line: 1, .cell(block: 0)), Block(line: 4, .expectedOutput), Block(line: 8, .code(info: "python", literal: "x\n")),
                Block(line: 12, .cell(block: 1)),
            ])
        #expect(html("```python\nx\n```\n") == "<pre><code class=\"language-python\">x\n</code></pre>\n")
    }

    @Test func gfmExtensionsAreOn() {
        let body = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and https://example.org and\n\n- [x] done\n")
        #expect(body.contains("<table>"))
        #expect(body.contains("<del>gone</del>"))
        #expect(body.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(body.contains("type=\"checkbox\""))
    }

    @Test func rawHTMLIsKept() {
        // The builder inserts its own HTML; cmark's safe mode would replace it with a comment.
        #expect(html("<div class=\"note\">Note</div>\n") == "<div class=\"note\">Note</div>\n")
    }

    @Test func multiByteTextBeforeAFenceKeepsItsLine() {
        let parsed = parseMarkdown("梯度消失，梯度爆炸。\n🙂\n\n```swift\nlet a = \"梯度\"\n```\n")
        #expect(parsed.fences.first?.startLine == 4)
        #expect(parsed.fences.first?.literal == "let a = \"梯度\"\n")
    }

    @Test func headingTextIncludesCodeSpans() {
        let parsed = parseMarkdown("## The `tanh` cell\n### *Emphasis* kept as text\n")
        #expect(parsed.headings == [Heading(level: 2, text: "The tanh cell"), Heading(level: 3, text: "Emphasis kept as text")])
    }
}
