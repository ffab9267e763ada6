// The authoring records of the notebook protocol (see NotebookProtocol/NotebookRecord.swift): a numbered figure's
// label and caption, and the inline values of the chapter's prose.

/// Puts `figure` on the page with a number and a caption under it ("Figure 4.2: caption"). Prose
/// refers to it with `@fig-NAME`, also from other chapters.
///
///     show(lossChart, label: "fig-loss", caption: "Training loss of the three cells")
///
/// - Parameters:
///   - label: starts with `fig-`; unique in the book.
///   - caption: one sentence shown under the figure (plain text). A chart's own title is left
///     out of the image, so that the page does not say it twice (`svgUnderCaption`).
public func show(_ figure: some Figure, label: String, caption: String, line: UInt = #line) {
    NotebookChannel.write(.figureLabel(line: Int(line), label: label, caption: caption))
    NotebookChannel.write(.figure(svg: figure.svgUnderCaption))
}

/// Called by the generated program before it computes inline value `index`, so that a trap in the
/// expression is reported at its line of prose.
public func _bookInlineStart(_ index: Int) {
    NotebookChannel.write(.inlineStart(index))
}

/// Called by the generated program where the prose holds `` `{swift} expression` ``: records the
/// value as the page will show it (a `String` as it is, anything else by its description).
public func _bookInline<T>(_ index: Int, _ value: T) {
    NotebookChannel.write(.inlineValue(index, value: String(describing: value)))
}
