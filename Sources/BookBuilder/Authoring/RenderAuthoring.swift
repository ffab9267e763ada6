/// Puts the authoring features into a rendered page body: citations (and the page's reference
/// list at its end), inline computed values, equation anchors and callouts. Cross-reference
/// tokens are left for `resolveCrossReferences`, which knows the whole book's labels.
func renderAuthoring(_ html: String, authoring: AuthoringContext) -> (html: String, citedKeys: [String]) {
    var cited: [String] = []
    var body = AuthoringToken.substitute(html) { kind, payload in
        switch kind {
        case AuthoringToken.citation:
            guard let n = Int(payload), n < authoring.marks.citations.count else { return "" }
            let citation = authoring.marks.citations[n]
            for item in citation.items where authoring.bibliography[item.key] != nil && !cited.contains(item.key) {
                cited.append(item.key)
            }
            return renderCitation(citation, bibliography: authoring.bibliography)
        case AuthoringToken.inline:
            guard let n = Int(payload), n < authoring.marks.inlineValues.count else { return "" }
            let expression = authoring.marks.inlineValues[n].expression
            guard let value = authoring.inlineValues[n] else {
                if authoring.inlineValuesNotComputed.contains(n) {
                    return "<span class=\"computed missing\" title=\"not computed: it reads a name that a block below it sets\">?</span>"
                }
                return
                    "<span class=\"computed missing\" title=\"not computed: the chapter stopped before line \(authoring.marks.inlineValues[n].line)\">?</span>"
            }
            return "<span class=\"computed\" title=\"computed when the chapter ran: \(escapeHTML(expression))\">\(escapeHTML(value))</span>"
        case AuthoringToken.equation:
            return "<span class=\"eq-anchor\" id=\"\(escapeHTML(payload))\"></span>"
        case AuthoringToken.section:
            return ""
        default:
            return AuthoringToken.make(kind, payload)  // references: resolved later
        }
    }
    body = renderCallouts(body)
    let ordered = cited.compactMap { authoring.bibliography[$0] }.sorted {
        ($0.familyNames.first ?? "", $0.year) < ($1.familyNames.first ?? "", $1.year)
    }
    if !ordered.isEmpty {
        body += "<section class=\"references\" id=\"references\">\n<h2>References</h2>\n<ul class=\"bibliography\">\n"
        for entry in ordered { body += "<li id=\"ref-\(escapeHTML(entry.key))\">\(renderBibEntry(entry))</li>\n" }
        body += "</ul>\n</section>\n"
    }
    return (body, ordered.map(\.key))
}

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

/// The payloads of the tokens of one kind in `text`.
func tokenPayloads(_ kind: Unicode.Scalar, in text: String) -> [String] {
    var found: [String] = []
    _ = AuthoringToken.substitute(text) { k, payload in
        if k == kind { found.append(payload) }
        return ""
    }
    return found
}

/// `text` without its authoring tokens (for titles, anchors and the contents list).
func stripAuthoringTokens(_ text: String) -> String {
    AuthoringToken.substitute(text) { _, _ in "" }
}
