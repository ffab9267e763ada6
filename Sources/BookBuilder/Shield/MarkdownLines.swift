/// The lines of a chapter (ranges of its scalars, without their newlines) and what kind of
/// Markdown line each looks like, as far as math needs to know.
struct MarkdownLines {
    let s: [Unicode.Scalar]
    let lines: [Range<Int>]

    init(_ s: [Unicode.Scalar]) {
        self.s = s
        var lines: [Range<Int>] = []
        var start = 0
        for (i, c) in s.enumerated() where c == "\n" {
            lines.append(start..<i)
            start = i + 1
        }
        lines.append(start..<s.count)
        self.lines = lines
    }

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
    func hasPipe(_ r: Range<Int>) -> Bool { s[r].contains("|") }

    /// The line after the table whose header row is line `k`: the rows below its delimiter row
    /// that hold a `|`, up to a blank line.
    func tableEnd(from k: Int) -> Int {
        var row = k
        while row < lines.count, !isBlank(lines[row]), row == k || row == k + 1 || hasPipe(lines[row]) { row += 1 }
        return row
    }

    /// When line `k` opens display math with a `$$` that a later line of the same block closes,
    /// that line: the math is one block, whatever its lines look like (`+ b` or `- c` inside is
    /// TeX, not a list).
    func displayMathEnd(from k: Int) -> Int? {
        guard text(lines[k]).drop(while: { $0 == " " || $0 == ">" }).hasPrefix("$$"), dollarPairs(lines[k]) % 2 == 1 else { return nil }
        var m = k + 1
        while m < lines.count, !isBlank(lines[m]), dollarPairs(lines[m]) == 0 { m += 1 }
        return m < lines.count && !isBlank(lines[m]) ? m : nil
    }
}
