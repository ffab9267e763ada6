// The one place that writes SVG markup. Charts describe what to draw in the figure's own
// pixel coordinates; the canvas turns it into text with every coordinate printed to two
// decimals and every piece of text XML-escaped, so the same chart gives the same bytes on
// every machine and no label can inject markup into the page.

/// An SVG document under construction. Internal: charts are the public face.
struct SVGCanvas {
    let width: Double
    let height: Double
    /// The part above this y is left out of the document (its drawings keep their coordinates).
    let top: Double
    private var body: [String] = []

    init(width: Double, height: Double, top: Double = 0) {
        self.width = width
        self.height = height
        self.top = top
    }

    /// The finished document. `title` becomes the accessible name (`<title>`), which screen
    /// readers announce and browsers show on hover.
    ///
    /// The root carries `width`/`height` (the natural size) and a `viewBox` (so the page can
    /// scale it down to a phone's width), and draws text and axes in `currentColor`, so a chart
    /// follows the page's light or dark theme.
    func document(title: String) -> String {
        let w = coordinate(width), h = coordinate(height - top)
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(w)\" height=\"\(h)\" "
                + "viewBox=\"0 \(top == 0 ? "0" : coordinate(top)) \(w) \(h)\" style=\"max-width:100%;height:auto\" role=\"img\" "
                + "font-family=\"sans-serif\" font-size=\"12\" fill=\"currentColor\">"
        ]
        if !title.isEmpty { lines.append("<title>\(xmlEscaped(plainLabel(title)))</title>") }
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    /// Adds raw markup (already escaped). Used for `<g>` wrappers.
    mutating func raw(_ markup: String) { body.append(markup) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: String = "") {
        body.append(
            "<line x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\" x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\"\(spaced(attributes))/>"
        )
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ attributes: String = "") {
        body.append(
            "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" width=\"\(coordinate(w))\" height=\"\(coordinate(h))\"\(spaced(attributes))/>"
        )
    }

    mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, _ attributes: String = "") {
        body.append("<circle cx=\"\(coordinate(cx))\" cy=\"\(coordinate(cy))\" r=\"\(coordinate(r))\"\(spaced(attributes))/>")
    }

    mutating func path(_ d: String, _ attributes: String = "") {
        body.append("<path d=\"\(d)\"\(spaced(attributes))/>")
    }

    /// Text at `(x, y)` (the baseline), escaped, its `_` and `^` drawn as sub- and superscripts
    /// (see LabelText.swift). `anchor` is `start`, `middle` or `end`.
    mutating func text(_ content: String, _ x: Double, _ y: Double, anchor: String = "start", _ attributes: String = "") {
        let anchorAttribute = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        body.append(
            "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\"\(anchorAttribute)\(spaced(attributes))>"
                + "\(labelMarkup(content, fontSize: fontSize(in: attributes)))</text>")
    }

    /// Text turned a quarter anticlockwise, centred on `(x, y)`: the y-axis label.
    mutating func verticalText(_ content: String, _ x: Double, _ y: Double, _ attributes: String = "") {
        body.append(
            "<text transform=\"translate(\(coordinate(x)),\(coordinate(y))) rotate(-90)\" text-anchor=\"middle\"\(spaced(attributes))>"
                + "\(labelMarkup(content, fontSize: fontSize(in: attributes)))</text>")
    }
}

/// A pixel coordinate as text: two decimals, enough for any screen, and identical everywhere.
func coordinate(_ v: Double) -> String { fixed(v, 2) }

/// `text` safe inside an XML element or a quoted attribute: `& < > " '` become entities.
func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default:
            // Control characters other than tab and newline are not allowed in XML 1.0.
            if ch.value < 0x20 && ch != "\t" && ch != "\n" { out += " " } else { out.unicodeScalars.append(ch) }
        }
    }
    return out
}

private func spaced(_ attributes: String) -> String { attributes.isEmpty ? "" : " " + attributes }

/// The `font-size` an element's attributes give, or the document's 12.
private func fontSize(in attributes: String) -> Double {
    let key = "font-size=\""
    for part in attributes.split(separator: " ") where part.hasPrefix(key) {
        return Double(part.dropFirst(key.count).prefix { $0 != "\"" }) ?? 12
    }
    return 12
}
