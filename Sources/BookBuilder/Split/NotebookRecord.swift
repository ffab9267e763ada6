/// One message from a chapter program, read from the notebook channel (never from what the
/// program prints). The library's `RNNKit/Notebook/NotebookRecord.swift` writes the same format:
///
///     record  := u32le(payload length) payload
///     payload := field*                       fields are UTF-8 text
///     field   := u32le(length) bytes
///
/// Fields: the kind, the offsets of standard output and standard error when the record was
/// written, then the kind's own fields (see the cases). Kinds this reader does not know are
/// skipped, so adding one (say, an inline computed value) is one case here and one in the library.
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
    /// `figure-label LINE LABEL CAPTION`: the next figure is numbered (read by the authoring stage).
    case figureLabel(line: Int, label: String, caption: String)
    /// `inline-start N`: inline value N of the prose is being computed.
    case inlineStart(Int)
    /// `inline N VALUE`: inline value N, as the page shows it.
    case inlineValue(Int, value: String)

    /// A record with where the program's output streams stood when it was written.
    public struct Positioned: Equatable, Sendable {
        public var record: NotebookRecord
        public var stdoutOffset: Int
        public var stderrOffset: Int
    }

    /// The record of a kind and its own fields, or nil for an unknown kind or malformed fields.
    init?(kind: String, fields: [String]) {
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

    /// Every well-formed record in `bytes`, in order. A record cut short (the program was killed
    /// while writing it) ends the list.
    public static func decode(_ bytes: some Collection<UInt8>) -> [Positioned] {
        let b = Array(bytes)
        func u32(_ i: Int) -> Int? {
            guard i + 4 <= b.count else { return nil }
            return Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
        }
        var records: [Positioned] = []
        var i = 0
        while let length = u32(i), i + 4 + length <= b.count {
            let end = i + 4 + length
            var fields: [String] = []
            var j = i + 4
            while j < end, let n = u32(j), j + 4 + n <= end {
                fields.append(String(decoding: b[(j + 4)..<(j + 4 + n)], as: UTF8.self))
                j += 4 + n
            }
            i = end
            guard fields.count >= 3, let out = Int(fields[1]), let err = Int(fields[2]),
                let record = NotebookRecord(kind: fields[0], fields: Array(fields.dropFirst(3)))
            else { continue }
            records.append(Positioned(record: record, stdoutOffset: out, stderrOffset: err))
        }
        return records
    }

    /// The record as the library writes it (used by the tests to play a chapter program).
    public func encoded(stdoutOffset: Int, stderrOffset: Int) -> [UInt8] {
        let own: [String]
        switch self {
        case .block(let n): own = ["block", "\(n)"]
        case .check(let passed, let line, let claim): own = ["check", passed ? "pass" : "fail", "\(line)", claim]
        case .figure(let svg): own = ["figure", svg]
        case .failsBlock(let n, let failed): own = ["fails-block", "\(n)", failed ? "failed" : "passed"]
        case .end: own = ["end"]
        case .figureLabel(let line, let label, let caption): own = ["figure-label", "\(line)", label, caption]
        case .inlineStart(let n): own = ["inline-start", "\(n)"]
        case .inlineValue(let n, let value): own = ["inline", "\(n)", value]
        }
        var payload: [UInt8] = []
        for field in [own[0], "\(stdoutOffset)", "\(stderrOffset)"] + own.dropFirst() {
            let bytes = Array(field.utf8)
            let n = UInt32(bytes.count)
            payload += [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)] + bytes
        }
        let n = UInt32(payload.count)
        return [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)] + payload
    }
}
