/// How far the numbers of an output block may move and still agree with what the block printed.
///
/// By default, a relative 1e-9: the printed digits must be the book's. An output block whose
/// numbers are not stable to their last printed digit (a trained loss that the arithmetic of
/// another CPU moves) says what it tolerates with an option, and its page says so beside the
/// output: ```` ```output tolerance=20% ```` (relative: each number within 20 % of the larger of
/// the two) or ```` ```output tolerance=0.01 ```` (absolute: each number within 0.01). The text
/// between the numbers must always be the same.
public enum OutputTolerance: Equatable, Sendable {
    /// Each number within this fraction of the larger of the two (0.2 for `tolerance=20%`).
    case relative(Double)
    /// Each number within this amount.
    case absolute(Double)

    /// Every output block's without an option: a relative 1e-9.
    public static let standard = OutputTolerance.relative(1e-9)

    /// From the value of a `tolerance=` option: `20%` (relative) or `0.01` (absolute), greater
    /// than 0 and finite; `nil` for anything else.
    public init?(option: String) {
        let percent = option.hasSuffix("%")
        guard let value = Double(percent ? String(option.dropLast()) : option), value > 0, value.isFinite,
            option.first?.isNumber == true || option.first == "."
        else { return nil }
        self = percent ? .relative(value / 100) : .absolute(value)
    }

    /// How the page and the messages say it: "±20%", "±0.01".
    public var description: String {
        switch self {
        case .relative(let r): return "±\(formatAmount(r * 100))%"
        case .absolute(let a): return "±\(formatAmount(a))"
        }
    }

    /// Whether two numbers agree. Relative: |u − v| ≤ r · max(|u|, |v|), or both within 1e-9
    /// of 0 (a printed 0 and a tiny rounding residue agree). Absolute: |u − v| ≤ a.
    func agree(_ u: Double, _ v: Double) -> Bool {
        if u == v { return true }
        switch self {
        case .relative(let r):
            let scale = max(abs(u), abs(v))
            return abs(u - v) <= r * scale || scale <= 1e-9
        case .absolute(let a):
            // With a hair of slack for the subtraction itself: 0.91 − 0.90 is 0.010000000000000009.
            return abs(u - v) <= a + 1e-9 * max(a, abs(u), abs(v))
        }
    }
}

/// A tolerance's amount without trailing zeros: 20, 2.5, 0.01.
private func formatAmount(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}

/// Compares what a block printed with its ```output block: numbers within `tolerance` (by
/// default a relative 1e-9), everything else exactly. Returns `nil` when they agree, or a message
/// naming the first line that differs.
///
/// A number is an optional sign, digits with an optional point, and an optional exponent.
/// Trailing newlines are ignored.
public func compareOutput(expected: String, actual: String, tolerance: OutputTolerance = .standard) -> String? {
    guard let d = firstDifference(expected: expected, actual: actual, tolerance: tolerance) else { return nil }
    return
        "output line \(d.line): expected \(d.expectedLine.map { "'\($0)'" } ?? "no line"), got \(d.actualLine.map { "'\($0)'" } ?? "no line")"
}

/// Where a block's output first differs from its ```output block beyond its tolerance.
public struct OutputDifference: Equatable, Sendable {
    /// 1-based line of the output.
    public var line: Int
    /// The two lines (`nil`: there is no such line).
    public var expectedLine: Substring?
    public var actualLine: Substring?
    /// The first number of the line that moved beyond the tolerance; `nil` when the lines differ
    /// in their text.
    public var number: MovedNumber?

    /// A number as the output block has it and as the block printed it.
    public struct MovedNumber: Equatable, Sendable {
        public var expected: Substring
        public var actual: Substring
        /// |new − old| / |old|; `nil` when old is 0.
        public var change: Double?
    }

    /// The rounding-perturbation test's message: what moved, and by how much.
    /// "'0.063' became '0.052' under perturbation 1 (17 %)", or the whole lines when their text
    /// differs.
    public func roundingMessage(seed: String) -> String {
        let moved: String
        if let n = number {
            let change = n.change.map { " (\(formatPercent($0)) %)" } ?? ""
            moved = "'\(n.expected)' became '\(n.actual)' under perturbation \(seed)\(change)"
        } else {
            moved =
                "output line \(line) \(expectedLine.map { "'\($0)'" } ?? "(no line)") became \(actualLine.map { "'\($0)'" } ?? "no line") under perturbation \(seed)"
        }
        return "output varies with rounding: \(moved); print it at a stable precision or give the block a tolerance"
    }
}

/// A relative change as a percentage with two significant digits at most: 17, 2.5, 0.031.
private func formatPercent(_ fraction: Double) -> String {
    let p = fraction * 100
    if p >= 10 { return String(Int(p.rounded())) }
    var digits = 1
    while digits < 12 && p * pow10(digits) < 10 { digits += 1 }
    let scale = pow10(digits)
    let rounded = (p * scale).rounded() / scale
    return "\(rounded)"
}

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

/// The first line where `actual` differs from `expected` beyond `tolerance`, or `nil`.
public func firstDifference(expected: String, actual: String, tolerance: OutputTolerance = .standard) -> OutputDifference? {
    let e = trimmedLines(expected), a = trimmedLines(actual)
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? e[i] : nil
        let al = i < a.count ? a[i] : nil
        guard let el, let al else { return OutputDifference(line: i + 1, expectedLine: el, actualLine: al, number: nil) }
        if !linesAgree(el, al, tolerance: tolerance) {
            return OutputDifference(line: i + 1, expectedLine: el, actualLine: al, number: firstMovedNumber(el, al, tolerance: tolerance))
        }
    }
    return nil
}

private func trimmedLines(_ s: String) -> [Substring] {
    var lines = s.split(separator: "\n", omittingEmptySubsequences: false)
    while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
    return lines
}

/// Two lines agree when their non-number text is identical and their numbers agree.
func linesAgree(_ a: Substring, _ b: Substring, tolerance: OutputTolerance) -> Bool {
    if a == b { return true }
    let ta = tokens(a), tb = tokens(b)
    guard ta.count == tb.count else { return false }
    for (x, y) in zip(ta, tb) {
        switch (x, y) {
        case (.text(let s), .text(let t)): if s != t { return false }
        case (.number(let u, _), .number(let v, _)): if !tolerance.agree(u, v) { return false }
        default: return false
        }
    }
    return true
}

/// The first pair of numbers of two lines with the same text that disagree, as printed, with the
/// relative change; `nil` when the lines' text differs.
private func firstMovedNumber(_ a: Substring, _ b: Substring, tolerance: OutputTolerance) -> OutputDifference.MovedNumber? {
    let ta = tokens(a), tb = tokens(b)
    guard ta.count == tb.count else { return nil }
    for (x, y) in zip(ta, tb) {
        switch (x, y) {
        case (.text(let s), .text(let t)): if s != t { return nil }
        case (.number(let u, let us), .number(let v, let vs)):
            if !tolerance.agree(u, v) { return .init(expected: us, actual: vs, change: u == 0 ? nil : abs(v - u) / abs(u)) }
        default: return nil
        }
    }
    return nil
}

enum Token: Equatable {
    case text(Substring)
    /// A number's value and its text as printed.
    case number(Double, Substring)
}

/// Splits a line into numbers and the text between them.
func tokens(_ line: Substring) -> [Token] {
    var result: [Token] = []
    let chars = Array(line.utf8)
    var i = 0, textStart = 0
    func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k] >= 48 && chars[k] <= 57 }
    while i < chars.count {
        let startsNumber: Bool = {
            let prevIsWordChar =
                i > 0 && (isDigit(i - 1) || (chars[i - 1] | 0x20 >= 97 && chars[i - 1] | 0x20 <= 122) || chars[i - 1] == 95)
            if prevIsWordChar { return false }
            var k = i
            if chars[k] == 45 || chars[k] == 43 { k += 1 }  // - +
            if isDigit(k) { return true }
            return k < chars.count && chars[k] == 46 && isDigit(k + 1)  // .5
        }()
        guard startsNumber else { i += 1; continue }
        var k = i
        if chars[k] == 45 || chars[k] == 43 { k += 1 }
        while isDigit(k) { k += 1 }
        if k < chars.count, chars[k] == 46 { k += 1; while isDigit(k) { k += 1 } }
        if k < chars.count, chars[k] == 101 || chars[k] == 69 {  // e E
            var m = k + 1
            if m < chars.count, chars[m] == 45 || chars[m] == 43 { m += 1 }
            if isDigit(m) { k = m; while isDigit(k) { k += 1 } }
        }
        let text = String(decoding: chars[i..<k], as: UTF8.self)
        guard let value = Double(text) else { i = k; continue }
        if textStart < i { result.append(.text(Substring(String(decoding: chars[textStart..<i], as: UTF8.self)))) }
        result.append(.number(value, Substring(text)))
        i = k
        textStart = k
    }
    if textStart < chars.count { result.append(.text(Substring(String(decoding: chars[textStart...], as: UTF8.self)))) }
    return result
}

/// The update command's rewrite: the chapter's text with each ```output block whose block's
/// output differs from it beyond its tolerance replaced by what the block printed (its fence,
/// options included, is kept).
/// Blocks that did not run, and blocks that agree, keep their text. Line numbers come from the
/// parse, so the rest of the file is kept byte for byte: its line endings (`\r\n` stays `\r\n`,
/// and the new lines get the file's ending) and its byte-order mark.
public func rewriteExpectedOutputs(_ text: String, blocks: [CodeBlock], results: [BlockResult]) -> String {
    let bom = text.hasPrefix("\u{FEFF}")
    let body = bom ? String(text.dropFirst()) : text
    // Split on the byte: for a String, "\r\n" is one Character and would not match "\n".
    var lines = body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    let crlf = lines.dropLast().contains { $0.hasSuffix("\r") }
    // From the bottom up, so that earlier line numbers stay valid.
    for (block, result) in zip(blocks, results).reversed() {
        guard let expected = block.expected, result.ran else { continue }
        guard compareOutput(expected: expected.text, actual: result.printedText, tolerance: expected.tolerance) != nil else { continue }
        var printed = result.printedText
        if printed.hasSuffix("\n") { printed.removeLast() }
        let newLines = printed.isEmpty ? [] : printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = expected.fenceLine  // 0-based index of the line after the opening fence
        let last = expected.closingLine - 1  // 0-based index of the closing fence
        guard first <= last, last < lines.count else { continue }
        lengthenFence(&lines, opening: first - 1, closing: last, toHold: newLines, crlf: crlf)
        lines.replaceSubrange(first..<last, with: newLines.map { crlf ? $0 + "\r" : $0 })
    }
    return (bom ? "\u{FEFF}" : "") + lines.joined(separator: "\n")
}

/// Makes the fence at lines `opening` and `closing` longer than any run of its character that
/// starts a line of `content`, so that a printed ``` cannot close the output block early (and
/// open a block that swallows the rest of the chapter). Fences are left alone when they hold.
private func lengthenFence(_ lines: inout [String], opening: Int, closing: Int, toHold content: [String], crlf: Bool) {
    let open = lines[opening]
    let indent = String(open.prefix { $0 == " " })
    guard let char = open.dropFirst(indent.count).first, char == "`" || char == "~" else { return }
    let count = open.dropFirst(indent.count).prefix { $0 == char }.count
    let longest = content.map { $0.drop { $0 == " " }.prefix { $0 == char }.count }.max() ?? 0
    guard longest >= count else { return }
    let fence = String(repeating: char, count: longest + 1)
    lines[opening] = indent + fence + open.dropFirst(indent.count + count)
    let close = lines[closing]
    let closeIndent = String(close.prefix { $0 == " " })
    lines[closing] = closeIndent + fence + close.dropFirst(closeIndent.count).drop { $0 == char }
}
