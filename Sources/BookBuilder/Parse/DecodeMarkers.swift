/// Turns the private-use markers that math shielding (`MathToken`) and the authoring scan
/// (`AuthoringToken`) left in cmark's text into nodes of the tree: a formula, a citation, a
/// reference, an inline value; an equation's label goes on its formula, a section's label on its
/// heading, and the filler that kept a formula's lines is dropped. Parse ends here: no marker
/// leaves this file. A marker whose index is out of range (text shielded without its math) is
/// dropped.
struct MarkerDecoder {
    let math: [MathSpan]
    let marks: AuthoringMarks
    /// The label of the display formula that follows (`$$ ... $$ {#eq-x}`).
    private var equationLabel: String?
    /// The `{#sec-x}` of the heading being read.
    private var sectionLabel: String?

    init(math: [MathSpan], marks: AuthoringMarks) {
        self.math = math
        self.marks = marks
    }

    mutating func takeSectionLabel() -> String? {
        defer { sectionLabel = nil }
        return sectionLabel
    }

    mutating func dropSectionLabel() { sectionLabel = nil }

    /// The inlines of one text (or raw HTML, `html`) literal from cmark; `line` counts the line
    /// ends inside it.
    mutating func decode(_ literal: String, line: inout Int, html: Bool) -> [Inline] {
        let plain: (String) -> InlineKind = html ? { .html($0) } : { .text($0) }
        guard literal.unicodeScalars.contains(where: { $0.value >= 0xE000 && $0.value <= 0xE006 }) else {
            let at = line
            if html { line += literal.utf8.count { $0 == UInt8(ascii: "\n") } }
            return literal.isEmpty ? [] : [Inline(line: at, plain(literal))]
        }
        let s = Array(literal.unicodeScalars)
        var out: [Inline] = []
        var run = String.UnicodeScalarView()
        var runLine = line
        func flush() {
            if !run.isEmpty { out.append(Inline(line: runLine, plain(String(run)))) }
            run = String.UnicodeScalarView()
        }
        var i = 0
        while i < s.count {
            if let (node, next) = marker(s, at: i, line: line) {
                flush()
                if let node { out.append(node) }
                i = next
                runLine = line
                continue
            }
            if s[i] == "\n" { line += 1 }
            if s[i] != MathToken.filler { run.append(s[i]) }
            i += 1
        }
        flush()
        return out
    }

    /// The marker at `i`: its node (nil for a label or a filler) and where the text goes on.
    private mutating func marker(_ s: [Unicode.Scalar], at i: Int, line: Int) -> (Inline?, Int)? {
        if s[i] == MathToken.open, let close = s[i...].firstIndex(of: MathToken.close) {
            let index = Int(String(String.UnicodeScalarView(s[(i + 1)..<close]))) ?? -1
            defer { equationLabel = nil }
            guard index >= 0 && index < math.count else { return (nil, close + 1) }
            var span = math[index]
            span.label = equationLabel
            return (Inline(line: span.line, .math(span)), close + 1)
        }
        guard s[i] == AuthoringToken.open, i + 1 < s.count, let close = s[(i + 1)...].firstIndex(of: AuthoringToken.close) else {
            return nil
        }
        let payload = String(String.UnicodeScalarView(s[(i + 2)..<close]))
        let n = Int(payload) ?? -1
        switch s[i + 1] {
        case AuthoringToken.citation where marks.citations.indices.contains(n):
            return (Inline(line: marks.citations[n].line, .citation(marks.citations[n])), close + 1)
        case AuthoringToken.reference where marks.references.indices.contains(n):
            return (Inline(line: marks.references[n].line, .reference(index: n, marks.references[n])), close + 1)
        case AuthoringToken.inline where marks.inlineValues.indices.contains(n):
            let value = marks.inlineValues[n]
            return (Inline(line: value.line, .inlineValue(index: n, expression: value.expression)), close + 1)
        case AuthoringToken.equation:
            equationLabel = payload
        case AuthoringToken.section:
            sectionLabel = payload
        default:
            break
        }
        return (nil, close + 1)
    }
}
