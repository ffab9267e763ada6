import Foundation

/// A piece of math taken out of a chapter before Markdown parsing.
public struct MathSpan: Equatable, Sendable {
    /// The TeX exactly as written between the dollars.
    public var tex: String
    /// `$$...$$` (true) or `$...$` (false).
    public var display: Bool
    /// Line of the opening dollar.
    public var line: Int
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
        math.append(MathSpan(tex: String(tex), display: span.display, line: lineOf[span.start]))
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
    // The lines, as ranges without their newline.
    var lines: [Range<Int>] = []
    var start = 0
    for (i, c) in s.enumerated() where c == "\n" {
        lines.append(start..<i)
        start = i + 1
    }
    lines.append(start..<s.count)

    func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(s[r])) }
    func isBlank(_ r: Range<Int>) -> Bool { s[r].allSatisfy { $0 == " " || $0 == "\t" } }
    func isDelimiterRow(_ r: Range<Int>) -> Bool {
        let t = text(r).trimmingCharacters(in: .whitespaces)
        return t.contains("-") && t.contains("|") && t.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " }
    }
    func dollarPairs(_ r: Range<Int>) -> Int {
        var count = 0, j = r.lowerBound
        while j + 1 < r.upperBound {
            if s[j] == "\\" { j += 2; continue }
            if s[j] == "$" && s[j + 1] == "$" { count += 1; j += 2; continue }
            j += 1
        }
        return count
    }
    func hasPipe(_ r: Range<Int>) -> Bool { s[r].contains("|") }
    func isHeading(_ r: Range<Int>) -> Bool {
        let t = text(r).drop { $0 == " " }
        let hashes = t.prefix { $0 == "#" }.count
        return (1...6).contains(hashes) && (t.count == hashes || t.dropFirst(hashes).first == " ")
    }
    func isListItem(_ r: Range<Int>) -> Bool {
        let t = text(r).drop { $0 == " " || $0 == ">" }
        if let f = t.first, "-*+".contains(f), t.dropFirst().first == " " { return true }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && digits.count <= 9 && ".)".contains(t.dropFirst(digits.count).first ?? "x")
            && (t.dropFirst(digits.count + 1).first ?? " ") == " "
    }
    func isQuote(_ r: Range<Int>) -> Bool { text(r).drop { $0 == " " }.first == ">" }

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
        if hasPipe(line), k + 1 < lines.count, isDelimiterRow(lines[k + 1]) {
            close()
            var row = k
            while row < lines.count, !isBlank(lines[row]), row == k || row == k + 1 || hasPipe(lines[row]) {
                segments.append((lines[row], true))
                row += 1
            }
            k = row
            continue
        }
        // A `$$` that opens display math on this line and closes it on a later one: one block, whatever
        // its lines look like (`+ b` or `- c` inside is TeX, not a list).
        if text(line).drop(while: { $0 == " " || $0 == ">" }).hasPrefix("$$"), dollarPairs(line) % 2 == 1 {
            var m = k + 1
            while m < lines.count, !isBlank(lines[m]), dollarPairs(lines[m]) == 0 { m += 1 }
            if m < lines.count, !isBlank(lines[m]) {
                current = (current?.lowerBound ?? line.lowerBound)..<lines[m].upperBound
                k = m + 1
                continue
            }
        }
        let quote = isQuote(line)
        if isHeading(line) {
            close()
            segments.append((line, false))
        } else {
            if isListItem(line) || quote != previousWasQuote { close() }
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
        let c = s[i]
        if c == "\\" {
            i += 2
            continue
        }
        if c == "`" {
            var n = 0
            while i + n < segment.upperBound, s[i + n] == "`" { n += 1 }
            if let end = closingBackticks(s, from: i + n, count: n), end < segment.upperBound { i = end + n } else { i += n }
            continue
        }
        if c == "<", i + 3 < segment.upperBound, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
            var j = i + 4
            while j + 2 < segment.upperBound, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
            i = min(j + 3, segment.upperBound)
            continue
        }
        guard c == "$" else {
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
        let startsWithSpace = i + 1 < segment.upperBound && isSpace(s[i + 1])
        var j = i + 1
        var close: Int? = nil
        while j < segment.upperBound {
            if s[j] == "\\" { j += 2; continue }
            if s[j] == "`" || isCellEdge(j) { break }  // math does not run into a code span or the next cell
            if s[j] == "$" {
                if j + 1 < segment.upperBound, s[j + 1] == "$" { break }  // `$$` opens display math
                let endsWithSpace = isSpace(s[j - 1])
                let hasContent = s[(i + 1)..<j].contains { !isSpace($0) }
                // `$ x $` is math, `$ 5 and $ 6` is two prices: a spaced span is not followed by a number.
                var after = j + 1
                while after < segment.upperBound, s[after] == " " { after += 1 }
                let numberAfter = startsWithSpace && isDigit(after)
                if hasContent && !isDigit(j + 1) && !numberAfter && (startsWithSpace || !endsWithSpace) {
                    close = j
                    break
                }
            }
            j += 1
        }
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
