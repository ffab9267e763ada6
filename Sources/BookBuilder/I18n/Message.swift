/// One translatable message of a chapter: a prose segment (a heading's text, a paragraph, a list
/// item, a table cell, the text of a block quote or callout) or a static string a swift block
/// passes to the notebook (a figure's caption, a check's claim).
public struct I18nMessage: Equatable, Sendable {
    /// Where a message comes from: the extracted comment of its catalog entry (`#. caption`).
    public enum Kind: String, Sendable {
        case prose, caption, check
    }

    /// The msgid: the segment's lines, each trimmed, joined by one space (so re-wrapping the
    /// English never changes it); for a caption or check, the string's value.
    public var text: String
    public var kind: Kind
    /// The chapter's path (`Chapters/05-lstm.md`) and the 1-based line the message starts on.
    public var file: String
    public var line: Int
    /// Where the message's text sits in the source, line by line (for replacing it with its
    /// translation); empty for captions and checks, which are replaced in the notebook's records.
    public var pieces: [SourcePiece]

    public init(text: String, kind: Kind, file: String, line: Int, pieces: [SourcePiece] = []) {
        self.text = text
        self.kind = kind
        self.file = file
        self.line = line
        self.pieces = pieces
    }
}

/// A run of characters of one source line that belongs to a message: its 1-based line and the
/// range of `Character` offsets in that line.
public struct SourcePiece: Equatable, Sendable {
    public var line: Int
    public var columns: Range<Int>

    public init(line: Int, columns: Range<Int>) {
        self.line = line
        self.columns = columns
    }
}

/// A line of Markdown being cut: its 1-based number, its characters (with the block-quote prefixes
/// of the enclosing quotes removed) and the column of its first character in the file's line.
struct CutLine {
    var number: Int
    var chars: [Character]
    var start: Int

    var isBlank: Bool { chars.allSatisfy { $0 == " " || $0 == "\t" } }
    /// The number of leading spaces (a tab counts as one: the chapters indent with spaces).
    var indent: Int { chars.prefix { $0 == " " || $0 == "\t" }.count }
    /// The text after the indentation.
    var body: Substring { Substring(String(chars.dropFirst(indent))) }

    /// The piece of this line from column `from` (an offset into `chars`) to its end, trimmed
    /// of spaces on both sides; nil when nothing is left.
    func piece(from: Int, to end: Int? = nil) -> (SourcePiece, String)? {
        var lo = min(from, chars.count)
        var hi = min(end ?? chars.count, chars.count)
        while lo < hi, chars[lo] == " " || chars[lo] == "\t" { lo += 1 }
        while hi > lo, chars[hi - 1] == " " || chars[hi - 1] == "\t" { hi -= 1 }
        guard lo < hi else { return nil }
        return (SourcePiece(line: number, columns: (start + lo)..<(start + hi)), String(chars[lo..<hi]))
    }
}
