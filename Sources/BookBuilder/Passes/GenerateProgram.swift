/// Makes the chapter's one program: its blocks in order, each inline value computed after the
/// block above it, under `#sourceLocation`s of the chapter's lines. No program when reading the
/// chapter found an error: it would not be the chapter the student wrote.
struct GenerateProgram: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let file = document.source.path
        let (programBlocks, errors) = document.authoring.programBlocks(document.blocks, file: file)
        document.sink.report(errors, .authoring)
        guard !document.sink.stopsTheRun else { return }
        document.program = generateProgram(blocks: programBlocks, file: file)
        document.timeout = timeBudget(of: document.source.text, defaultSeconds: context.options.defaultTimeout)
        document.optimize = wantsOptimizedBuild(document.source.text)
    }
}
