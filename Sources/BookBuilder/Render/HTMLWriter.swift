/// Writes a chapter's tree as HTML: the Markdown nodes exactly as cmark-gfm's HTML renderer
/// writes them (so pages keep their bytes), and the book's own nodes (cells, formulas, callouts,
/// citations, inline values, numbered headings) through `PageWriter`'s book cases
/// (RenderChapter.swift). A new kind of node is one case here.
struct PageWriter {
    /// How inlines are written: on the page, in the page's contents list (no citations, references
    /// or equation anchors; inline values with their value), or as an image's alt text (text only).
    enum Mode { case body, contents, plain }

    var out = ""
    /// What the page's own nodes need: cells, math, authoring, headings.
    var page: PageParts

    init(page: PageParts) { self.page = page }

    /// A line end, unless the page is empty or ends with one already (cmark's `cr`).
    mutating func cr() {
        if let last = out.utf8.last, last != UInt8(ascii: "\n") { out += "\n" }
    }

    mutating func write(_ blocks: [Block], tight: Bool = false) {
        for block in blocks { write(block, tight: tight) }
    }

    mutating func write(_ block: Block, tight: Bool) {
        switch block.kind {
        case .heading(let level, let inlines, let label): writeHeading(level: level, inlines, label: label, line: block.line)
        case .paragraph(let inlines):
            if !tight { cr(); out += "<p>" }
            write(inlines)
            if !tight { out += "</p>\n" }
        case .displayMath(let span, let lineBreaks):
            if !tight { cr(); out += "<p>" }
            writeMath(span, .body)
            out += String(repeating: "\n", count: lineBreaks)
            if !tight { out += "</p>\n" }
        case .cell(let index):
            cr()
            out += page.cell(index)
        case .expectedOutput: cr()
        case .code(let info, let literal): writeCode(info: info, literal: literal)
        case .callout(let kind, let children):
            cr()
            out +=
                "<div class=\"callout callout-\(kind.rawValue.lowercased())\" role=\"note\">\n<p class=\"callout-title\">\(escapeHTML(page.words.title(kind)))</p>\n"
            write(children)
            cr()
            out += "</div>\n"
        case .quote(let children):
            cr()
            out += "<blockquote>\n"
            write(children)
            cr()
            out += "</blockquote>\n"
        case .list(let style, let tight, let items): writeList(style, tight: tight, items)
        case .table(let table): writeTable(table)
        case .html(let parts):
            cr()
            write(parts)
            cr()
        case .thematicBreak:
            cr()
            out += "<hr />\n"
        }
    }

    mutating func writeCode(info: String, literal: String) {
        cr()
        if info.isEmpty {
            out += "<pre><code>"
        } else {
            let language = info.unicodeScalars.prefix { !" \t\n\u{0B}\u{0C}\r".unicodeScalars.contains($0) }
            out += "<pre><code class=\"language-\(escapeMarkdownText(String(language)))\">"
        }
        out += escapeMarkdownText(literal) + "</code></pre>\n"
    }

    mutating func writeList(_ style: ListStyle, tight: Bool, _ items: [ListItem]) {
        cr()
        switch style {
        case .bullets: out += "<ul>\n"
        case .numbered(let start): out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
        }
        for item in items {
            cr()
            out += "<li>"
            if let checked = item.task {
                out += checked ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" />" : "<input type=\"checkbox\" disabled=\"\" />"
            }
            write(item.blocks, tight: tight)
            out += "</li>\n"
        }
        out += style == .bullets ? "</ul>\n" : "</ol>\n"
    }

    mutating func writeTable(_ table: Table) {
        cr()
        out += "<table>"
        var bodyOpen = false
        for row in table.rows {
            cr()
            if row.header {
                out += "<thead>"
                cr()
            } else if !bodyOpen {
                out += "<tbody>"
                cr()
                bodyOpen = true
            }
            out += "<tr>"
            let tag = row.header ? "th" : "td"
            for (i, cell) in row.cells.enumerated() {
                cr()
                out += "<\(tag)"
                switch i < table.alignments.count ? table.alignments[i] : .none {
                case .left: out += " align=\"left\""
                case .center: out += " align=\"center\""
                case .right: out += " align=\"right\""
                case .none: break
                }
                out += ">"
                write(cell)
                out += "</\(tag)>"
            }
            cr()
            out += "</tr>"
            if row.header {
                cr()
                out += "</thead>"
            }
        }
        if bodyOpen {
            cr()
            out += "</tbody>"
        }
        cr()
        out += "</table>"
        cr()
    }

    mutating func write(_ inlines: [Inline], _ mode: Mode = .body) {
        for inline in inlines { write(inline, mode) }
    }

    mutating func write(_ inline: Inline, _ mode: Mode) {
        let plain = mode == .plain
        switch inline.kind {
        case .text(let s): out += escapeMarkdownText(s)
        case .code(let s): out += plain ? escapeMarkdownText(s) : "<code>\(escapeMarkdownText(s))</code>"
        case .html(let s): out += plain ? escapeMarkdownText(s) : s
        case .softBreak: out += plain ? " " : "\n"
        case .lineBreak: out += plain ? " " : "<br />\n"
        case .emphasis(let c): wrap("em", c, mode)
        case .strong(let c): wrap("strong", c, mode)
        case .strikethrough(let c): wrap("del", c, mode)
        case .link(let url, let title, let c):
            guard !plain else { return write(c, mode) }
            out += "<a href=\"\(escapeHref(url))\"" + (title.isEmpty ? "" : " title=\"\(escapeMarkdownText(title))\"") + ">"
            write(c, mode)
            out += "</a>"
        case .image(let url, let title, let c):
            guard !plain else { return write(c, mode) }
            out += "<img src=\"\(escapeHref(url))\" alt=\""
            write(c, .plain)
            out += "\"" + (title.isEmpty ? "" : " title=\"\(escapeMarkdownText(title))\"") + " />"
        case .math(let span): writeMath(span, mode)
        case .citation(let citation): if mode != .contents { out += page.citation(citation) }
        case .reference(let index, _): if mode != .contents { out += AuthoringToken.make(AuthoringToken.reference, String(index)) }
        case .inlineValue(let index, let expression): out += page.inlineValue(index, expression)  // in the contents too
        }
    }

    mutating func wrap(_ tag: String, _ children: [Inline], _ mode: Mode) {
        if mode != .plain { out += "<\(tag)>" }
        write(children, mode)
        if mode != .plain { out += "</\(tag)>" }
    }
}

/// Escapes a link's address as cmark-gfm does: letters, digits and `-_.+!*(),%#@?=;:/$~` stay,
/// `&` and `'` become entities, every other byte `%XX`.
func escapeHref(_ url: String) -> String {
    let safe = Set("-_.+!*(),%#@?=;:/$~".utf8)
    var out = ""
    for byte in url.utf8 {
        if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || safe.contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else if byte == UInt8(ascii: "&") {
            out += "&amp;"
        } else if byte == UInt8(ascii: "'") {
            out += "&#x27;"
        } else {
            out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }
    return out
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
