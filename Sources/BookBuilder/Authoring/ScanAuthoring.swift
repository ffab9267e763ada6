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
    var s = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var marks = AuthoringMarks()
    var line = 1
    var i = 0
    var fence: (char: Unicode.Scalar, count: Int)? = nil
    var labelsSeen: [String: Int] = [:]

    func isLabelChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "_"
    }
    func isKeyChar(_ c: Unicode.Scalar) -> Bool { isLabelChar(c) || c == ":" || c == "." || c == "/" }
    func define(_ name: String, at line: Int) -> Bool {
        if let first = labelsSeen[name] {
            marks.diagnostics.append(Diagnostic(file: file, line: line, "the label '\(name)' is already defined at line \(first)"))
            return false
        }
        labelsSeen[name] = line
        return true
    }
    // Equation labels first: `$$ ... $$ {#eq-x}`, the math already a placeholder (its further
    // lines fillers). The label goes, and an anchor token goes before the placeholder, so that
    // a link lands on the equation. Labels anywhere else are reported by the prose scan.
    var withAnchors: [Unicode.Scalar] = []
    withAnchors.reserveCapacity(s.count)
    var k = 0
    var lineAtK = 1
    while k < s.count {
        if s[k] == "\n" { lineAtK += 1 }
        if s[k] == "{", k + 4 < s.count, s[k + 1] == "#", s[k + 2] == "e", s[k + 3] == "q", s[k + 4] == "-",
            let close = s[k...].prefix(200).firstIndex(of: "}")
        {
            let name = String(String.UnicodeScalarView(s[(k + 2)..<close]))
            var back = withAnchors.count
            while back > 0, [" ", "\t", "\n", MathToken.filler].contains(withAnchors[back - 1]) { back -= 1 }
            if name.count > 3, name.unicodeScalars.allSatisfy(isLabelChar), back > 0, withAnchors[back - 1] == MathToken.close,
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
    s = withAnchors

    /// The line from `j` to its end, as scalars.
    func restOfLine(_ j: Int) -> ArraySlice<Unicode.Scalar> {
        var k = j
        while k < s.count, s[k] != "\n" { k += 1 }
        return s[j..<k]
    }

    while i < s.count {
        let atLineStart = i == 0 || s[i - 1] == "\n"
        if atLineStart {
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
                let rest = restOfLine(i)
                out.append(contentsOf: rest)
                i += rest.count
                if i < s.count {  // its newline (a blank line inside fenced code is empty)
                    out.append(s[i])
                    line += 1
                    i += 1
                }
                continue
            }
            // A heading with a label: `## Title {#sec-x}`.
            if s[i] == "#" {
                let rest = String(String.UnicodeScalarView(restOfLine(i)))
                if let open = rest.range(of: "{#", options: .backwards), rest.hasSuffix("}") || rest.hasSuffix("} ") {
                    let name = rest[open.upperBound...].trimmingCharacters(in: ["}", " "])
                    let before = rest[..<open.lowerBound].replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                    if name.hasPrefix("sec-") && name.unicodeScalars.allSatisfy(isLabelChar) {
                        if define(name, at: line) { marks.sections.append(.init(name: name, line: line, math: nil)) }
                        out.append(
                            contentsOf: scanInline(String(before), line: line, marks: &marks, file: file, define: define).unicodeScalars)
                        out.append(contentsOf: AuthoringToken.make(AuthoringToken.section, name).unicodeScalars)
                        i += rest.unicodeScalars.count
                        continue
                    } else if !name.isEmpty && name.unicodeScalars.allSatisfy(isLabelChar) {
                        marks.diagnostics.append(
                            Diagnostic(file: file, line: line, "a heading's label must start with 'sec-', found '{#\(name)}'"))
                    }
                }
            }
        }
        // The rest of the line (up to the newline) is prose.
        let rest = restOfLine(i)
        let prose = String(String.UnicodeScalarView(rest))
        out.append(contentsOf: scanInline(prose, line: line, marks: &marks, file: file, define: define).unicodeScalars)
        i += rest.count
        if i < s.count {  // the newline
            out.append(s[i])
            line += 1
            i += 1
        }
    }
    return (String(out), marks)
}

/// Scans one line of prose (no newline in it).
private func scanInline(
    _ prose: String, line: Int, marks: inout AuthoringMarks, file: String, define: (String, Int) -> Bool
) -> String {
    let s = Array(prose.unicodeScalars)
    guard s.contains(where: { $0 == "@" || $0 == "`" || $0 == "{" || $0 == "<" }) else { return prose }
    var out = String.UnicodeScalarView()
    var i = 0
    func isLabelChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "_"
    }
    func isWordChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil }
    /// A label or key from `j`, without a final `.`, `-` or `_` (the end of a sentence).
    func label(from j: Int, extra: (Unicode.Scalar) -> Bool = { _ in false }) -> (String, Int) {
        var k = j
        while k < s.count, isLabelChar(s[k]) || extra(s[k]) { k += 1 }
        while k > j, s[k - 1] == "." || s[k - 1] == "-" || s[k - 1] == "_" || s[k - 1] == ":" { k -= 1 }
        return (String(String.UnicodeScalarView(s[j..<k])), k)
    }
    while i < s.count {
        let c = s[i]
        if c == "\\", i + 1 < s.count {
            out.append(c)
            out.append(s[i + 1])
            i += 2
            continue
        }
        // HTML comments on one line are copied.
        if c == "<", i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
            var j = i + 4
            while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
            let end = min(j + 3, s.count)
            out.append(contentsOf: s[i..<end])
            i = end
            continue
        }
        // Code spans; `{swift} expr` is an inline computed value.
        if c == "`" {
            var n = 0
            while i + n < s.count, s[i + n] == "`" { n += 1 }
            var j = i + n
            var close: Int? = nil
            while j < s.count {
                if s[j] == "`" {
                    var m = 0
                    while j + m < s.count, s[j + m] == "`" { m += 1 }
                    if m == n { close = j; break }
                    j += m
                } else {
                    j += 1
                }
            }
            guard let close else {
                out.append(contentsOf: s[i..<(i + n)])
                i += n
                continue
            }
            let inside = String(String.UnicodeScalarView(s[(i + n)..<close])).trimmingCharacters(in: .whitespaces)
            if inside.hasPrefix("{swift}") {
                let expression = inside.dropFirst(7).trimmingCharacters(in: .whitespaces)
                if expression.isEmpty {
                    marks.diagnostics.append(Diagnostic(file: file, line: line, "an inline value `{swift} ...` needs an expression"))
                } else {
                    out.append(
                        contentsOf: AuthoringToken.make(AuthoringToken.inline, String(marks.inlineValues.count)).unicodeScalars)
                    marks.inlineValues.append(.init(expression: expression, line: line))
                }
            } else {
                out.append(contentsOf: s[i..<(close + n)])
            }
            i = close + n
            continue
        }
        // An equation label that does not follow display math (those that do are gone already).
        if c == "{", i + 1 < s.count, s[i + 1] == "#" {
            let (name, k) = label(from: i + 2)
            if k < s.count, s[k] == "}", name.hasPrefix("eq-") {
                marks.diagnostics.append(
                    Diagnostic(file: file, line: line, "the label {#\(name)} must directly follow display math $$ ... $$"))
                i = k + 1
                continue
            }
        }
        // Link text `[...](...)` and `[...][...]` is copied as it is (a link inside a link would break).
        if c == "[", let close = s[i...].firstIndex(of: "]"), close + 1 < s.count, s[close + 1] == "(" || s[close + 1] == "[" {
            out.append(contentsOf: s[i...close])
            i = close + 1
            continue
        }
        // A bracketed citation or reference group: `[@a; see @b, p. 3]` (not a link `[..](..)`).
        if c == "[", let close = s[i...].firstIndex(of: "]"), s[(i + 1)..<close].contains("@"),
            close + 1 >= s.count || (s[close + 1] != "(" && s[close + 1] != "[")
        {
            let inside = String(String.UnicodeScalarView(s[(i + 1)..<close]))
            var items: [AuthoringMarks.CiteItem] = []
            var valid = true
            for part in inside.split(separator: ";", omittingEmptySubsequences: false) {
                guard let at = part.firstIndex(of: "@") else { valid = false; break }
                let prefix = part[..<at].trimmingCharacters(in: .whitespaces)
                let after = part[part.index(after: at)...]
                let key = String(after.prefix { $0.isLetter || $0.isNumber || "-_:./".contains($0) })
                var locator = after.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if locator.hasPrefix(",") { locator = locator.dropFirst().trimmingCharacters(in: .whitespaces) }
                guard !key.isEmpty else { valid = false; break }
                items.append(.init(prefix: prefix, key: key, locator: locator))
            }
            if valid && !items.isEmpty {
                if items.allSatisfy({ isCrossReferenceLabel($0.key) }) {
                    for (n, item) in items.enumerated() {
                        if n > 0 { out.append(contentsOf: (n == items.count - 1 ? " and " : ", ").unicodeScalars) }
                        out.append(
                            contentsOf: AuthoringToken.make(AuthoringToken.reference, String(marks.references.count)).unicodeScalars)
                        marks.references.append(.init(label: item.key, line: line))
                    }
                } else {
                    out.append(
                        contentsOf: AuthoringToken.make(AuthoringToken.citation, String(marks.citations.count)).unicodeScalars)
                    marks.citations.append(.init(items: items, line: line))
                }
                i = close + 1
                continue
            }
        }
        // A bare cross-reference `@fig-x` (not an address like a@b, not a Swift attribute).
        if c == "@", i == 0 || !isWordChar(s[i - 1]) {
            let (name, k) = label(from: i + 1)
            if isCrossReferenceLabel(name) {
                out.append(contentsOf: AuthoringToken.make(AuthoringToken.reference, String(marks.references.count)).unicodeScalars)
                marks.references.append(.init(label: name, line: line))
                i = k
                continue
            }
        }
        out.append(c)
        i += 1
    }
    return String(out)
}
