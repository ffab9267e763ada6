/// What the build can render on a written page: the formulas and the Swift code the renderer left
/// for KaTeX and highlight.js. The renderer writes a formula as `<span class="math inline">TEX</span>`
/// (or `math display`) and a code block as `<code class="language-swift">CODE</code>`, both with
/// their text escaped and nothing else inside, so each piece ends at the first closing tag.
struct PagePieces {
    enum Piece: Equatable {
        /// HTML kept as it is.
        case html(Substring)
        /// A formula's TeX (unescaped) and whether it is display math.
        case math(String, display: Bool)
        /// A Swift code block's text (unescaped).
        case code(String)
    }

    static let inlineOpen = "<span class=\"math inline\">"
    static let displayOpen = "<span class=\"math display\">"
    static let codeOpen = "<code class=\"language-swift\">"

    var pieces: [Piece] = []

    /// The page cut into kept HTML, formulas and code.
    init(_ page: String) {
        var rest = page[...]
        while let (open, kind) = PagePieces.nextOpening(in: rest) {
            let close = kind == .code ? "</code>" : "</span>"
            guard let end = rest[open.upperBound...].range(of: close) else { break }
            let text = unescapeHTML(rest[open.upperBound..<end.lowerBound])
            pieces.append(.html(rest[..<open.upperBound]))
            switch kind {
            case .code: pieces.append(.code(text))
            case .inline: pieces.append(.math(text, display: false))
            case .display: pieces.append(.math(text, display: true))
            }
            rest = rest[end.lowerBound...]
        }
        pieces.append(.html(rest))
    }

    private enum Kind { case inline, display, code }

    private static let openings: [(String, Kind)] = [(inlineOpen, .inline), (displayOpen, .display), (codeOpen, .code)]

    /// The first opening tag in `text`: one pass over its bytes, looking closer only at a `<`
    /// (a page is cut in time linear in its length, the whole book's print page too).
    private static func nextOpening(in text: Substring) -> (Range<Substring.Index>, Kind)? {
        let bytes = text.utf8
        var i = bytes.startIndex
        while let lt = bytes[i...].firstIndex(of: UInt8(ascii: "<")) {
            for (open, kind) in openings where bytes[lt...].starts(with: open.utf8) {
                return (lt..<bytes.index(lt, offsetBy: open.utf8.count), kind)
            }
            i = bytes.index(after: lt)
        }
        return nil
    }

    /// The page again, each formula and code block replaced by what `math` and `code` give for it
    /// (kept as it was when they give nothing). Highlighted code gets the class `hljs`, as
    /// highlight.js gives it in the browser, so the page's script leaves it alone.
    func joined(math: (String, Bool) -> String?, code: (String) -> String?) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .html(let h):
                out += h
            case .math(let tex, let display):
                out += math(tex, display) ?? escapeHTML(tex)
            case .code(let text):
                if let highlighted = code(text) {
                    // The opening tag was already written: give it the class highlight.js adds.
                    out.removeLast(PagePieces.codeOpen.count)
                    out += "<code class=\"language-swift hljs\">" + highlighted
                } else {
                    out += escapeHTML(text)
                }
            }
        }
        return out
    }
}

/// The text of escaped HTML (the five entities `escapeHTML` writes), for text that holds no tags.
func unescapeHTML(_ html: some StringProtocol) -> String {
    guard html.contains("&") else { return String(html) }
    return String(html).replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
        .replacingAll("&#39;", with: "'").replacingAll("&amp;", with: "&")
}
