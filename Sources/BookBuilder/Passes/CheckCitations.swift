/// Checks each citation's keys against the bibliography: an unknown key is an error at its line
/// (the page shows it as written, marked).
struct CheckCitations: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let bibliography = document.authoring.bibliography
        for citation in document.authoring.marks.citations {
            for item in citation.items where bibliography[item.key] == nil {
                document.sink.report(
                    Diagnostic(
                        file: document.source.path, line: citation.line,
                        "unknown citation key '\(item.key)' (not in \(bibliography.path))"
                            + (nearestName(to: item.key, among: bibliography.entries.map(\.key)).map { "; did you mean '\($0)'?" } ?? "")),
                    .authoring)
            }
        }
    }
}
