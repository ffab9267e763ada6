import Foundation
import Testing

@testable import BookBuilder

// The page's formulas and code, found and put back.
@Suite struct PagePiecesTests {
    let page =
        "<p>Let <span class=\"math inline\">a &lt; b</span> and</p>\n<span class=\"math display\">x_1</span>\n"
        + "<pre class=\"code\"><code class=\"language-swift\">let s = &quot;&amp;&quot;</code></pre><p>end</p>"

    @Test func aPageIsCutIntoHTMLFormulasAndCode() {
        let pieces = PagePieces(page).pieces
        #expect(pieces.contains(.math("a < b", display: false)))
        #expect(pieces.contains(.math("x_1", display: true)))
        #expect(pieces.contains(.code("let s = \"&\"")))
        #expect(pieces.filter { if case .html = $0 { return false } else { return true } }.count == 3)
    }

    @Test func withNothingRenderedThePageIsUnchanged() {
        #expect(PagePieces(page).joined(math: { _, _ in nil }, code: { _ in nil }) == page)
    }

    @Test func renderedPiecesReplaceTheTextAndCodeGetsTheHljsClass() {
        let out = PagePieces(page).joined(math: { tex, display in display ? "[D:\(tex)]" : "[I:\(tex)]" }, code: { "<b>\($0)</b>" })
        #expect(out.contains("<span class=\"math inline\">[I:a < b]</span>"))
        #expect(out.contains("<span class=\"math display\">[D:x_1]</span>"))
        #expect(out.contains("<pre class=\"code\"><code class=\"language-swift hljs\"><b>let s = \"&\"</b></code></pre><p>end</p>"))
    }

    @Test func anUnclosedPieceIsLeftAsItIs() {
        let broken = "<p><span class=\"math inline\">x</p>"
        #expect(PagePieces(broken).joined(math: { _, _ in "R" }, code: { _ in "R" }) == broken)
    }
}

// KaTeX and highlight.js at build time, in one Node process (when Node.js is installed).
@Suite(.enabled(if: (try? findExecutable("node")) != nil, "needs Node.js")) struct PrerenderPagesTests {
    let page = SiteFile(
        path: "01-x.html",
        text: "<p><span class=\"math inline\">h_t</span> and <span class=\"math inline\">\\foo{x}</span></p>\n"
            + "<pre class=\"code\"><code class=\"language-swift\">let x = 1 // one</code></pre>\n")

    @Test func mathAndCodeAreRenderedAndBadMathIsAWarningAtItsLine() {
        let formulas = [
            ("Chapters/01-x.md", MathSpan(tex: "h_t", display: false, line: 3)),
            ("Chapters/01-x.md", MathSpan(tex: "\\foo{x}", display: false, line: 7)),
        ]
        let css = SiteFile(path: "assets/book.css", text: "<span class=\"math inline\">x</span>")
        let result = PrerenderPages(cache: nil).run([page, css], formulas: formulas.map { (file: $0.0, span: $0.1) })
        let html = String(decoding: result.files[0].contents, as: UTF8.self)
        #expect(html.contains("<span class=\"math inline\"><span class=\"katex\">"), "\(html)")
        #expect(html.contains("<span class=\"mord\" style=\"color:#cc0000;\">\\foo</span>"), "in red, with its source")
        #expect(html.contains("<code class=\"language-swift hljs\"><span class=\"hljs-keyword\">let</span>"), "\(html)")
        #expect(html.contains("<span class=\"hljs-comment\">// one</span>"))
        #expect(result.files[1] == css, "only HTML pages are rendered")
        #expect(result.katexWarnings.map(\.line) == [7])
        #expect(result.katexWarnings.first?.message.contains("Undefined control sequence: \\foo") == true)
        #expect(result.failure == nil)
    }

    @Test func aSecondBuildTakesTheResultFromTheCache() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("prerender-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = PrerenderPages(cache: cache).run([page], formulas: [])
        let stored = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("prerender-") }
        #expect(stored.count == 1)
        // Change the stored answer: the second build must show it, so it did not run Node again.
        let url = cache.appendingPathComponent(stored[0])
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingAll("hljs-keyword", with: "from-cache")
        try Data(text.utf8).write(to: url)
        let second = PrerenderPages(cache: cache).run([page], formulas: [])
        #expect(String(decoding: first.files[0].contents, as: UTF8.self).contains("hljs-keyword"))
        #expect(String(decoding: second.files[0].contents, as: UTF8.self).contains("from-cache"))
        // New code: Node runs again, and its answer replaces the old one in the cache.
        let edited = SiteFile(path: "01-x.html", text: "<pre class=\"code\"><code class=\"language-swift\">var y = 2</code></pre>")
        let third = PrerenderPages(cache: cache).run([edited], formulas: [])
        #expect(String(decoding: third.files[0].contents, as: UTF8.self).contains("<span class=\"hljs-keyword\">var</span>"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("prerender-") }
        #expect(kept.count == 1 && kept != stored)
    }
}
