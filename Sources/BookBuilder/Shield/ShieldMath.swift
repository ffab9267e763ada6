/// A piece of math taken out of a chapter before Markdown parsing.
public struct MathSpan: Equatable, Sendable {
    /// The TeX exactly as written between the dollars.
    public var tex: String
    /// `$$...$$` (true) or `$...$` (false).
    public var display: Bool
    /// Line of the opening dollar.
    public var line: Int
}

/// A chapter's text with its math replaced by placeholders that Markdown leaves alone.
public struct ShieldedText: Equatable, Sendable {
    public var text: String
    public var math: [MathSpan]
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

/// Stage 2: shield math. Finds `$...$` and `$$...$$` outside code (fenced blocks, code spans and
/// HTML comments are skipped) and replaces each with a placeholder, so that cmark-gfm cannot
/// turn `_` or `*` into emphasis or eat a backslash. Every newline is kept, so every line of the
/// shielded text has the number it had in the chapter.
///
/// Rules (Pandoc's): `\$` is a literal dollar; an opening `$` must be followed by a non-space,
/// a closing `$` preceded by a non-space and not followed by a digit; math does not cross a
/// blank line. A `$` or `$$` that is never closed is an error at its line.
public func shieldMath(_ text: String, file: String) throws(Diagnostic) -> ShieldedText {
    let s = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var math: [MathSpan] = []
    var i = 0
    var line = 1
    var atLineStart = true

    func isBlankLine(from j: Int) -> Bool {
        var k = j
        while k < s.count, s[k] == " " || s[k] == "\t" { k += 1 }
        return k >= s.count || s[k] == "\n"
    }

    while i < s.count {
        let c = s[i]
        // Fenced code: copy verbatim up to the closing fence.
        if atLineStart, let fence = fenceOpening(s, at: i) {
            var j = i
            var lineStart = true
            var firstLine = true
            while j < s.count {
                if lineStart && !firstLine, isFenceClosing(s, at: j, char: fence.char, count: fence.count) {
                    while j < s.count, s[j] != "\n" { out.append(s[j]); j += 1 }
                    break
                }
                lineStart = s[j] == "\n"
                if lineStart { line += 1; firstLine = false }
                out.append(s[j])
                j += 1
            }
            i = j
            atLineStart = false
            continue
        }
        atLineStart = c == "\n"
        if c == "\n" {
            line += 1
            out.append(c)
            i += 1
            continue
        }
        // Backslash escapes: `\$` stays literal (cmark turns it into `$`), `\\` too.
        if c == "\\", i + 1 < s.count {
            out.append(c)
            out.append(s[i + 1])
            if s[i + 1] == "\n" { line += 1; atLineStart = true }
            i += 2
            continue
        }
        // Code spans: a run of n backticks up to the next run of exactly n.
        if c == "`" {
            var n = 0
            while i + n < s.count, s[i + n] == "`" { n += 1 }
            if let end = closingBackticks(s, from: i + n, count: n) {
                for k in i..<(end + n) {
                    if s[k] == "\n" { line += 1 }
                    out.append(s[k])
                }
                i = end + n
            } else {
                for k in i..<(i + n) { out.append(s[k]) }
                i += n
            }
            continue
        }
        // HTML comments are copied as they are.
        if c == "<", i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
            var j = i + 4
            while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
            let end = Swift.min(j + 3, s.count)
            for k in i..<end {
                if s[k] == "\n" { line += 1 }
                out.append(s[k])
            }
            i = end
            continue
        }
        guard c == "$" else {
            out.append(c)
            i += 1
            continue
        }
        let display = i + 1 < s.count && s[i + 1] == "$"
        let open = display ? 2 : 1
        let startLine = line
        // Find the closing delimiter, not crossing a blank line.
        var j = i + open
        var close: Int? = nil
        if !display, j < s.count, s[j] == " " || s[j] == "\t" || s[j] == "\n" {
            // "$ " is a lone dollar sign, not math.
            out.append(c)
            i += 1
            continue
        }
        while j < s.count {
            if s[j] == "\n" && isBlankLine(from: j + 1) { break }
            if s[j] == "\\" { j += 2; continue }
            if display {
                if s[j] == "$", j + 1 < s.count, s[j + 1] == "$" { close = j; break }
            } else if s[j] == "$" {
                let prev = s[j - 1]
                let next: Unicode.Scalar? = j + 1 < s.count ? s[j + 1] : nil
                let nextIsDigit = next.map { $0.properties.numericType != nil && $0.isASCII } ?? false
                if prev != " " && prev != "\t" && prev != "\n" && !nextIsDigit { close = j; break }
            }
            j += 1
        }
        guard let end = close else {
            throw Diagnostic(
                file: file, line: startLine,
                "unbalanced math: this \(display ? "$$" : "$") is never closed (write \\$ for a dollar sign)")
        }
        var tex = String.UnicodeScalarView()
        tex.append(contentsOf: s[(i + open)..<end])
        let texString = String(tex)
        math.append(MathSpan(tex: texString, display: display, line: startLine))
        out.append(contentsOf: MathToken.placeholder(math.count - 1).unicodeScalars)
        for scalar in tex where scalar == "\n" {
            out.append("\n")
            out.append(MathToken.filler)
            line += 1
        }
        i = end + open
    }
    return ShieldedText(text: String(out), math: math)
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
