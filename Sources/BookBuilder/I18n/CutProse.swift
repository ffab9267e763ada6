/// Cuts a chapter's Markdown into its translatable prose segments, line by line, without parsing it
/// into a tree: a heading's text (without its `#`s and `{#sec-...}` label), each paragraph, each
/// list item (without its marker; a nested item is a segment of its own), each table cell with
/// letters outside math and code, each paragraph of a block quote or callout (without `> ` and the
/// `[!NOTE]` line). Fenced code, display math `$$ ... $$` with its `{#eq-...}` label, HTML
/// comments (`<!-- book: ... -->`), raw HTML blocks, thematic breaks and table delimiter rows are
/// not messages. The swift blocks come back too, for their captions and check claims.
struct ProseCutter {
    let file: String
    private(set) var messages: [I18nMessage] = []
    /// Each swift block's first code line (1-based) and its lines.
    private(set) var swiftBlocks: [(firstLine: Int, lines: [String])] = []

    init(file: String) { self.file = file }

    /// Cuts the whole of `text`.
    mutating func cut(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            CutLine(number: $0.offset + 1, chars: Array($0.element), start: 0)
        }
        cut(lines)
    }

    mutating func cut(_ lines: [CutLine]) {
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                i += 1
            } else if let end = fence(lines, i) ?? skipped(lines, i) {
                i = end
            } else if isHeading(line.body) {
                heading(line)
                i += 1
            } else if line.body.hasPrefix(">") {
                i = quote(lines, i)
            } else if i + 1 < lines.count, hasCellDivider(lines[i].body), isDelimiterRow(lines[i + 1].body) {
                i = table(lines, i)
            } else {
                i = paragraph(lines, i)
            }
        }
    }

    /// A fenced block (``` or ~~~) opening at line `i`: the line after its closing fence (or the end).
    private mutating func fence(_ lines: [CutLine], _ i: Int) -> Int? {
        guard let (mark, count, info) = fenceOpening(lines[i].body) else { return nil }
        var j = i + 1
        while j < lines.count, !isFenceClosing(lines[j].body, mark: mark, count: count) { j += 1 }
        if fenceLanguage(info) == "swift" {
            swiftBlocks.append((lines[i].number + 1, lines[(i + 1)..<j].map { String($0.chars) }))
        }
        return min(j + 1, lines.count)
    }

    /// Lines that are not prose, starting at line `i`: an HTML comment, a raw HTML block, display
    /// math on lines of its own (with its label), a thematic break. The line after them, or nil.
    private func skipped(_ lines: [CutLine], _ i: Int) -> Int? {
        let body = lines[i].body
        if body.hasPrefix("<!--") {
            var j = i
            while j < lines.count, !String(lines[j].chars).contains("-->") { j += 1 }
            return min(j + 1, lines.count)
        }
        if body.hasPrefix("<"), let next = body.dropFirst().first, next.isLetter || next == "/" {
            var j = i
            while j < lines.count, !lines[j].isBlank { j += 1 }
            return j
        }
        if let end = displayMathEnd(lines, i) { return end }
        return isThematicBreak(body) ? i + 1 : nil
    }

    /// Display math opening at line `i` and closing on it or a later line of the same block, with
    /// nothing but a `{#eq-...}` label after it: the line after it, or nil.
    private func displayMathEnd(_ lines: [CutLine], _ i: Int) -> Int? {
        guard lines[i].body.hasPrefix("$$") else { return nil }
        var j = i
        var pairs = displayDollars(lines[i].body)
        while pairs % 2 == 1 {
            j += 1
            guard j < lines.count, !lines[j].isBlank else { return nil }
            pairs += displayDollars(lines[j].body)
        }
        let closing = String(lines[j].body)
        guard let last = closing.range(of: "$$", options: .backwards) else { return nil }
        let tail = closing[last.upperBound...].trimmingCharacters(in: .whitespaces)
        guard tail.isEmpty || (tail.hasPrefix("{#") && tail.hasSuffix("}")) else { return nil }
        return j + 1
    }

    private mutating func heading(_ line: CutLine) {
        let hashes = line.body.prefix { $0 == "#" }.count
        var end = line.chars.count
        let text = String(line.chars)
        if let open = text.range(of: "{#", options: .backwards), text.trimmingCharacters(in: .whitespaces).hasSuffix("}") {
            end = text.distance(from: text.startIndex, to: open.lowerBound)
        }
        // An optional closing sequence of #s, after a space.
        var hi = end
        while hi > 0, line.chars[hi - 1] == " " { hi -= 1 }
        var lo = hi
        while lo > 0, line.chars[lo - 1] == "#" { lo -= 1 }
        if lo < hi, lo > line.indent + hashes, line.chars[lo - 1] == " " { end = lo }
        emit([line.piece(from: line.indent + hashes, to: end)])
    }

    /// A block quote from line `i`: its lines without one `>` (and the space after it) are cut
    /// again, without a callout's `[!KIND]` marker. The line after the quote.
    private mutating func quote(_ lines: [CutLine], _ i: Int) -> Int {
        var inner: [CutLine] = []
        var j = i
        while j < lines.count, lines[j].body.hasPrefix(">") {
            var skip = lines[j].indent + 1
            if skip < lines[j].chars.count, lines[j].chars[skip] == " " { skip += 1 }
            var stripped = CutLine(number: lines[j].number, chars: Array(lines[j].chars.dropFirst(skip)), start: lines[j].start + skip)
            if j == i, let marker = calloutMarkerLength(stripped.body) {
                let drop = stripped.indent + marker
                stripped = CutLine(number: stripped.number, chars: Array(stripped.chars.dropFirst(drop)), start: stripped.start + drop)
            }
            inner.append(stripped)
            j += 1
        }
        cut(inner)
        return j
    }

    /// A table whose header row is line `i`: a message per cell with letters outside math and code.
    private mutating func table(_ lines: [CutLine], _ i: Int) -> Int {
        var j = i
        while j < lines.count, !lines[j].isBlank, j == i || j == i + 1 || hasCellDivider(lines[j].body) {
            if j != i + 1 {
                for cell in tableCells(lines[j].chars) {
                    guard let (piece, text) = lines[j].piece(from: cell.lowerBound, to: cell.upperBound), hasProseLetters(text)
                    else { continue }
                    messages.append(I18nMessage(text: text, kind: .prose, file: file, line: lines[j].number, pieces: [piece]))
                }
            }
            j += 1
        }
        return j
    }

    /// A paragraph or a list item from line `i`, up to a blank line or a line that starts another
    /// block (a list item, a heading, a fence, a quote, display math). The line after it.
    private mutating func paragraph(_ lines: [CutLine], _ i: Int) -> Int {
        let first = lines[i]
        let marker = listMarkerLength(first.body)
        var pieces = [first.piece(from: first.indent + (marker ?? 0))]
        var j = i + 1
        while j < lines.count, !lines[j].isBlank, !interrupts(lines[j].body, inListItem: marker != nil) {
            pieces.append(lines[j].piece(from: 0))
            j += 1
        }
        emit(pieces)
        return j
    }

    /// Whether a line starting with `body` ends the paragraph or list item above it.
    private func interrupts(_ body: Substring, inListItem: Bool) -> Bool {
        if fenceOpening(body) != nil || isHeading(body) || isThematicBreak(body) { return true }
        if body.hasPrefix(">") || body.hasPrefix("$$") || body.hasPrefix("<!--") { return true }
        guard listMarkerLength(body) != nil, let first = body.first else { return false }
        // CommonMark: only an ordered list starting at 1 interrupts a paragraph.
        return inListItem || "-*+".contains(first) || body.hasPrefix("1.") || body.hasPrefix("1)")
    }

    private mutating func emit(_ parts: [(SourcePiece, String)?]) {
        let present = parts.compactMap { $0 }
        guard let first = present.first else { return }
        let text = present.map(\.1).joined(separator: " ")
        messages.append(I18nMessage(text: text, kind: .prose, file: file, line: first.0.line, pieces: present.map(\.0)))
    }
}
