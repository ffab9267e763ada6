import Foundation

/// The authoring syntax a chapter's prose may use, found before Markdown parsing (after math is
/// shielded), each occurrence replaced by a token that cmark-gfm passes through untouched:
///
/// - citations `[@key]`, `[@key, p. 3]`, `[see @a; @b]` (Pandoc);
/// - cross-references `@fig-x`, `@eq-x`, `@sec-x`, `@tbl-x`, also inside brackets (Quarto);
/// - labels `$$ ... $$ {#eq-x}` and `## Title {#sec-x}` (Quarto);
/// - inline computed values `` `{swift} expr` `` (Quarto).
///
/// Fenced code, other code spans and HTML comments are left alone. Every newline is kept, so
/// lines keep their numbers.
public struct AuthoringMarks: Sendable, Equatable {
    /// One cited work inside a citation group: its key and an optional prefix and locator.
    public struct CiteItem: Sendable, Equatable {
        public var prefix: String
        public var key: String
        public var locator: String
    }
    /// `[@a, p. 3; @b]`, at a line.
    public struct Citation: Sendable, Equatable {
        public var items: [CiteItem]
        public var line: Int
    }
    /// `@fig-x`: a reference to a label, at a line.
    public struct Reference: Sendable, Equatable {
        public var label: String
        public var line: Int
    }
    /// `` `{swift} expr` `` at a line.
    public struct InlineValue: Sendable, Equatable {
        public var expression: String
        public var line: Int
    }
    /// A label defined in the prose: an equation's (with the index of its math span) or a section's.
    public struct Label: Sendable, Equatable {
        public var name: String
        public var line: Int
        /// The math span it numbers (equations only).
        public var math: Int?
    }

    public var citations: [Citation] = []
    public var references: [Reference] = []
    public var inlineValues: [InlineValue] = []
    public var equations: [Label] = []
    public var sections: [Label] = []
    /// Words written `@word` in the prose that are no cross-reference (`@hochreiter1997lstm`
    /// without brackets is not a citation: `CheckAuthoringFaults` says so).
    public var bareKeys: [Reference] = []
    public var diagnostics: [Diagnostic] = []

    public init() {}
}

/// The tokens left in the text: `\u{E005}` + kind + payload + `\u{E006}`.
enum AuthoringToken {
    static let open: Unicode.Scalar = "\u{E005}"
    static let close: Unicode.Scalar = "\u{E006}"
    /// Kinds: citation, reference, inline value, equation anchor, section label.
    static let citation: Unicode.Scalar = "c"
    static let reference: Unicode.Scalar = "r"
    static let inline: Unicode.Scalar = "v"
    static let equation: Unicode.Scalar = "e"
    static let section: Unicode.Scalar = "s"

    static func make(_ kind: Unicode.Scalar, _ payload: String) -> String { "\(open)\(kind)\(payload)\(close)" }

    /// Replaces every token in `text` by `replace(kind, payload)`, in one pass.
    static func substitute(_ text: String, _ replace: (Unicode.Scalar, String) -> String) -> String {
        guard text.unicodeScalars.contains(open) else { return text }
        var out = String.UnicodeScalarView()
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            if s[i] == open, i + 1 < s.count, let end = s[(i + 1)...].firstIndex(of: close) {
                let payload = String(String.UnicodeScalarView(s[(i + 2)..<end]))
                out.append(contentsOf: replace(s[i + 1], payload).unicodeScalars)
                i = end + 1
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }
}

/// The label kinds a cross-reference may name, with the word a reference shows.
public let crossReferenceKinds: [(prefix: String, word: String)] = [
    ("fig-", "Figure"), ("eq-", "Equation"), ("sec-", "Section"), ("tbl-", "Table"),
]

func isCrossReferenceLabel(_ name: some StringProtocol) -> Bool {
    crossReferenceKinds.contains { name.hasPrefix($0.prefix) && name.count > $0.prefix.count }
}

/// Stage 2b: scan the shielded text for the authoring syntax. Returns the text with tokens in
/// place of the syntax, and what was found, with lines. Problems (an empty citation key, a label
/// of an unknown kind, a label defined twice in the chapter) are diagnostics at their lines.
public func scanAuthoring(_ text: String, file: String) -> (text: String, marks: AuthoringMarks) {
    var scanner = ProseScanner(file: file)
    scanner.scanLines(scanner.anchorEquationLabels(Array(text.unicodeScalars)))
    return (String(scanner.out), scanner.marks)
}

/// The state of `scanAuthoring`: what it wrote, found and where it is.
struct ProseScanner {
    let file: String
    var marks = AuthoringMarks()
    var out = String.UnicodeScalarView()
    var line = 1
    var labelsSeen: [String: Int] = [:]

    init(file: String) { self.file = file }

    static func isLabelChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "_"
    }

    /// Records label `name` defined at `line`; false (and an error) when the chapter defines it already.
    mutating func define(_ name: String, at line: Int) -> Bool {
        if let first = labelsSeen[name] {
            marks.diagnostics.append(Diagnostic(file: file, line: line, "the label '\(name)' is already defined at line \(first)"))
            return false
        }
        labelsSeen[name] = line
        return true
    }

    /// Equation labels first: `$$ ... $$ {#eq-x}`, the math already a placeholder (its further
    /// lines fillers). The label goes, and an anchor token goes before the placeholder, so that
    /// a link lands on the equation. Labels anywhere else are reported by the prose scan.
    mutating func anchorEquationLabels(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var withAnchors: [Unicode.Scalar] = []
        withAnchors.reserveCapacity(s.count)
        var k = 0
        var lineAtK = 1
        while k < s.count {
            if s[k] == "<", k + 3 < s.count, s[k + 1] == "!", s[k + 2] == "-", s[k + 3] == "-", let end = commentEnd(s[(k + 4)...]) {
                // A comment, over any number of lines: nothing in it is a label.
                lineAtK += s[k..<end].filter { $0 == "\n" }.count
                withAnchors.append(contentsOf: s[k..<end])
                k = end
                continue
            }
            if s[k] == "\n" { lineAtK += 1 }
            if s[k] == "{", k + 4 < s.count, s[k + 1] == "#", s[k + 2] == "e", s[k + 3] == "q", s[k + 4] == "-",
                let close = s[k...].prefix(200).firstIndex(of: "}")
            {
                let name = String(String.UnicodeScalarView(s[(k + 2)..<close]))
                var back = withAnchors.count
                while back > 0, [" ", "\t", "\n", MathToken.filler].contains(withAnchors[back - 1]) { back -= 1 }
                if name.count > 3, name.unicodeScalars.allSatisfy(Self.isLabelChar), back > 0, withAnchors[back - 1] == MathToken.close,
                    let start = withAnchors[..<back].lastIndex(of: MathToken.open),
                    let index = Int(String(String.UnicodeScalarView(withAnchors[(start + 1)..<(back - 1)])))
                {
                    if define(name, at: lineAtK) { marks.equations.append(.init(name: name, line: lineAtK, math: index)) }
                    withAnchors.insert(contentsOf: AuthoringToken.make(AuthoringToken.equation, name).unicodeScalars, at: start)
                    // Drop the spaces between the math and the label.
                    while let last = withAnchors.last, last == " " || last == "\t" { withAnchors.removeLast() }
                    k = close + 1
                    continue
                }
            }
            withAnchors.append(s[k])
            k += 1
        }
        return withAnchors
    }

    /// Line by line: fenced code and HTML comments (over any number of lines) are copied as they
    /// are, a labelled heading gives a section label, a callout marker is checked, the rest is
    /// prose (`scanInline`).
    mutating func scanLines(_ s: [Unicode.Scalar]) {
        var i = 0
        var fence: (char: Unicode.Scalar, count: Int)? = nil
        var inComment = false
        var commentLine = 0
        /// The line from `j` to its end, as scalars.
        func restOfLine(_ j: Int) -> ArraySlice<Unicode.Scalar> {
            var k = j
            while k < s.count, s[k] != "\n" { k += 1 }
            return s[j..<k]
        }
        while i < s.count {
            if inComment {
                // Inside a comment opened on a line above: copied up to its `-->`, then prose.
                let rest = restOfLine(i)
                let close = commentEnd(rest)
                out.append(contentsOf: s[i..<(close ?? (i + rest.count))])
                i = close ?? i + rest.count
                inComment = close == nil
                if inComment { i = copyNewline(s, at: i) }
                if inComment || i >= s.count || s[i] == "\n" { continue }
            } else if i == 0 || s[i - 1] == "\n" {
                // Fences (also inside block quotes and list items, after `>` and spaces).
                var j = i
                while j < s.count, s[j] == " " || s[j] == ">" || s[j] == "\t" { j += 1 }
                var n = 0
                let c = j < s.count ? s[j] : " "
                if c == "`" || c == "~" { while j + n < s.count, s[j + n] == c { n += 1 } }
                if let open = fence {
                    if c == open.char && n >= open.count && restOfLine(j + n).allSatisfy({ $0 == " " || $0 == "\t" }) { fence = nil }
                } else if n >= 3 && !(c == "`" && restOfLine(j + n).contains("`")) {
                    fence = (c, n)
                }
                if fence != nil || n >= 3 {
                    // Copy the fence line (or a line inside fenced code) as it is.
                    out.append(contentsOf: restOfLine(i))
                    i += restOfLine(i).count
                    i = copyNewline(s, at: i)
                    continue
                }
                if s[i] == "#", scanLabelledHeading(String(String.UnicodeScalarView(restOfLine(i)))) {
                    i += restOfLine(i).count
                    continue
                }
                i = checkCalloutMarker(s, at: i)
            }
            // The rest of the line (up to the newline) is prose.
            let rest = restOfLine(i)
            let scanned = scanProseLine(String(String.UnicodeScalarView(rest)), line: line, marks: &marks, file: file)
            out.append(contentsOf: scanned.text.unicodeScalars)
            if scanned.commentOpen && !inComment { commentLine = line }
            inComment = scanned.commentOpen
            i = copyNewline(s, at: i + rest.count)
        }
        if inComment {
            marks.diagnostics.append(
                Diagnostic(
                    file: file, line: commentLine,
                    "this comment '<!--' is never closed, so the rest of the chapter is taken as part of it (write '-->' where it ends)"))
        }
    }

    /// The index just after the first `-->` in `line`, or nil.
    func commentEnd(_ line: ArraySlice<Unicode.Scalar>) -> Int? {
        var k = line.startIndex
        while k + 2 < line.endIndex {
            if line[k] == "-" && line[k + 1] == "-" && line[k + 2] == ">" { return k + 3 }
            k += 1
        }
        return nil
    }

    /// Copies the newline at `i`, if there is one (the text may end without), and counts it.
    mutating func copyNewline(_ s: [Unicode.Scalar], at i: Int) -> Int {
        guard i < s.count else { return i }
        out.append(s[i])
        line += 1
        return i + 1
    }

    /// A heading with a label: `## Title {#sec-x}`. Returns whether it wrote the line; a label of
    /// another kind is an error, and the line is then scanned as prose.
    mutating func scanLabelledHeading(_ rest: String) -> Bool {
        guard let open = rest.range(of: "{#", options: .backwards), rest.hasSuffix("}") || rest.hasSuffix("} ") else { return false }
        let name = rest[open.upperBound...].trimmingCharacters(in: ["}", " "])
        let before = rest[..<open.lowerBound].replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        if name.hasPrefix("sec-") && name.unicodeScalars.allSatisfy(Self.isLabelChar) {
            if define(name, at: line) { marks.sections.append(.init(name: name, line: line, math: nil)) }
            out.append(contentsOf: scanInline(String(before), line: line, marks: &marks, file: file).unicodeScalars)
            out.append(contentsOf: AuthoringToken.make(AuthoringToken.section, name).unicodeScalars)
            return true
        } else if !name.isEmpty && name.unicodeScalars.allSatisfy(Self.isLabelChar) {
            marks.diagnostics.append(Diagnostic(file: file, line: line, "a heading's label must start with 'sec-', found '{#\(name)}'"))
        }
        return false
    }
}

extension ProseScanner {
    /// A callout marker at the start of a block quote line, `> [!NOTE]`: in any case, as GitHub
    /// reads it (`[!note]` is written out as `[!NOTE]` for the renderer); an unknown kind
    /// (`[!WARN]`, `[!FOO]`) is a warning, and the quote is shown as a plain quote; so is a known
    /// marker outside a quote. Returns where the prose of the line goes on.
    mutating func checkCalloutMarker(_ s: [Unicode.Scalar], at start: Int) -> Int {
        var j = start
        while j < s.count, s[j] == " " || s[j] == "\t" || s[j] == ">" { j += 1 }
        guard j + 2 < s.count, s[j] == "[", s[j + 1] == "!" else { return start }
        var k = j + 2
        while k < s.count, s[k].properties.isAlphabetic { k += 1 }
        guard k < s.count, s[k] == "]", k > j + 2 else { return start }
        let kind = String(String.UnicodeScalarView(s[(j + 2)..<k]))
        let known = CalloutKind.allCases.map(\.rawValue)
        guard s[start..<j].contains(">") else {
            if known.contains(kind.uppercased()) {
                marks.diagnostics.append(
                    Diagnostic(
                        file: file, line: line, .warning,
                        "[!\(kind)] makes a callout only at the start of a block quote: write > [!\(kind.uppercased())] and > before each of its lines"
                    ))
            }
            return start
        }
        guard known.contains(kind.uppercased()) else {
            let hint =
                known.first { $0.hasPrefix(kind.uppercased()) || kind.uppercased().hasPrefix($0) }.map { "; did you mean [!\($0)]?" } ?? ""
            marks.diagnostics.append(
                Diagnostic(
                    file: file, line: line, .warning,
                    "unknown callout kind '[!\(kind)]', so the quote is shown as a plain quote (the kinds are \(known.map { "[!\($0)]" }.joined(separator: ", ")))\(hint)"
                ))
            return start
        }
        out.append(contentsOf: s[start..<j])
        out.append(contentsOf: "[!\(kind.uppercased())]".unicodeScalars)
        return k + 1
    }
}
