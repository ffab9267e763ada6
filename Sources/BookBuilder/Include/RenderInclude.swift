/// The cell of an include block: the library's lines, highlighted, with a caption naming the file
/// and the lines, linked to the file (relative to the site, so it opens from a clone).
func renderInclude(_ included: IncludedCode?) -> String {
    guard let included else { return "" }  // the error is shown in place
    let lines = included.firstLine == included.lastLine ? "line \(included.firstLine)" : "lines \(included.firstLine)–\(included.lastLine)"
    return "<figure class=\"include\">\n<pre class=\"code\"><code class=\"language-swift\">\(escapeHTML(included.code))</code></pre>\n"
        + "<figcaption><a href=\"../\(escapeHTML(included.path))\">\(escapeHTML(included.path))</a>, \(lines) "
        + "<span class=\"include-anchor\">(ANCHOR: \(escapeHTML(included.anchor)))</span></figcaption>\n</figure>\n"
}
