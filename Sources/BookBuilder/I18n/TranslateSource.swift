/// The Markdown of a chapter with each prose segment that `translation` translates replaced by its
/// translation, every other character (code blocks, output blocks, math blocks, markers, labels)
/// as it was, and every line where it was: the translation goes where the segment's text starts,
/// and the segment's further lines keep only an empty `<span></span>` (inline HTML that cannot
/// start a block, so the paragraph or list item goes on, and shows nothing). Each swift block
/// therefore keeps its line, and the run's results, matched to blocks by position and line, fit
/// the translated page.
///
/// - Returns: the text, and how many segments were translated and how many stayed English.
func translateSource(_ text: String, file: String, translation: (String) -> String?) -> (
    text: String, translated: Int, english: Int
) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
    var edits: [(piece: SourcePiece, text: String)] = []
    var translated = 0
    var english = 0
    for m in I18n.messages(in: text, file: file) where m.kind == .prose && !m.pieces.isEmpty {
        guard let t = translation(m.text) else {
            english += 1
            continue
        }
        translated += 1
        // A translation is one line of Markdown: a line break a translator typed is a soft break.
        let oneLine = t.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        edits.append((m.pieces[0], oneLine))
        for piece in m.pieces.dropFirst() { edits.append((piece, "<span></span>")) }
    }
    // From the end of each line backwards, so that the columns of the pieces not yet replaced hold.
    edits.sort { ($0.piece.line, $0.piece.columns.lowerBound) > ($1.piece.line, $1.piece.columns.lowerBound) }
    for edit in edits {
        let k = edit.piece.line - 1
        lines[k].replaceSubrange(edit.piece.columns, with: Array(edit.text))
    }
    return (lines.map { String($0) }.joined(separator: "\n"), translated, english)
}
