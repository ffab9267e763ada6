import Foundation
import Testing

@testable import BookBuilder

@Suite struct SiteFeaturesTests {
    @Test func indexSummarySkipsTheTitleAndKeepsMath() {
        let body =
            "<h1 id=\"x\">The title</h1>\n<p>Gradients shrink by <span class=\"math inline\">\\partial h_t / \\partial h_{t-1}</span> per step, "
            + "which is the whole story of this chapter and the next one as well. A second sentence that goes on and on "
            + "to make the text longer than the cut. A third sentence.</p>\n<p>Not this.</p>"
        let summary = chapterSummary(body)!
        #expect(!summary.contains("The title"))
        #expect(summary.contains("<span class=\"math inline\">\\partial h_t / \\partial h_{t-1}</span>"))
        #expect(summary.hasSuffix("longer than the cut."))
        #expect(chapterSummary("<h1>T</h1>") == nil)
    }

    @Test func theSiteHasABibliographyAPrintPageAndDownloads() throws {
        var chapter = RenderedChapter(slug: "01-a", title: "A", body: "<h1>A</h1>\n<p>x</p>\n", contents: [], sections: [])
        chapter.citedKeys = ["k"]
        chapter.exportSource = "import RNNKit\n"
        let (bib, _) = parseBibTeX("@misc{k, author = {Doe, Jane}, title = {T}, year = {2020}, howpublished = {Blog}}", path: "r.bib")
        let theme = Theme(page: "{{content}}", css: "", script: "")
        let files = try renderSite(bookTitle: "B", introHTML: "<h1>B</h1>", chapters: [chapter], theme: theme, bibliography: bib)
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
        #expect(byPath["bibliography.html"]!.contains("<li id=\"ref-k\">Jane Doe (2020). T. <em>Blog</em>."))
        #expect(byPath["bibliography.html"]!.contains("Cited in <a href=\"01-a.html#ref-k\">A</a>"))
        #expect(
            byPath["print.html"]!.contains(
                "<section class=\"print-chapter\" id=\"chapter-01-a\" data-chapter=\"1\">\n<h1><span class=\"secnum\">1</span> A</h1>"))
        #expect(byPath["export/01-a/main.swift"] == "import RNNKit\n")
        #expect(byPath["01-a.html"]!.contains("<a href=\"export/01-a/main.swift\" download>main.swift</a>"))
        #expect(byPath["01-a.html"]!.contains("<code>make export CHAPTER=01 DIR=…</code>"), "book is not on the PATH; make is")
    }

    @Test func exportedProgramHasTheBlocksInOrder() throws {
        let markdown =
            "# T\n\n```swift hide\nvar a = 1\n```\n\n```swift\na += 1\nprint(a)\n```\n\n```swift norun\nwhile true {}\n```\n\n```swift fails\nfatalError()\n```\n"
        let (_, _, blocks) = try parsedChapter(markdown)
        let program = exportMainSwift(blocks: blocks, file: "Chapters/01-t.md")
        let a = program.range(of: "// Chapters/01-t.md:4\nvar a = 1\n")!
        let b = program.range(of: "// Chapters/01-t.md:8\na += 1\nprint(a)\n")!
        #expect(a.lowerBound < b.lowerBound)
        #expect(program.contains("// Chapters/01-t.md:13 (shown, not run; remove the // to try it)\n// while true {}\n"))
        #expect(program.contains("// Chapters/01-t.md:17 (expected to fail; remove the // to try it)\n// fatalError()\n"))
        // `check` and `show` are the library's (no copy of them in the program).
        #expect(!program.contains("func check(") && !program.contains("func show("))
    }

    @Test func theWatcherSeesChangedAddedAndRemovedFiles() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let watcher = SourceWatcher(folders: [dir])
        try Data("a".utf8).write(to: dir.appendingPathComponent("a.md"))
        try Data("b".utf8).write(to: dir.appendingPathComponent("b.md"))
        let before = watcher.snapshot()
        #expect(SourceWatcher.changes(from: before, to: watcher.snapshot()).isEmpty)
        try Data("a, longer".utf8).write(to: dir.appendingPathComponent("a.md"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("b.md"))
        try Data("c".utf8).write(to: dir.appendingPathComponent("c.md"))
        let changed = SourceWatcher.changes(from: before, to: watcher.snapshot()).map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(changed == ["a.md", "b.md", "c.md"])
        #expect(buildStampScript("7") == "window.BOOK_BUILD_STAMP = \"7\";\n")
    }
}
