#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

// The book's authoring records, beside the markers of Notebook.swift (same marker byte 0x1E):
//
//   \u{1E}figure-label L LABEL CAPTION   the next figure is labelled (tab-separated; L its line)
//   \u{1E}inline-start N                 inline value N of the chapter's prose is being computed
//   \u{1E}inline N VALUE                 its value (tab-separated)
//
// Text in a record has its tabs and newlines turned into spaces.

/// Puts `figure` on the page with a number and a caption under it ("Figure 4.2: caption"). Prose
/// refers to it with `@fig-NAME`, also from other chapters.
///
///     show(lossChart, label: "fig-loss", caption: "Training loss of the three cells")
///
/// - Parameters:
///   - label: starts with `fig-`; unique in the book.
///   - caption: one sentence shown under the figure (plain text).
public func show(_ figure: some Figure, label: String, caption: String, line: UInt = #line) {
    writeStdout("\(notebookMarker)figure-label\t\(line)\t\(recordText(label))\t\(recordText(caption))\n")
    show(figure)
}

/// Called by the generated program before it computes inline value `index`, so that a trap in the
/// expression is reported at its line of prose.
public func _bookInlineStart(_ index: Int) {
    writeStdout("\(notebookMarker)inline-start\t\(index)\n")
}

/// Called by the generated program where the prose holds `` `{swift} expression` ``: writes the
/// value as the page will show it (a `String` as it is, anything else by its description).
public func _bookInline<T>(_ index: Int, _ value: T) {
    writeStdout("\(notebookMarker)inline\t\(index)\t\(recordText(String(describing: value)))\n")
}

private func recordText(_ s: String) -> String {
    String(s.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
}
