/// A chapter's page in another language, from the chapter's English document after its run: the
/// translated Markdown is parsed again (the blocks are the same, at the same lines), and the
/// English run's records, results, figure labels and inline values are reused, so no block runs
/// twice. Captions and check claims are looked up in the catalog. Returns nil when the translated
/// source does not give the same blocks (then the English page is used).
func translatedDocument(_ english: ChapterDocument, usable: (String) -> String?, _ context: BookContext)
    -> ChapterDocument?
{
    let source = english.source
    let text = translateSource(source.text, file: source.path, translation: usable).text
    var document = Book.run(
        ChapterDocument(source: ChapterSource(path: source.path, slug: source.slug, text: text)),
        through: [ParseChapter(), Callouts(), ExtractCells()],
        context)
    guard document.blocks == english.blocks else { return nil }
    document.sink = english.sink
    document.program = english.program
    document.run = english.run
    document.cached = english.cached
    document.records = english.records
    document.results = english.results.map { translatedClaims($0, usable) }
    let marks = document.authoring.marks
    document.authoring = english.authoring
    document.authoring.marks = marks
    for (k, figure) in document.authoring.figureLabels {
        document.authoring.figureLabels[k]?.caption = usable(figure.caption) ?? figure.caption
    }
    let order = inlineValueOrder(
        english: english.authoring.marks.inlineValues.map(\.expression), translated: marks.inlineValues.map(\.expression))
    document.authoring.inlineValues = [:]
    for (n, e) in order.enumerated() { document.authoring.inlineValues[n] = e.flatMap { english.authoring.inlineValues[$0] } }
    document.authoring.inlineValuesNotComputed = Set(
        order.enumerated().compactMap { n, e in e.flatMap { english.authoring.inlineValuesNotComputed.contains($0) ? n : nil } })
    document.authoring.stoppedInInlineValue = english.authoring.stoppedInInlineValue.flatMap { stopped in order.firstIndex(of: stopped) }
    return Book.run(document, through: [RenderPage()], context)
}

/// The check claims of a block's results, translated where the catalog has them.
private func translatedClaims(_ result: BlockResult, _ usable: (String) -> String?) -> BlockResult {
    var result = result
    result.items = result.items.map { item in
        guard case .check(let line, let claim, let passed) = item, let t = usable(claim) else { return item }
        return .check(line: line, claim: t, passed: passed)
    }
    return result
}

/// For each inline value of the translated text, the index of the English one it is: the k-th
/// occurrence of an expression is the English k-th occurrence of it (a translation may move an
/// inline value within its sentence, never drop it: the catalog check sees to that).
func inlineValueOrder(english: [String], translated: [String]) -> [Int?] {
    var occurrences: [String: [Int]] = [:]
    for (n, e) in english.enumerated() { occurrences[e, default: []].append(n) }
    var used: [String: Int] = [:]
    return translated.map { e in
        let k = used[e, default: 0]
        used[e] = k + 1
        guard let list = occurrences[e], k < list.count else { return nil }
        return list[k]
    }
}
