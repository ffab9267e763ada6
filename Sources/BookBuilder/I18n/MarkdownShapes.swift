// What a Markdown line looks like, as far as cutting it into messages needs to know. The text
// passed in is a line's body: the line without its indentation (and without the `>` of the
// quotes around it).

/// An opening fence: its character (` or ~), how many, and its info string; nil for other lines.
func fenceOpening(_ body: Substring) -> (mark: Character, count: Int, info: String)? {
    guard let mark = body.first, mark == "`" || mark == "~" else { return nil }
    let count = body.prefix { $0 == mark }.count
    let info = body.dropFirst(count).trimmingCharacters(in: .whitespaces)
    guard count >= 3, mark == "~" || !info.contains("`") else { return nil }
    return (mark, count, info)
}

/// Whether the line closes a fence opened with `count` times `mark`.
func isFenceClosing(_ body: Substring, mark: Character, count: Int) -> Bool {
    let run = body.prefix { $0 == mark }.count
    return run >= count && body.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
}

/// How many `$$` the line holds (a `\` escapes the character after it).
func displayDollars(_ body: Substring) -> Int {
    let c = Array(body)
    var count = 0
    var j = 0
    while j + 1 < c.count {
        if c[j] == "\\" {
            j += 2
        } else if c[j] == "$" && c[j + 1] == "$" {
            count += 1
            j += 2
        } else {
            j += 1
        }
    }
    return count
}

/// `#` to `######`, then a space or the end of the line.
func isHeading(_ body: Substring) -> Bool {
    let hashes = body.prefix { $0 == "#" }.count
    return (1...6).contains(hashes) && (body.count == hashes || body.dropFirst(hashes).first == " ")
}

/// Three or more `-`, `*` or `_` (the same one), spaces allowed between them.
func isThematicBreak(_ body: Substring) -> Bool {
    let marks = body.filter { $0 != " " && $0 != "\t" }
    guard let m = marks.first, "-*_".contains(m) else { return false }
    return marks.count >= 3 && marks.allSatisfy { $0 == m }
}

/// The width of a list item's marker with the space after it (`- `, `12. `, `3) `), or nil.
func listMarkerLength(_ body: Substring) -> Int? {
    guard let f = body.first else { return nil }
    if "-*+".contains(f) {
        let next = body.dropFirst().first
        return next == nil ? 1 : (next == " " ? 2 : nil)
    }
    let digits = body.prefix { $0.isASCII && $0.isNumber }.count
    guard (1...9).contains(digits), let mark = body.dropFirst(digits).first, mark == "." || mark == ")" else { return nil }
    let next = body.dropFirst(digits + 1).first
    return next == nil ? digits + 1 : (next == " " ? digits + 2 : nil)
}

/// The length of a callout's marker at the start of a quote's first line (`[!NOTE]`), or nil.
func calloutMarkerLength(_ body: Substring) -> Int? {
    for kind in CalloutKind.allCases where body.hasPrefix("[!\(kind.rawValue)]") { return kind.rawValue.count + 3 }
    return nil
}

/// A table's delimiter row: `|---|:--:|`.
func isDelimiterRow(_ body: Substring) -> Bool {
    let t = body.trimmingCharacters(in: .whitespaces)
    return t.contains("-") && t.contains("|") && t.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " }
}

/// Whether the line holds a `|` that divides table cells.
func hasCellDivider(_ body: Substring) -> Bool { tableCells(Array(body)).count > 1 }

/// The cells of a table row, as ranges of `chars`: split at each `|` that is not escaped and not
/// inside a code span or a formula (`$|h_t|$` is one cell), without the outer pipes.
func tableCells(_ chars: [Character]) -> [Range<Int>] {
    var cells: [Range<Int>] = []
    var start = 0
    var inCode = false
    var inMath = false
    var j = 0
    while j < chars.count {
        switch chars[j] {
        case "\\": j += 1
        case "`" where !inMath: inCode.toggle()
        case "$" where !inCode: inMath.toggle()
        case "|" where !inCode && !inMath:
            cells.append(start..<j)
            start = j + 1
        default: break
        }
        j += 1
    }
    cells.append(start..<chars.count)
    // The pipes at the ends of the row leave blank cells outside it.
    if let first = cells.first, chars[first].allSatisfy({ $0 == " " || $0 == "\t" }), cells.count > 1 { cells.removeFirst() }
    if let last = cells.last, chars[last].allSatisfy({ $0 == " " || $0 == "\t" }), cells.count > 1 { cells.removeLast() }
    return cells
}

/// Whether `text` has a letter outside its formulas and code spans (a cell holding only `$n$` or
/// `` `weightIH` `` reads the same in every language).
func hasProseLetters(_ text: String) -> Bool {
    var inCode = false
    var inMath = false
    var escaped = false
    for c in text {
        if escaped {
            escaped = false
        } else if c == "\\" {
            escaped = true
        } else if c == "`" && !inMath {
            inCode.toggle()
        } else if c == "$" && !inCode {
            inMath.toggle()
        } else if !inCode && !inMath && c.isLetter {
            return true
        }
    }
    return false
}
