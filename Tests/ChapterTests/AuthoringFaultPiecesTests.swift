import Foundation
import Testing

@testable import BookBuilder

// The pieces behind the authoring-fault messages (issue #21), without running a chapter; the
// faults themselves are built for real in AuthoringFaultsTests.swift.

struct AuthoringFaultPiecesTests {
    /// Cheap checks of the pieces: the names a sentence reads and a block declares, the figure
    /// check, the directives, and the book's own bibliography.
    @Test func namesDeclarationsFiguresAndDirectives() throws {
        #expect(namesRead(by: "fixed(loss.last!, digits: 3)") == ["fixed", "loss"])
        #expect(namesRead(by: "xs.map { x in x * scale }.count") == ["xs", "scale"])
        #expect(namesRead(by: "\"\\(count) of \\(total)\"") == ["count", "total"])
        let code = """
            let a = 1, b: Int = 2
            var (c, (d, _)): (Int, (Int, Int)) = (3, (4, 5))
            var table: Dictionary<String, Int> = [:]
            func f(_ x: Int) -> Int { let local = x; return local }
            if let g = Optional(1) { print(g) }
            guard let h = Optional(2) else { fatalError() }
            for i in 0..<2 { var inner = i; inner += 1 }
            let s = "let fake = 1"  // let comment = 2
            let m = [1].map { x in x + 1 }, n = [2].map { $0 }
            var computed: Int { 3 }
            """
        #expect(topLevelDeclarations(code) == ["a", "b", "c", "d", "table", "f", "h", "s", "m", "n", "computed"])

        #expect(unsafeFigure("<svg><title>onload=alert(1) &lt;script&gt; javascript: x</title></svg>") == nil)
        #expect(unsafeFigure("<svg><script>alert(1)</script></svg>") != nil)
        #expect(unsafeFigure("<svg><rect onload=\"alert(1)\"/></svg>") != nil)
        #expect(unsafeFigure("<svg><a href=\" java\tscript:alert(1)\">x</a></svg>") != nil)
        #expect(unsafeFigure("<svg><foreignObject/></svg>") != nil)

        let directives = "<!-- book: timeout=300 -->\n<!--book: optimize-->\n<!-- book: timeout=300 optimize -->\n<!-- book: optimize -->\n"
        #expect(
            checkDirectives(directives, fences: [], file: "x.md").map(\.description) == [
                "x.md:2: warning: this directive is not read as written: write it exactly as <!-- book: optimize -->",
                "x.md:3: warning: a <!-- book: ... --> comment gives one directive, found 2 (known: <!-- book: timeout=SECONDS -->, <!-- book: optimize -->); it is ignored",
            ])
        #expect(nearestName(to: "fig-los", among: ["fig-loss", "fig-gain", "eq-loss"]) == "fig-loss")
        #expect(nearestName(to: "fig-x", among: ["fig-loss"]) == nil)

        // An include never reads through a link that leads outside the book.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("faults-include-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("book/Lib"), withIntermediateDirectories: true)
        try Data("// ANCHOR: x\nsecret\n// ANCHOR_END: x\n".utf8).write(to: root.appendingPathComponent("outside.swift"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("book/Lib/link.swift"), withDestinationURL: root.appendingPathComponent("outside.swift"))
        let outside = root.appendingPathComponent("outside.swift").resolvingSymlinksInPath().path
        let refusal =
            "include: 'Lib/link.swift' leads to '\(outside)', outside the book: the builder reads no file outside the book's "
            + "folder, through any path or link (copy the file into the book instead)"
        #expect(throws: Diagnostic(file: "x.md", line: 3, refusal)) {
            try includeCode("Lib/link.swift:x", root: root.appendingPathComponent("book"), file: "x.md", line: 3)
        }

        // An entry whose closing brace is missing, before the next entry and at the end of the file.
        let open =
            "@misc{one,\n  title = {One}, author = {A, B}, year = {2001}\n\n@misc{two, title = {Two}, author = {C, D},\n  year = {2002}\n"
        #expect(
            parseBibTeX(open, path: "r.bib").1.map(\.description) == [
                "r.bib:1: error: the entry 'one' is not closed: a '}' is missing before the next entry (line 4)",
                "r.bib:4: error: the entry 'two' is not closed: a '}' is missing at its end",
            ])
        #expect(parseBibTeX(open, path: "r.bib").0.entries.map(\.key) == ["one", "two"])

        let (bibliography, problems) = Bibliography.load(from: bookRoot.appendingPathComponent("Chapters/references.bib"))
        #expect(problems.isEmpty, "\(problems)")
        #expect(!bibliography.entries.isEmpty)
    }

    /// The book's own chapters have none of these faults (a false alarm would fail the build).
    @Test func theBooksChaptersHaveNoAuthoringFaults() throws {
        let context = BookContext(options: Book.Options(root: bookRoot, useCache: false), toolchain: nil, dataHash: "")
        let passes: [any ChapterPass] = [ParseChapter(), ExtractCells(), ResolveIncludes(), CheckCitations(), CheckAuthoringFaults()]
        for name in chapterFiles() {
            let text = String(decoding: try Data(contentsOf: bookRoot.appendingPathComponent("Chapters/\(name)")), as: UTF8.self)
            let source = ChapterSource(path: "Chapters/\(name)", slug: String(name.dropLast(3)), text: text)
            let document = Book.run(ChapterDocument(source: source), through: passes, context)
            #expect(document.diagnostics.isEmpty, "\(name): \(document.diagnostics)")
        }
    }
}
