/// Finds the chapter's ```swift blocks, their options and their ```output blocks. An unknown
/// option is an error (the chapter does not run); a near-miss fence is a warning.
struct ExtractCells: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let (blocks, errors) = extractBlocks(document.parsed, file: document.source.path)
        document.blocks = blocks
        document.results = Array(repeating: BlockResult(), count: blocks.count)
        document.sink.report(errors, .chapter)
    }
}
