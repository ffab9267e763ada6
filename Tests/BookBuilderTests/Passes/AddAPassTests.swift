import Foundation
import Testing

@testable import BookBuilder

/// A new feature as a pass: this one file and one entry in the list of passes (README, "How to
/// add a pass"). It warns about a draft's leftover `TODO` in the prose, at its line.
struct FlagTodos: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let code = Set(document.blocks.flatMap { $0.firstLine..<($0.firstLine + $0.code.split(separator: "\n").count) })
        for (i, line) in document.source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("TODO") && !code.contains(i + 1) {
            document.sink.report(
                Diagnostic(file: document.source.path, line: i + 1, .warning, "a TODO is left in the prose"), .authoring)
        }
    }
}

@Suite struct AddAPassTests {
    let chapter = "# Draft\n\nThe loss falls. TODO: say why.\n\n```swift\nlet x = 1  // TODO in code is fine\n```\n"

    /// The chapter through the passes that need no compiler (nothing runs without a toolchain).
    func page(_ passes: [any ChapterPass]) -> ChapterDocument {
        let context = BookContext(options: Book.Options(root: URL(fileURLWithPath: "/nonexistent")), toolchain: nil, dataHash: "")
        return Book.run(ChapterDocument(source: ChapterSource(path: testFile, slug: "01-test", text: chapter)), through: passes, context)
    }

    @Test func aPassOfOneFileAndOneEntryChangesThePage() throws {
        let before = page(Book.chapterPasses)
        var passes = Book.chapterPasses
        passes.insert(FlagTodos(), at: passes.count - 1)  // the one entry: before the page is rendered
        let after = page(passes)

        let warning = "\(testFile):3: warning: a TODO is left in the prose"
        #expect(!before.rendered.body.contains("TODO is left"))
        #expect(after.rendered.body.hasPrefix("<pre class=\"warning\">\(warning)</pre>\n<h1 id=\"draft\">Draft</h1>"))
        #expect(after.diagnostics.map(\.description) == [warning])
        // Everything else on the page is as before.
        #expect(after.rendered.body == "<pre class=\"warning\">\(warning)</pre>\n" + before.rendered.body)
    }

    @Test func thePassesRunInTheOrderOfTheList() {
        #expect(
            Book.chapterPasses.map { "\(type(of: $0))" } == [
                "ParseChapter", "Callouts", "ExtractCells", "ResolveIncludes", "CheckCitations", "CheckAuthoringFaults",
                "GenerateProgram", "CompileAndRun", "SplitOutput", "CompareOutputs", "RenderPage",
            ])
        #expect(Book.bookPasses.map { "\(type(of: $0))" } == ["ResolveCrossReferences"])
    }

    /// A pass that throws is a failure of the builder: the chapter gets an error naming the pass,
    /// and the passes after it still run (the page is still written).
    @Test func aPassThatThrowsIsReportedAndThePageIsStillWritten() {
        struct Broken: ChapterPass {
            func run(_ document: inout ChapterDocument, _ context: BookContext) throws { throw BuildFailure("disk full") }
        }
        let document = page([Broken()] + Book.chapterPasses)
        #expect(document.diagnostics.map(\.message) == ["the builder's pass Broken failed: disk full"])
        #expect(document.rendered.body.contains("<h1 id=\"draft\">Draft</h1>"))
    }
}
