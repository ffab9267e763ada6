import Foundation
import Testing

@testable import BookBuilder

// Stage 9: cells, escaping, anchors, the contents list and the search entries.

@Suite struct RenderEscapingTests {
    let markdown = "# T\n\n```swift\nprint(\"<script>alert('x')</script> & a < b\")\n```\n"

    @Test func printedTextIsEscaped() throws {
        let body = try pageBody(markdown, results: [result(.text("<script>alert('x')</script> & a < b\n"))])
        #expect(!body.contains("<script>"))
        #expect(body.contains("<pre class=\"output\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; a &lt; b</pre>"), "\(body)")
    }

    @Test func codeIsEscaped() throws {
        let body = try pageBody(markdown)
        #expect(body.contains("print(&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; a &lt; b&quot;)"), "\(body)")
        #expect(!body.contains("<script>"))
    }

    @Test func claimsErrorsAndDiagnosticsAreEscaped() throws {
        let body = try pageBody(
            markdown,
            results: [result(.check(line: 4, claim: "<img src=x> & y", passed: true), .error("trap: <b>&</b>"))])
        #expect(body.contains("<span class=\"mark\">✓</span> &lt;img src=x&gt; &amp; y</p>"), "\(body)")
        #expect(body.contains("<pre class=\"error\">trap: &lt;b&gt;&amp;&lt;/b&gt;</pre>"))
        let withDiagnostic = try renderedChapter(markdown, diagnostics: [Diagnostic(file: testFile, line: 4, "cannot find '<x>' in scope")])
            .body
        #expect(
            withDiagnostic.contains("<pre class=\"error\">Chapters/01-test.md:4: error: cannot find &#39;&lt;x&gt;&#39; in scope</pre>"))
    }

    @Test func escapeHTMLEscapesTheFiveCharacters() {
        #expect(escapeHTML("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(escapeHTML("梯度 ∇") == "梯度 ∇")
    }
}

@Suite struct RenderCellTests {
    @Test func cellKinds() throws {
        let markdown = """
            ```swift hide
            let hidden = 1
            ```

            ```swift fold
            let folded = 2
            ```

            ```swift norun
            let notRun = 3
            ```

            ```swift fails
            let failing = [1][2]
            ```
            """
        let body = try pageBody(markdown)
        #expect(!body.contains("hidden"), "hidden code is not on the page")
        #expect(body.contains("<div class=\"cell\" id=\"cell-1\">\n</div>"))
        #expect(
            body.contains(
                "<details class=\"fold\"><summary>Show code</summary>\n<pre class=\"code\"><code class=\"language-swift\">let folded = 2</code></pre>\n</details>"
            ))
        #expect(body.contains("<div class=\"cell cell-norun\" id=\"cell-3\">"))
        #expect(body.contains("<p class=\"cell-note\">Compiled, not run.</p>"))
        #expect(body.contains("<div class=\"cell cell-fails\" id=\"cell-4\">"))
    }

    @Test func outputBlocksAreReplacedByWhatTheBlockPrinted() throws {
        let markdown = "```swift\nprint(1)\n```\n```output\nstale\n```\n"
        let body = try pageBody(markdown, results: [result(.text("1\n"))])
        #expect(!body.contains("stale"))
        #expect(body.contains("<pre class=\"output\">1</pre>"))
        #expect(!body.contains("\u{E003}"), "no marker is left")
    }

    @Test func otherLanguagesStayCodeBlocks() throws {
        let body = try pageBody("```python\nprint('hi')\n```\n")
        #expect(body.contains("<pre><code class=\"language-python\">print('hi')\n</code></pre>"), "\(body)")
    }

    @Test func aFenceInfoWithATabIsStillASwiftBlock() throws {
        // The info string `swift<TAB>fold`: extract reads it as a folded swift block, so the page
        // must show it as that cell, and the cells after it must keep their own results.
        let markdown = "```swift\tfold\nlet a = 1\n```\n\n```swift\nprint(2)\n```\n"
        let body = try pageBody(markdown, results: [result(), result(.text("2\n"))])
        #expect(body.contains("<details class=\"fold\">"), "\(body)")
        #expect(
            body.contains(
                "<div class=\"cell\" id=\"cell-2\">\n<pre class=\"code\"><code class=\"language-swift\">print(2)</code></pre>\n<pre class=\"output\">2</pre>"
            ))
    }

    @Test func diagnosticsAppearInTheCellTheyPointInto() throws {
        let markdown = "```swift\nlet a = 1\n```\n\ntext\n\n```swift\nlet b = a +\n```\n"
        let body = try renderedChapter(markdown, diagnostics: [Diagnostic(file: testFile, line: 8, "expected expression after operator")])
            .body
        let second = try #require(body.range(of: "id=\"cell-2\""))
        let error = try #require(body.range(of: "expected expression after operator"))
        #expect(second.lowerBound < error.lowerBound)
    }
}

@Suite struct HeadingTests {
    @Test func anchorsAreUnique() throws {
        let markdown = """
            # Intro

            ## Intro

            ## Intro

            ## Intro 2

            ### Intro-2
            """
        let chapter = try renderedChapter(markdown)
        let anchors = chapter.sections.map(\.anchor)
        #expect(Set(anchors).count == anchors.count, "anchors repeat: \(anchors)")
        #expect(anchors.prefix(3) == ["intro", "intro-2", "intro-3"])
    }

    @Test func anchorsOfAnyScriptAndPunctuation() {
        #expect(anchorSlug("What's an RNN?") == "what-s-an-rnn")
        #expect(anchorSlug("梯度消失与爆炸") == "梯度消失与爆炸")
        #expect(anchorSlug("LSTM: gates i, f, g, o") == "lstm-gates-i-f-g-o")
        #expect(anchorSlug("  ***  ") == "section")
    }

    @Test func headingsGetIdsAndLinks() throws {
        let body = try pageBody("# Title\n\n## First part\n\ntext\n")
        #expect(body.contains("<h1 id=\"title\">Title</h1>"))
        #expect(
            body.contains(
                "<h2 id=\"first-part\"><a class=\"anchor\" href=\"#first-part\" aria-label=\"link to this section\">#</a>First part</h2>"),
            "\(body)")
    }

    @Test func titleComesFromTheFirstLevelOneHeading() throws {
        #expect(try renderedChapter("Text.\n\n# The Title\n\n# Another\n").title == "The Title")
        #expect(try renderedChapter("No heading.\n").title == "01-test", "the slug without a heading")
    }

    @Test func contentsListHoldsLevelsTwoAndThree() throws {
        let chapter = try renderedChapter("# T\n\n## A `code` and $x_1$\n\n### B\n\n#### C\n\n## D\n")
        #expect(chapter.contents.map(\.level) == [2, 3, 2])
        #expect(chapter.contents.map(\.anchor) == ["a-code-and-x-1", "b", "d"])
        #expect(chapter.contents[0].html == "A <code>code</code> and <span class=\"math inline\">x_1</span>")
    }
}

@Suite struct SearchEntryTests {
    @Test func oneEntryPerSection() throws {
        let markdown =
            "# Gates\n\nThe forget gate $f_t$.\n\n## Input\n\nThe input gate.\n\n```swift\nprint(1)\n```\n\n## Output\n\nLast & least.\n"
        let chapter = try renderedChapter(markdown)
        #expect(
            chapter.sections == [
                SearchEntry(page: "01-test.html", title: "Gates", section: "Gates", anchor: "gates", text: "Gates The forget gate f_t ."),
                SearchEntry(
                    page: "01-test.html", title: "Gates", section: "Input", anchor: "input", text: "# Input The input gate. print(1)"),
                SearchEntry(page: "01-test.html", title: "Gates", section: "Output", anchor: "output", text: "# Output Last & least."),
            ])
    }

    @Test func aPageWithoutHeadingsIsOneEntry() throws {
        let chapter = try renderedChapter("Only text.\n")
        #expect(
            chapter.sections == [SearchEntry(page: "01-test.html", title: "01-test", section: "01-test", anchor: "", text: "Only text.")])
    }
}

@Suite struct RenderSiteTests {
    let theme = Theme(
        page:
            "<title>{{page_title}}</title><h1>{{book_title}}</h1><nav>{{sidebar}}</nav><aside>{{contents}}</aside><main>{{content}}</main><p>{{prev}}|{{next}}</p>",
        css: "body{}", script: "//js")

    func chapters() throws -> [RenderedChapter] {
        [
            try renderedChapter("# First & one\n\n## Part\n\nText one.\n", slug: "01-first"),
            try renderedChapter("# Second\n\nText two.\n", slug: "02-second"),
        ]
    }

    @Test func pagesIndexSearchAndTheme() throws {
        let files = try renderSite(bookTitle: "RNN <Book>", introHTML: "<h1>Intro</h1>", chapters: chapters(), theme: theme)
        #expect(
            files.map(\.path) == [
                "01-first.html", "02-second.html", "index.html", "assets/search-index.js", "assets/book.css", "assets/book.js",
                "print.html",
            ])
        let first = String(decoding: files[0].contents, as: UTF8.self)
        #expect(first.hasPrefix("<title>First &amp; one · RNN &lt;Book&gt;</title>"))
        #expect(
            first.contains(
                "<a href=\"01-first.html\" class=\"current\" aria-current=\"page\"><span class=\"chapter-number\">1</span> First &amp; one</a>"
            ), "the sidebar numbers the chapters as their headings do")
        #expect(
            first.contains("<a class=\"prev\" href=\"index.html\">← Contents</a>|<a class=\"next\" href=\"02-second.html\">Second →</a>"))
        #expect(first.contains("<li class=\"level-2\"><a href=\"#part\">Part</a></li>"))
        let second = String(decoding: files[1].contents, as: UTF8.self)
        #expect(second.contains("<aside></aside>"), "no contents list without sections")
        #expect(second.contains("<a class=\"prev\" href=\"01-first.html\">← First &amp; one</a>|<span></span>"))
        let search = String(decoding: files[3].contents, as: UTF8.self)
        #expect(search.hasPrefix("window.BOOK_SEARCH = [{\"anchor\":\"first-one\",\"page\":\"01-first.html\""))
        #expect(search.hasSuffix(";\n"))
    }

    @Test func renderingTwiceGivesTheSameBytes() throws {
        let once = try renderSite(bookTitle: "B", introHTML: "", chapters: chapters(), theme: theme)
        let twice = try renderSite(bookTitle: "B", introHTML: "", chapters: chapters(), theme: theme)
        #expect(once == twice)
    }
}
