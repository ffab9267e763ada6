import Foundation

/// The builder's pipeline: each chapter's document goes through the chapter passes in order (in
/// parallel, one chapter per core), then all documents through the book passes; `build` writes
/// the site from them (Book+Commands.swift). Problems go to each document's one sink.
///
///     file → ParseChapter → Callouts → ExtractCells → ResolveIncludes → CheckCitations → CheckAuthoringFaults
///     → GenerateProgram → CompileAndRun → SplitOutput → CompareOutputs → RenderPage ⇒ ResolveCrossReferences
///
/// A feature is one pass (a file in Passes/) and one entry in a list below (README, "How to add a pass").
public enum Book {
    /// What happens to each chapter, in order.
    public static let chapterPasses: [any ChapterPass] = [
        ParseChapter(), Callouts(), ExtractCells(), ResolveIncludes(), CheckCitations(), CheckAuthoringFaults(),
        GenerateProgram(), CompileAndRun(), SplitOutput(), CompareOutputs(), RenderPage(),
    ]
    /// What happens to all chapters together, once each has gone through its passes.
    public static let bookPasses: [any BookPass] = [ResolveCrossReferences()]

    /// One chapter through `passes`.
    public static func process(
        _ source: ChapterSource, toolchain: Toolchain?, options: Options, dataHash: String, passes: [any ChapterPass] = chapterPasses
    ) -> ChapterDocument {
        run(ChapterDocument(source: source), through: passes, BookContext(options: options, toolchain: toolchain, dataHash: dataHash))
    }

    /// Every chapter (or those of `options.only`) through `passes`, then the book through `bookPasses`.
    public static func processAll(
        toolchain: Toolchain?, options: Options, passes: [any ChapterPass] = chapterPasses, bookPasses: [any BookPass] = bookPasses
    ) throws -> [ChapterDocument] {
        try BookFiles.refuseLinksOutside(options)
        let context = BookContext(
            options: options, toolchain: toolchain, dataHash: hashDataFiles(in: options.chapters, root: options.root))
        var documents = try processEach(options, through: passes, context)
        for pass in bookPasses { try pass.run(&documents, context) }
        return documents
    }
}
