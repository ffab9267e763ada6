/// The callout kinds of GitHub's syntax, `> [!NOTE]`, and the title each box shows.
public let calloutKinds: [(marker: String, title: String)] = [
    ("NOTE", "Note"), ("TIP", "Tip"), ("IMPORTANT", "Important"), ("WARNING", "Warning"), ("CAUTION", "Caution"),
]

/// Turns block quotes whose first line is `[!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION) into
/// styled boxes: `<div class="callout callout-note">` with a title. Other block quotes stay.
///
///     > [!TIP]
///     > Clip the gradient before each step.
func renderCallouts(_ html: String) -> String {
    guard html.contains("<blockquote>\n<p>[!") else { return html }
    var out = html
    var searchFrom = out.startIndex
    while let open = out.range(of: "<blockquote>\n<p>[!", range: searchFrom..<out.endIndex) {
        let after = out[open.upperBound...]
        guard let kind = calloutKinds.first(where: { after.hasPrefix($0.marker + "]") }) else {
            searchFrom = open.upperBound
            continue
        }
        var markerEnd = out.index(open.upperBound, offsetBy: kind.marker.count + 1)
        // `[!NOTE]` alone in its paragraph, or followed by the first line of text.
        var paragraphOpen = "<p>"
        if out[markerEnd...].hasPrefix("</p>\n") {
            markerEnd = out.index(markerEnd, offsetBy: 5)
            paragraphOpen = ""
        } else if out[markerEnd...].hasPrefix("\n") {
            markerEnd = out.index(after: markerEnd)
        }
        // The matching </blockquote>, counting nested quotes.
        var depth = 1
        var cursor = markerEnd
        var close: Range<String.Index>? = nil
        while depth > 0 {
            let nextOpen = out.range(of: "<blockquote>", range: cursor..<out.endIndex)
            guard let nextClose = out.range(of: "</blockquote>", range: cursor..<out.endIndex) else { break }
            if let nextOpen, nextOpen.lowerBound < nextClose.lowerBound {
                depth += 1
                cursor = nextOpen.upperBound
            } else {
                depth -= 1
                cursor = nextClose.upperBound
                if depth == 0 { close = nextClose }
            }
        }
        guard let close else { break }
        let css = kind.marker.lowercased()
        let inner = String(out[markerEnd..<close.lowerBound])
        let box =
            "<div class=\"callout callout-\(css)\" role=\"note\">\n<p class=\"callout-title\">\(kind.title)</p>\n\(paragraphOpen)\(inner)</div>"
        let start = out.distance(from: out.startIndex, to: open.lowerBound)
        out.replaceSubrange(open.lowerBound..<close.upperBound, with: box)
        searchFrom = out.index(out.startIndex, offsetBy: start + 1)
    }
    return out
}
