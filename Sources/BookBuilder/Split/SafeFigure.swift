/// Why a figure cannot go on the page as it is: the SVG of a `Figure` is put in the page
/// unescaped, so one that carries a script (a `Figure` a chapter wrote itself) is refused. Only
/// the markup is read, element by element and attribute by attribute: text (a title, a label, a
/// legend, escaped by the library) may say anything, `<`, `=`, quotes, "onload=" or "javascript:".
func unsafeFigure(_ svg: String) -> String? {
    var reader = SVGMarkupReader(s: Array(svg.unicodeScalars))
    return reader.problem()
}

/// Reads the tags of an SVG document (not its text) for what could run a script.
struct SVGMarkupReader {
    let s: [Unicode.Scalar]
    var i = 0

    static let refusedElements = [
        "script": "a <script> element", "foreignobject": "a <foreignObject> element",
        "iframe": "an <iframe> element", "embed": "an <embed> element", "object": "an <object> element",
    ]

    func starts(_ text: String, at k: Int) -> Bool {
        let t = Array(text.unicodeScalars)
        return k + t.count <= s.count && String(String.UnicodeScalarView(s[k..<(k + t.count)])).lowercased() == text
    }

    /// Moves past the next `end` (or to the end of the text).
    mutating func skip(past end: String) {
        while i < s.count, !starts(end, at: i) { i += 1 }
        i = min(i + end.unicodeScalars.count, s.count)
    }

    func isNameChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == ":" || c == "-" || c == "_" || c == "."
    }

    mutating func name() -> String {
        let start = i
        while i < s.count, isNameChar(s[i]) { i += 1 }
        return String(String.UnicodeScalarView(s[start..<i])).lowercased()
    }

    mutating func problem() -> String? {
        while i < s.count {
            guard s[i] == "<" else {
                i += 1
                continue
            }
            if starts("<!--", at: i) { skip(past: "-->"); continue }
            if starts("<![cdata[", at: i) { skip(past: "]]>"); continue }
            if starts("<!", at: i) || starts("<?", at: i) { skip(past: ">"); continue }
            i += 1
            if i < s.count, s[i] == "/" { i += 1 }
            if let refused = Self.refusedElements[name()] { return "its SVG contains \(refused)" }
            if let problem = attributesProblem() { return problem }
        }
        return nil
    }

    /// The attributes of the tag being read, up to its `>`: an event handler (`onload=`) or a
    /// `javascript:` value is a problem.
    mutating func attributesProblem() -> String? {
        while i < s.count, s[i] != ">" {
            guard isNameChar(s[i]) else {
                i += 1
                continue
            }
            let attribute = name()
            if attribute.hasPrefix("on") && attribute.count > 2 { return "its SVG contains an event handler (\(attribute)=)" }
            while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" { i += 1 }
            guard i < s.count, s[i] == "=" else { continue }
            i += 1
            while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" { i += 1 }
            var value = String.UnicodeScalarView()
            if i < s.count, s[i] == "\"" || s[i] == "'" {
                let quote = s[i]
                i += 1
                while i < s.count, s[i] != quote {
                    value.append(s[i])
                    i += 1
                }
                i += 1
            } else {
                while i < s.count, s[i] != " " && s[i] != ">" {
                    value.append(s[i])
                    i += 1
                }
            }
            let compact = String(value).lowercased().unicodeScalars.filter { $0.value > 0x20 }
            if String(String.UnicodeScalarView(compact)).contains("javascript:") {
                return "its SVG contains a javascript: link"
            }
            if String(value).contains("&#") { return "its SVG has a character reference (&#...;) in the attribute \(attribute)" }
        }
        return nil
    }
}
