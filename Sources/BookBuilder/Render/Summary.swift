/// The summary of a chapter on the index: the first paragraph after its title, as HTML (math
/// stays math, rendered by KaTeX on the index too), cut after the first sentences that make about
/// 160 characters of text; never the title itself. Nil when the chapter has no paragraph.
func chapterSummary(_ body: String) -> String? {
    guard let h1 = body.range(of: "</h1>"), let open = body.range(of: "<p>", range: h1.upperBound..<body.endIndex),
        let close = body.range(of: "</p>", range: open.upperBound..<body.endIndex)
    else { return nil }
    let paragraph = body[open.upperBound..<close.lowerBound]
    var out = ""
    var depth = 0  // open elements
    var textLength = 0
    var i = paragraph.startIndex
    while i < paragraph.endIndex {
        let c = paragraph[i]
        if c == "<" {
            let end = paragraph[i...].firstIndex(of: ">") ?? paragraph.index(before: paragraph.endIndex)
            let tag = paragraph[i...end]
            if tag.hasPrefix("</") { depth -= 1 } else if !tag.hasSuffix("/>") && !tag.hasPrefix("<br") { depth += 1 }
            out += tag
            i = paragraph.index(after: end)
            continue
        }
        out.append(c)
        if depth == 0 { textLength += 1 }
        i = paragraph.index(after: i)
        // A sentence ends outside any element: stop once there is enough.
        if depth == 0, c == ".", textLength >= 160, i == paragraph.endIndex || paragraph[i] == " " || paragraph[i] == "\n" {
            return out
        }
    }
    return out
}

/// The link under each chapter page to its program, as a file to download and run, and the
/// command that makes a package of it (`make`, since `book` is not on the PATH).
func downloadLink(_ chapter: RenderedChapter) -> String {
    guard !chapter.exportSource.isEmpty else { return "" }
    let number = chapter.slug.prefix { $0.isNumber }
    let link = "<a href=\"export/\(chapter.slug)/main.swift\" download>main.swift</a>"
    let command = "<code>make export CHAPTER=\(number.isEmpty ? chapter.slug : String(number)) DIR=…</code>"
    return "\n<p class=\"download\">\(chapter.words.html(.download, ["link": link, "command": command]))</p>\n"
}
