/// `Site/bibliography.html`: every entry of `Chapters/references.bib`, sorted by first author
/// and year, each with links to the chapters that cite it.
public func renderBibliographyPage(_ bibliography: Bibliography, chapters: [RenderedChapter]) -> String {
    let words = chapters.first?.words ?? .english
    var html = "<h1 id=\"bibliography\">\(words.html(.bibliography))</h1>\n<ul class=\"bibliography\">\n"
    let sorted = bibliography.entries.sorted {
        ($0.familyNames.first ?? "", $0.year, $0.key) < ($1.familyNames.first ?? "", $1.year, $1.key)
    }
    for entry in sorted {
        html += "<li id=\"ref-\(escapeHTML(entry.key))\">\(renderBibEntry(entry))"
        let citing = chapters.filter { $0.citedKeys.contains(entry.key) }
        if !citing.isEmpty {
            let links = citing.map { "<a href=\"\($0.slug).html#ref-\(escapeHTML(entry.key))\">\(escapeHTML($0.title))</a>" }
            html += " <span class=\"cited-in\">\(words.html(.citedIn, ["chapters": links.joined(separator: ", ")]))</span>"
        }
        html += "</li>\n"
    }
    return html + "</ul>\n"
}
