/// Gives each block what it printed, its checks and figures, from the run's notebook records
/// (decoded once, here), and turns how the program ended into diagnostics at the statement that
/// failed. The records also carry the figure labels and inline values for the authoring features.
struct SplitOutput: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        guard let run = document.run?.run else { return }
        let file = document.source.path
        document.records = NotebookRecord.decode(run.records)
        let split = splitOutput(run, records: document.records, blocks: document.blocks, file: file, timeout: document.timeout)
        document.results = split.results
        document.authoring.read(document.records)
        document.sink.report(document.authoring.relocated(split.diagnostics, file: file), .run)
        document.sink.report(document.authoring.figureDiagnostics(file: file), .authoring)
        document.sink.report(document.authoring.valuelessInlineValues(file: file), .authoring)
    }
}
