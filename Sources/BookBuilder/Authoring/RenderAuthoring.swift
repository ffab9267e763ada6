/// `(Hochreiter & Schmidhuber, 1997, p. 3; see Cho et al., 2014)`, each work a link to the
/// page's reference list. An unknown key (already reported) shows as written, marked.
func renderCitation(_ citation: AuthoringMarks.Citation, bibliography: Bibliography) -> String {
    let parts = citation.items.map { item -> String in
        var s = item.prefix.isEmpty ? "" : escapeHTML(item.prefix) + " "
        if let entry = bibliography[item.key] {
            s += "<a href=\"#ref-\(escapeHTML(item.key))\" title=\"\(escapeHTML(entry.title))\">\(escapeHTML(entry.shortLabel))</a>"
        } else {
            s += "<span class=\"unknown\" title=\"no entry '\(escapeHTML(item.key))' in the bibliography\">@\(escapeHTML(item.key))?</span>"
        }
        if !item.locator.isEmpty { s += ", " + escapeHTML(item.locator) }
        return s
    }
    return "<span class=\"citation\">(\(parts.joined(separator: "; ")))</span>"
}

/// One entry of a reference list: "Sepp Hochreiter and Jürgen Schmidhuber (1997). Long
/// short-term memory. *Neural Computation*."
public func renderBibEntry(_ entry: BibEntry) -> String {
    var s = "\(escapeHTML(entry.authorList)) (\(escapeHTML(entry.year))). "
    if entry.url.isEmpty {
        s += escapeHTML(entry.title)
    } else {
        s += "<a href=\"\(escapeHTML(entry.url))\">\(escapeHTML(entry.title))</a>"
    }
    s += "."
    if !entry.venue.isEmpty { s += " <em>\(escapeHTML(entry.venue))</em>." }
    return s
}
