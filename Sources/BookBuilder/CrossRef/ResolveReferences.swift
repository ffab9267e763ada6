/// Stage 9c: resolve cross-references across the book. Every chapter's labels (figures,
/// equations, sections) go in one table; each `@fig-x` token of every page becomes a link with
/// the number ("Figure 4.2"), to its own page or another. An unknown label is an error at the
/// reference's line, a label defined in two chapters an error at the second definition. When only
/// some chapters were built (`partial`), a label that is not among them is a warning, not an error;
/// when a chapter has an error, an unknown figure label is not reported (it may be that chapter's).
public func resolveCrossReferences(_ outcomes: [ChapterDocument], partial: Bool = false) -> [ChapterDocument] {
    var table: [String: LabelTarget] = [:]
    var outcomes = outcomes
    for i in outcomes.indices {
        var labels = outcomes[i].rendered.labels
        for k in labels.indices { labels[k].file = outcomes[i].source.path }
        outcomes[i].rendered.labels = labels
        for label in labels {
            if let first = table[label.name] {
                if first.file != label.file {  // the same chapter reported its duplicates already
                    outcomes[i].sink.report(
                        Diagnostic(
                            file: label.file, line: label.line,
                            "the label '\(label.name)' is already defined at \(first.file):\(first.line)"), .book)
                }
            } else {
                table[label.name] = label
            }
        }
    }
    // A chapter with an error may not have shown its figures: a reference to a figure label no
    // chapter defined is then not reported (the error in that chapter is), so that an error in
    // one chapter never makes errors in another.
    let figuresMayBeMissing = outcomes.contains { $0.failed }
    for i in outcomes.indices {
        let page = "\(outcomes[i].rendered.slug).html"
        let references = outcomes[i].rendered.references
        var problems: [Diagnostic] = []
        func resolve(_ kind: Unicode.Scalar, _ payload: String, html: Bool) -> String {
            guard kind == AuthoringToken.reference, let n = Int(payload), n < references.count else { return "" }
            let reference = references[n]
            guard let target = table[reference.label] else {
                if html && !(figuresMayBeMissing && reference.label.hasPrefix("fig-")) {
                    problems.append(
                        Diagnostic(
                            file: outcomes[i].source.path, line: reference.line, partial ? .warning : .error,
                            "unknown label '\(reference.label)'\(partial ? " (not in the chapters built)" : "")"
                                + (nearestName(to: reference.label, among: Array(table.keys)).map { "; did you mean '\($0)'?" } ?? "")))
                    return "<span class=\"xref unknown\" title=\"unknown label\">@\(escapeHTML(reference.label))??</span>"
                }
                return "@" + reference.label
            }
            let text = outcomes[i].rendered.words.reference(label: target.name, number: target.number) ?? target.text
            guard html else { return text }
            let href = target.page == page ? "#\(target.name)" : "\(target.page)#\(target.name)"
            return "<a class=\"xref\" href=\"\(escapeHTML(href))\">\(escapeHTML(text))</a>"
        }
        outcomes[i].rendered.body = AuthoringToken.substitute(outcomes[i].rendered.body) { resolve($0, $1, html: true) }
        for k in outcomes[i].rendered.sections.indices {
            outcomes[i].rendered.sections[k].text = AuthoringToken.substitute(outcomes[i].rendered.sections[k].text) {
                resolve($0, $1, html: false)
            }
        }
        outcomes[i].sink.report(problems, .book)
    }
    return outcomes
}
