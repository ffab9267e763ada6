/// The authoring mistakes that the prose scan alone cannot see, each an error or warning at its
/// line (the chapter still runs): an inline value above the block that sets a name it reads
/// (the value is then not computed: it would be that of an unset variable), an equation label
/// on inline math, a citation key written without brackets, and a `<!-- book: ... -->`
/// directive the builder would not read.
struct CheckAuthoringFaults: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let file = document.source.path
        let misplaced = document.authoring.inlineValuesReadingLater(document.blocks, file: file)
        document.authoring.inlineValuesNotComputed = Set(misplaced.map(\.index))
        document.sink.report(misplaced.map(\.error), .authoring)
        document.sink.report(document.authoring.unlabelInlineMath(document.math, file: file), .authoring)
        document.sink.report(document.authoring.bareCitationKeys(file: file), .authoring)
        document.sink.report(checkDirectives(document.source.text, fences: document.parsed.fences, file: file), .authoring)
    }
}
