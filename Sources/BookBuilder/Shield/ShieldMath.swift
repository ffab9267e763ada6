import Foundation

/// A piece of math taken out of a chapter before Markdown parsing.
public struct MathSpan: Equatable, Sendable {
    /// The TeX exactly as written between the dollars.
    public var tex: String
    /// `$$...$$` (true) or `$...$` (false).
    public var display: Bool
    /// Line of the opening dollar.
    public var line: Int
    /// Its position among the chapter's math (the KaTeX check and the equation numbers go by it).
    public var index = 0
    /// The label of a numbered equation, `$$ ... $$ {#eq-x}` (set by the parse).
    public var label: String? = nil
}

/// A chapter's text with its math replaced by placeholders that Markdown leaves alone, and the
/// warnings about dollars that open math and never close it.
public struct ShieldedText: Equatable, Sendable {
    public var text: String
    public var math: [MathSpan]
    public var warnings: [Diagnostic] = []

    public init(text: String, math: [MathSpan], warnings: [Diagnostic] = []) {
        self.text = text
        self.math = math
        self.warnings = warnings
    }
}

/// Placeholder characters from Unicode's private-use area, which no chapter text contains and
/// which cmark-gfm passes through untouched.
enum MathToken {
    /// Opens a placeholder: `\u{E000}` + index + `\u{E001}`.
    static let open: Unicode.Scalar = "\u{E000}"
    static let close: Unicode.Scalar = "\u{E001}"
    /// Stands on each further line of a multi-line math span, so that line numbers stay the same
    /// and the paragraph is not broken by a blank line. Removed after rendering.
    static let filler: Unicode.Scalar = "\u{E002}"

    static func placeholder(_ index: Int) -> String { "\(open)\(index)\(close)" }
}

/// Stage 2: shield math. Finds `$...$` and `$$...$$` outside code and replaces each with a
/// placeholder, so that cmark-gfm cannot turn `_` or `*` into emphasis or eat a backslash. Every
/// newline is kept, so every line of the shielded text has the number it had in the chapter.
///
/// The rules are those of the editors students write their notes in (markdown-it's dollarmath
/// with `allow_space` and `double_inline`, as MyST uses it; Pandoc's `tex_math_dollars`; GitHub,
/// Obsidian, Typora), in their most permissive reading that never changes ordinary text:
///
/// - `$$...$$` is display math, on lines of its own or inside a line, over several lines too;
/// - `$...$` is inline math, with or without spaces inside (`$ x_1, x_2 $`); but a closing `$`
///   is never followed by a digit, and a span that starts with a non-space cannot end with a
///   space, so prices (`costs $5 and $10`) stay text;
/// - `\$` is a dollar sign; code spans, fenced code and HTML comments are never math;
/// - math never pairs across a block boundary: a blank line, a heading, a list item, a table cell,
///   the edge of a block quote;
/// - a dollar that opens math and is never closed is a warning at its line, and stays text: every
///   other formula of the page is still found.
public func shieldMath(_ text: String, file: String) -> ShieldedText {
    let s = Array(text.unicodeScalars)
    var lineOf: [Int] = []  // line number of each scalar
    lineOf.reserveCapacity(s.count)
    var n = 1
    for c in s {
        lineOf.append(n)
        if c == "\n" { n += 1 }
    }
    var spans: [(start: Int, end: Int, open: Int, display: Bool)] = []
    var warnings: [Diagnostic] = []
    for (segment, tableRow) in mathSegments(s) {
        findMath(s, in: segment, tableRow: tableRow, spans: &spans) { at, display in
            warnings.append(
                Diagnostic(
                    file: file, line: lineOf[at], .warning,
                    "unbalanced math: this \(display ? "$$" : "$") is never closed in its paragraph, list item, table cell or heading; it is shown as text (write \\$ for a dollar sign)"
                ))
        }
    }
    var out = String.UnicodeScalarView()
    var math: [MathSpan] = []
    var i = 0
    for span in spans {
        out.append(contentsOf: s[i..<span.start])
        var tex = String.UnicodeScalarView()
        tex.append(contentsOf: s[(span.start + span.open)..<(span.end - span.open)])
        math.append(MathSpan(tex: String(tex), display: span.display, line: lineOf[span.start], index: math.count))
        out.append(contentsOf: MathToken.placeholder(math.count - 1).unicodeScalars)
        for scalar in tex where scalar == "\n" {
            out.append("\n")
            out.append(MathToken.filler)
        }
        i = span.end
    }
    out.append(contentsOf: s[i...])
    return ShieldedText(text: String(out), math: math, warnings: warnings)
}

/// The ranges of the text that math may live in: the text of each block (paragraph, list item,
/// heading, table row, block quote), fenced code left out. Math found in one never pairs with a
/// dollar in another. Table rows are flagged: math in them never crosses a cell's edge.
func mathSegments(_ s: [Unicode.Scalar]) -> [(range: Range<Int>, tableRow: Bool)] {
    let text = MarkdownLines(s)
    let lines = text.lines
    func isBlank(_ r: Range<Int>) -> Bool { text.isBlank(r) }

    var segments: [(range: Range<Int>, tableRow: Bool)] = []
    var current: Range<Int>? = nil
    func close() {
        if let c = current { segments.append((c, false)) }
        current = nil
    }
    var k = 0
    var previousWasQuote = false
    while k < lines.count {
        let line = lines[k]
        // Fenced code: skipped to its closing fence.
        if let fence = fenceOpening(s, at: line.lowerBound) {
            close()
            k += 1
            while k < lines.count, !isFenceClosing(s, at: lines[k].lowerBound, char: fence.char, count: fence.count) { k += 1 }
            k += 1
            continue
        }
        if isBlank(line) {
            close()
            k += 1
            continue
        }
        // A table: a row of cells above a delimiter row, and the rows below it; each row alone.
        if text.hasPipe(line), k + 1 < lines.count, text.isDelimiterRow(lines[k + 1]) {
            close()
            let end = text.tableEnd(from: k)
            segments += lines[k..<end].map { (range: $0, tableRow: true) }
            k = end
            continue
        }
        // A `$$` that opens display math on this line and closes it on a later one: one block, whatever
        // its lines look like (`+ b` or `- c` inside is TeX, not a list).
        if let m = text.displayMathEnd(from: k) {
            current = (current?.lowerBound ?? line.lowerBound)..<lines[m].upperBound
            k = m + 1
            continue
        }
        let quote = text.isQuote(line)
        if text.isHeading(line) {
            close()
            segments.append((line, false))
        } else {
            if text.isListItem(line) || quote != previousWasQuote { close() }
            current = (current?.lowerBound ?? line.lowerBound)..<line.upperBound
        }
        previousWasQuote = quote
        k += 1
    }
    close()
    return segments
}

/// Finds the math spans of one segment, in order, skipping escapes, code spans and HTML comments.
/// `unbalanced` is told of each dollar that opens math and never closes.
///
/// In a table row, a `|` with space on both sides (or at the row's edge) ends a cell, and math does
/// not cross it; a `|` inside math written tight (`$|h_t|$`) is the formula's own.
func findMath(
    _ s: [Unicode.Scalar], in segment: Range<Int>, tableRow: Bool = false,
    spans: inout [(start: Int, end: Int, open: Int, display: Bool)], unbalanced: (Int, Bool) -> Void
) {
    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" }
    func isCellEdge(_ j: Int) -> Bool {
        guard tableRow, s[j] == "|", j == segment.lowerBound || s[j - 1] != "\\" else { return false }
        let before = j == segment.lowerBound || isSpace(s[j - 1])
        let after = j + 1 >= segment.upperBound || isSpace(s[j + 1])
        return before && after
    }
    func isDigit(_ j: Int) -> Bool { j < segment.upperBound && s[j].isASCII && s[j].properties.numericType != nil }
    var i = segment.lowerBound
    while i < segment.upperBound {
        if let next = skipNonMath(s, in: segment, at: i) {
            i = next
            continue
        }
        guard s[i] == "$" else {
            i += 1
            continue
        }
        let display = i + 1 < segment.upperBound && s[i + 1] == "$"
        if display {
            // `$$...$$`: up to the next unescaped `$$`.
            var j = i + 2
            var close: Int? = nil
            while j + 1 < segment.upperBound {
                if s[j] == "\\" { j += 2; continue }
                if isCellEdge(j) { break }
                if s[j] == "$" && s[j + 1] == "$" { close = j; break }
                j += 1
            }
            if let close, s[(i + 2)..<close].contains(where: { !isSpace($0) }) {
                spans.append((i, close + 2, 2, true))
                i = close + 2
            } else {
                unbalanced(i, true)
                i += 2
            }
            continue
        }
        // `$...$`: the first closing dollar that makes sense.
        let close = closingDollar(s, in: segment, openedAt: i, isCellEdge: isCellEdge)
        if let close {
            spans.append((i, close + 1, 1, false))
            i = close + 1
        } else {
            // A price (`$5`) or a lone dollar (`5 $`, `$ `) is text; anything else looked like math.
            let next = i + 1 < segment.upperBound ? s[i + 1] : " "
            if !isSpace(next) && !isDigit(i + 1) && !"$.,;:!?)".unicodeScalars.contains(next) { unbalanced(i, false) }
            i += 1
        }
    }
}

/// Where an escape (`\\$`), a code span or an HTML comment at `i` ends (math is never inside
/// them); nil when none starts at `i`.
func skipNonMath(_ s: [Unicode.Scalar], in segment: Range<Int>, at i: Int) -> Int? {
    let c = s[i]
    if c == "\\" { return i + 2 }
    if c == "`" {
        var n = 0
        while i + n < segment.upperBound, s[i + n] == "`" { n += 1 }
        if let end = closingBackticks(s, from: i + n, count: n), end < segment.upperBound { return end + n }
        return i + n
    }
    if c == "<", i + 3 < segment.upperBound, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
        var j = i + 4
        while j + 2 < segment.upperBound, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
        return min(j + 3, segment.upperBound)
    }
    return nil
}

/// The closing `$` of inline math opened at `i`, if one makes sense: `$ x $` is math, `$ 5 and $ 6`
/// two prices (a spaced span is not followed by a number), `$5` text; math does not run into a
/// code span, a `$$` or the next table cell.
func closingDollar(_ s: [Unicode.Scalar], in segment: Range<Int>, openedAt i: Int, isCellEdge: (Int) -> Bool) -> Int? {
    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" }
    func isDigit(_ j: Int) -> Bool { j < segment.upperBound && s[j].isASCII && s[j].properties.numericType != nil }
    let startsWithSpace = i + 1 < segment.upperBound && isSpace(s[i + 1])
    var j = i + 1
    while j < segment.upperBound {
        if s[j] == "\\" { j += 2; continue }
        if s[j] == "`" || isCellEdge(j) { return nil }  // math does not run into a code span or the next cell
        if s[j] == "$" {
            if j + 1 < segment.upperBound, s[j + 1] == "$" { return nil }  // `$$` opens display math
            let endsWithSpace = isSpace(s[j - 1])
            let hasContent = s[(i + 1)..<j].contains { !isSpace($0) }
            // `$ x $` is math, `$ 5 and $ 6` is two prices: a spaced span is not followed by a number.
            var after = j + 1
            while after < segment.upperBound, s[after] == " " { after += 1 }
            let numberAfter = startsWithSpace && isDigit(after)
            if hasContent && !isDigit(j + 1) && !numberAfter && (startsWithSpace || !endsWithSpace) { return j }
        }
        j += 1
    }
    return nil
}

/// A code fence at `i` (after up to three spaces): its character and length.
func fenceOpening(_ s: [Unicode.Scalar], at i: Int) -> (char: Unicode.Scalar, count: Int)? {
    var j = i
    while j < s.count, s[j] == " " { j += 1 }
    guard j < s.count, s[j] == "`" || s[j] == "~" else { return nil }
    let ch = s[j]
    var n = 0
    while j + n < s.count, s[j + n] == ch { n += 1 }
    return n >= 3 ? (ch, n) : nil
}

func isFenceClosing(_ s: [Unicode.Scalar], at i: Int, char: Unicode.Scalar, count: Int) -> Bool {
    var j = i
    while j < s.count, s[j] == " " { j += 1 }
    var n = 0
    while j + n < s.count, s[j + n] == char { n += 1 }
    guard n >= count else { return false }
    var k = j + n
    while k < s.count, s[k] == " " || s[k] == "\t" { k += 1 }
    return k >= s.count || s[k] == "\n"
}

/// The start of the next run of exactly `count` backticks, if the paragraph has one.
func closingBackticks(_ s: [Unicode.Scalar], from i: Int, count: Int) -> Int? {
    var j = i
    while j < s.count {
        if s[j] == "\n" {
            var k = j + 1
            while k < s.count, s[k] == " " || s[k] == "\t" { k += 1 }
            if k >= s.count || s[k] == "\n" { return nil }
        }
        if s[j] == "`" {
            var n = 0
            while j + n < s.count, s[j + n] == "`" { n += 1 }
            if n == count { return j }
            j += n
            continue
        }
        j += 1
    }
    return nil
}
