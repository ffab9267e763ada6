import Foundation
import Testing

@testable import BookBuilder

// An include links to the site's own copy of the library file, so a copied Site/ keeps working.
@Suite struct IncludedSourcePagesTests {
    let included = IncludedCode(path: "Sources/Lib/Cell.swift", anchor: "step", code: "x * 2", firstLine: 5, lastLine: 5)

    @Test func theCaptionLinksToTheCopyAtTheFirstLine() {
        let html = renderInclude(included)
        #expect(html.contains("<a href=\"source/Sources/Lib/Cell.swift.html#L5\">Sources/Lib/Cell.swift</a>, line 5"))
        #expect(!html.contains("../"))
    }

    @Test func eachIncludedFileGetsOnePageWithNumberedLines() throws {
        let root = try makeTemporaryDirectory()
        defer { removeTemporary(root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/Lib"), withIntermediateDirectories: true)
        try Data("struct Cell {\n    let a = \"<b>\"\n}\n".utf8).write(to: root.appendingPathComponent("Sources/Lib/Cell.swift"))
        var a = ChapterDocument(source: ChapterSource(path: "Chapters/01-a.md", slug: "01-a", text: ""))
        a.authoring.includes = [0: included, 3: included]
        var b = ChapterDocument(source: ChapterSource(path: "Chapters/02-b.md", slug: "02-b", text: ""))
        b.authoring.includes = [1: included]
        let pages = includedSourcePages([a, b], root: root)
        #expect(pages.map(\.path) == ["source/Sources/Lib/Cell.swift.html"])
        let html = String(decoding: pages[0].contents, as: UTF8.self)
        #expect(html.contains("<span id=\"L1\">1</span>\n<span id=\"L2\">2</span>\n<span id=\"L3\">3</span></pre>"))
        #expect(!html.contains("id=\"L4\""), "the file's last newline ends line 3")
        #expect(html.contains("<code class=\"language-swift\">struct Cell {\n    let a = &quot;&lt;b&gt;&quot;\n}</code>"))
        #expect(html.contains("href=\"../../../assets/book.css\""), "the page sits three folders down")
        #expect(html.contains("href=\"../../../index.html\""))
    }
}
