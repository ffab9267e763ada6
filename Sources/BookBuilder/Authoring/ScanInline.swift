/// Scans one line of prose (no newline in it) for inline values, citations, references and
/// misplaced equation labels; returns the line with tokens in their place.
func scanInline(_ prose: String, line: Int, marks: inout AuthoringMarks, file: String) -> String {
    scanProseLine(prose, line: line, marks: &marks, file: file).text
}

/// `scanInline`, and whether the line leaves an HTML comment open (`<!--` without `-->`): the
/// lines after it, up to the `-->`, are then not scanned at all.
func scanProseLine(_ prose: String, line: Int, marks: inout AuthoringMarks, file: String) -> (text: String, commentOpen: Bool) {
    let s = Array(prose.unicodeScalars)
    guard s.contains(where: { $0 == "@" || $0 == "`" || $0 == "{" || $0 == "<" }) else { return (prose, false) }
    var scanner = InlineScanner(s: s, line: line, file: file, marks: marks)
    scanner.scan()
    marks = scanner.marks
    return (String(scanner.out), scanner.commentOpen)
}

/// The state of `scanInline`: the line, how far it has read, what it wrote and found. Each
/// `scan…` method reads one construct at `i` and returns true, or returns false and reads nothing.
struct InlineScanner {
    let s: [Unicode.Scalar]
    let line: Int
    let file: String
    var marks: AuthoringMarks
    var out = String.UnicodeScalarView()
    var i = 0
    /// The line ended inside an HTML comment.
    var commentOpen = false

    init(s: [Unicode.Scalar], line: Int, file: String, marks: AuthoringMarks) {
        self.s = s
        self.line = line
        self.file = file
        self.marks = marks
    }

    mutating func scan() {
        while i < s.count {
            if scanEscape() || scanComment() || scanCodeSpan() || scanMisplacedEquationLabel() || scanLinkText()
                || scanBracketedGroup() || scanUnclosedCitation() || scanBareReference()
            {
                continue
            }
            out.append(s[i])
            i += 1
        }
    }

    func isLabelChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "_"
    }

    func isWordChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil }

    /// A label written with a colon from `j`, as pandoc-crossref writes them (`eq:cell`), with
    /// where it ends and its dashed form (`eq-cell`); nil for anything else.
    func colonLabel(from j: Int) -> (written: String, dashed: String, end: Int)? {
        for kind in crossReferenceKinds {
            let prefix = Array(kind.prefix.dropLast().unicodeScalars) + [":"]
            guard j + prefix.count < s.count, Array(s[j..<(j + prefix.count)]) == prefix else { continue }
            let (rest, end) = label(from: j + prefix.count)
            guard !rest.isEmpty, end == j + prefix.count + rest.unicodeScalars.count else { return nil }
            return (String(kind.prefix.dropLast()) + ":" + rest, kind.prefix + rest, end)
        }
        return nil
    }

    /// A label or key from `j`, without a final `.`, `-` or `_` (the end of a sentence).
    func label(from j: Int) -> (String, Int) {
        var k = j
        while k < s.count, isLabelChar(s[k]) { k += 1 }
        while k > j, s[k - 1] == "." || s[k - 1] == "-" || s[k - 1] == "_" || s[k - 1] == ":" { k -= 1 }
        return (String(String.UnicodeScalarView(s[j..<k])), k)
    }

    mutating func token(_ kind: Unicode.Scalar, _ payload: Int) {
        out.append(contentsOf: AuthoringToken.make(kind, String(payload)).unicodeScalars)
    }

    /// `\x` is copied as it is.
    mutating func scanEscape() -> Bool {
        guard s[i] == "\\", i + 1 < s.count else { return false }
        out.append(s[i])
        out.append(s[i + 1])
        i += 2
        return true
    }

    /// HTML comments are copied as they are; one that does not close on its line leaves
    /// `commentOpen` set.
    mutating func scanComment() -> Bool {
        guard s[i] == "<", i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" else { return false }
        var j = i + 4
        while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
        commentOpen = j + 2 >= s.count
        let end = min(j + 3, s.count)
        out.append(contentsOf: s[i..<end])
        i = end
        return true
    }

    /// Code spans; `{swift} expr` is an inline computed value.
    mutating func scanCodeSpan() -> Bool {
        guard s[i] == "`" else { return false }
        var n = 0
        while i + n < s.count, s[i + n] == "`" { n += 1 }
        guard let close = closingBackticks(s, from: i + n, count: n) else {
            let after = String(String.UnicodeScalarView(s[(i + n)...])).trimmingCharacters(in: .whitespaces)
            if after.hasPrefix("{swift}") {
                marks.diagnostics.append(
                    Diagnostic(
                        file: file, line: line,
                        "this inline value `{swift} ... is never closed: end it with \(String(repeating: "`", count: n)) on the same line"))
            }
            out.append(contentsOf: s[i..<(i + n)])
            i += n
            return true
        }
        let inside = String(String.UnicodeScalarView(s[(i + n)..<close])).trimmingCharacters(in: .whitespaces)
        if inside.hasPrefix("{swift}") {
            let expression = inside.dropFirst(7).trimmingCharacters(in: .whitespaces)
            if expression.isEmpty {
                marks.diagnostics.append(Diagnostic(file: file, line: line, "an inline value `{swift} ...` needs an expression"))
            } else {
                token(AuthoringToken.inline, marks.inlineValues.count)
                marks.inlineValues.append(.init(expression: expression, line: line))
            }
        } else {
            out.append(contentsOf: s[i..<(close + n)])
        }
        i = close + n
        return true
    }

    /// A label in the prose, `{#eq-x}` not after display math (those that are, are gone already),
    /// `{#sec-x}` not on a heading, `{#fig-x}` or `{#tbl-x}`: an error, and the label is dropped.
    mutating func scanMisplacedEquationLabel() -> Bool {
        guard s[i] == "{", i + 1 < s.count, s[i + 1] == "#" else { return false }
        if let colon = colonLabel(from: i + 2), colon.end < s.count, s[colon.end] == "}" {  // pandoc-crossref's {#eq:x}
            marks.diagnostics.append(
                Diagnostic(file: file, line: line, "a label is written {#\(colon.dashed)}, with a dash, not {#\(colon.written)}"))
            out.append(contentsOf: s[i...colon.end])
            i = colon.end + 1
            return true
        }
        let (name, k) = label(from: i + 2)
        guard k < s.count, s[k] == "}", isCrossReferenceLabel(name) else { return false }
        // On a heading, a label other than sec- is reported with the heading.
        guard name.hasPrefix("eq-") || s.first != "#" else { return false }
        let message: String
        if name.hasPrefix("eq-") {
            message = "the label {#\(name)} must directly follow display math $$ ... $$"
        } else if name.hasPrefix("sec-") {
            message = "the label {#\(name)} labels a section: put it at the end of its heading, ## Title {#\(name)}"
        } else if name.hasPrefix("fig-") {
            message =
                "a figure is labelled where the block shows it, show(chart, label: \"\(name)\", caption: \"...\"), not with {#\(name)}"
        } else {
            message = "the label {#\(name)} labels nothing: figures, equations and sections can be labelled, tables cannot"
        }
        marks.diagnostics.append(Diagnostic(file: file, line: line, message))
        i = k + 1
        return true
    }

    /// Link text `[...](...)` and `[...][...]` is copied as it is (a link inside a link would break);
    /// an inline value there is an error, since it would not be computed.
    mutating func scanLinkText() -> Bool {
        guard s[i] == "[", let close = s[i...].firstIndex(of: "]"), close + 1 < s.count, s[close + 1] == "(" || s[close + 1] == "["
        else { return false }
        if String(String.UnicodeScalarView(s[i...close])).contains("{swift}") {
            marks.diagnostics.append(
                Diagnostic(
                    file: file, line: line, "an inline value inside a link's text is not computed: move it out of the [...] of the link"))
        }
        out.append(contentsOf: s[i...close])
        i = close + 1
        return true
    }

    /// A bracketed citation or reference group: `[@a; see @b, p. 3]` (not a link `[..](..)`).
    mutating func scanBracketedGroup() -> Bool {
        guard s[i] == "[", let close = s[i...].firstIndex(of: "]"), s[(i + 1)..<close].contains("@"),
            close + 1 >= s.count || (s[close + 1] != "(" && s[close + 1] != "["),
            let items = citeItems(String(String.UnicodeScalarView(s[(i + 1)..<close])))
        else { return false }
        if items.allSatisfy({ isCrossReferenceLabel($0.key) }) {
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(contentsOf: (n == items.count - 1 ? " and " : ", ").unicodeScalars) }
                token(AuthoringToken.reference, marks.references.count)
                marks.references.append(.init(label: item.key, line: line))
            }
        } else {
            token(AuthoringToken.citation, marks.citations.count)
            marks.citations.append(.init(items: items, line: line))
        }
        i = close + 1
        return true
    }

    /// `[@key` with no `]` after it on the line: an error (a citation stays on one line), and the
    /// text is shown as written.
    mutating func scanUnclosedCitation() -> Bool {
        guard s[i] == "[", !s[(i + 1)...].contains("]") else { return false }
        let start = s[(i + 1)...].firstIndex { $0 != " " } ?? s.count
        guard start < s.count, s[start] == "@" else { return false }
        let (key, k) = label(from: start + 1)
        guard !key.isEmpty else { return false }
        marks.diagnostics.append(
            Diagnostic(file: file, line: line, "the citation '[@\(key)' is never closed: end it with ']' on the same line"))
        out.append(contentsOf: s[i..<k])
        i = k
        return true
    }

    /// The items of `[see @a, p. 3; @b]`, or nil when one has no `@key`.
    func citeItems(_ inside: String) -> [AuthoringMarks.CiteItem]? {
        var items: [AuthoringMarks.CiteItem] = []
        for part in inside.split(separator: ";", omittingEmptySubsequences: false) {
            guard let at = part.firstIndex(of: "@") else { return nil }
            let prefix = part[..<at].trimmingCharacters(in: .whitespaces)
            let after = part[part.index(after: at)...]
            let key = String(after.prefix { $0.isLetter || $0.isNumber || "-_:./".contains($0) })
            var locator = after.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            if locator.hasPrefix(",") { locator = locator.dropFirst().trimmingCharacters(in: .whitespaces) }
            guard !key.isEmpty else { return nil }
            items.append(.init(prefix: prefix, key: key, locator: locator))
        }
        return items.isEmpty ? nil : items
    }

    /// A bare cross-reference `@fig-x` (not an address like a@b, not a Swift attribute).
    mutating func scanBareReference() -> Bool {
        guard s[i] == "@", i == 0 || !isWordChar(s[i - 1]) else { return false }
        let (name, k) = label(from: i + 1)
        if let colon = colonLabel(from: i + 1) {  // pandoc-crossref's @eq:x
            marks.diagnostics.append(
                Diagnostic(file: file, line: line, "a reference is written @\(colon.dashed), with a dash, not @\(colon.written)"))
            out.append(contentsOf: s[i..<colon.end])
            i = colon.end
            return true
        }
        guard isCrossReferenceLabel(name) else {
            // `@key` outside brackets: kept as text; a pass checks it against the bibliography.
            var e = i + 1
            while e < s.count, isWordChar(s[e]) || "-_:./".unicodeScalars.contains(s[e]) { e += 1 }
            while e > i + 1, ".:,-_/".unicodeScalars.contains(s[e - 1]) { e -= 1 }
            if e > i + 1 { marks.bareKeys.append(.init(label: String(String.UnicodeScalarView(s[(i + 1)..<e])), line: line)) }
            return false
        }
        token(AuthoringToken.reference, marks.references.count)
        marks.references.append(.init(label: name, line: line))
        i = k
        return true
    }
}
