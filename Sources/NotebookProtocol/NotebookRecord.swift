/// One message from a chapter program to the book's builder: the contract between the two sides,
/// written once. The library (`RNNKit`'s notebook functions: `check`, `show`, and the `_book…`
/// calls of the generated program) writes records with `encoded(stdoutOffset:stderrOffset:)`; the
/// builder reads them with `NotebookRecord.decode(_:)`. Nothing else writes or reads them.
///
/// The records travel on their own channel, never on standard output: the builder opens a file,
/// passes its descriptor number in the environment variable `BOOK_NOTEBOOK_FD`, and reads the
/// file once the program has ended. What a chapter prints stays text, whatever bytes it holds.
///
/// Wire format (see NotebookRecord+Wire.swift):
///
///     record  := u32le(payload length) payload
///     payload := field*                       fields are UTF-8 text
///     field   := u32le(length) bytes
///
/// The fields of every record are: its kind, the byte offsets of standard output and standard
/// error when it was written (the program flushes both first, so text printed before the record,
/// with or without a newline, lies before those offsets), then the kind's own fields:
///
///     block        N                     block N (0-based) starts
///     check        pass|fail LINE CLAIM  a check at chapter line LINE
///     figure       SVG                   an SVG figure, for the current block
///     fails-block  N passed|failed       the `fails` block N ended; `passed` = it did not fail
///     end                                the program reached its end
///     figure-label LINE LABEL CAPTION    the next figure is numbered: `show(_:label:caption:)`
///     inline-start N                     inline value N of the prose is being computed
///     inline       N VALUE               inline value N, as the page shows it
///
/// A reader skips kinds it does not know, so a new kind is one more case here (with its fields
/// in `fields` and `init?(kind:fields:)`), and both sides know it at once.
public enum NotebookRecord: Equatable, Sendable {
    /// `block N`: block N (0-based) starts.
    case block(Int)
    /// `check pass|fail LINE CLAIM`.
    case check(passed: Bool, line: Int, claim: String)
    /// `figure SVG`.
    case figure(svg: String)
    /// `fails-block N passed|failed`: the `fails` block N ended; `passed` means it did not fail.
    case failsBlock(Int, failed: Bool)
    /// `end`: the program reached its end.
    case end
    /// `figure-label LINE LABEL CAPTION`: the next figure is numbered.
    case figureLabel(line: Int, label: String, caption: String)
    /// `inline-start N`: inline value N of the prose is being computed.
    case inlineStart(Int)
    /// `inline N VALUE`: inline value N, as the page shows it.
    case inlineValue(Int, value: String)

    /// The record's kind and its own fields, as written on the wire.
    public var fields: [String] {
        switch self {
        case .block(let n): return ["block", "\(n)"]
        case .check(let passed, let line, let claim): return ["check", passed ? "pass" : "fail", "\(line)", claim]
        case .figure(let svg): return ["figure", svg]
        case .failsBlock(let n, let failed): return ["fails-block", "\(n)", failed ? "failed" : "passed"]
        case .end: return ["end"]
        case .figureLabel(let line, let label, let caption): return ["figure-label", "\(line)", label, caption]
        case .inlineStart(let n): return ["inline-start", "\(n)"]
        case .inlineValue(let n, let value): return ["inline", "\(n)", value]
        }
    }

    /// The record of a kind and its own fields (the inverse of `fields`), or nil for an unknown
    /// kind or malformed fields.
    public init?(kind: String, fields: [String]) {
        switch (kind, fields.count) {
        case ("block", 1):
            guard let n = Int(fields[0]) else { return nil }
            self = .block(n)
        case ("check", 3):
            guard let line = Int(fields[1]), fields[0] == "pass" || fields[0] == "fail" else { return nil }
            self = .check(passed: fields[0] == "pass", line: line, claim: fields[2])
        case ("figure", 1):
            self = .figure(svg: fields[0])
        case ("fails-block", 2):
            guard let n = Int(fields[0]) else { return nil }
            self = .failsBlock(n, failed: fields[1] == "failed")
        case ("end", 0):
            self = .end
        case ("figure-label", 3):
            guard let line = Int(fields[0]) else { return nil }
            self = .figureLabel(line: line, label: fields[1], caption: fields[2])
        case ("inline-start", 1):
            guard let n = Int(fields[0]) else { return nil }
            self = .inlineStart(n)
        case ("inline", 2):
            guard let n = Int(fields[0]) else { return nil }
            self = .inlineValue(n, value: fields[1])
        default:
            return nil
        }
    }
}
