/// Compares what a block printed with its ```output block: numbers with a relative tolerance,
/// everything else exactly. Returns `nil` when they agree, or a message naming the first line
/// that differs.
///
/// A number is an optional sign, digits with an optional point, and an optional exponent; two
/// numbers agree when `|a − b| ≤ tolerance · max(|a|, |b|)` or both are within `tolerance` of 0.
/// Trailing newlines are ignored.
public func compareOutput(expected: String, actual: String, tolerance: Double = 1e-9) -> String? {
    let e = trimmedLines(expected), a = trimmedLines(actual)
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? e[i] : nil
        let al = i < a.count ? a[i] : nil
        guard let el, let al else {
            return "output line \(i + 1): expected \(el.map { "'\($0)'" } ?? "no line"), got \(al.map { "'\($0)'" } ?? "no line")"
        }
        if !linesAgree(el, al, tolerance: tolerance) {
            return "output line \(i + 1): expected '\(el)', got '\(al)'"
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
func linesAgree(_ a: Substring, _ b: Substring, tolerance: Double) -> Bool {
    if a == b { return true }
    let ta = tokens(a), tb = tokens(b)
    guard ta.count == tb.count else { return false }
    for (x, y) in zip(ta, tb) {
        switch (x, y) {
        case (.text(let s), .text(let t)): if s != t { return false }
        case (.number(let u), .number(let v)):
            if u == v { continue }
            let scale = max(abs(u), abs(v))
            if !(abs(u - v) <= tolerance * scale || scale <= tolerance) { return false }
        default: return false
        }
    }
    return true
}

enum Token: Equatable {
    case text(Substring)
    case number(Double)
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
        result.append(.number(value))
        i = k
        textStart = k
    }
    if textStart < chars.count { result.append(.text(Substring(String(decoding: chars[textStart...], as: UTF8.self)))) }
    return result
}

/// The update command's rewrite: the chapter's text with each ```output block whose block's
/// output differs from it beyond `compareOutput`'s tolerance replaced by what the block printed.
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
        guard compareOutput(expected: expected.text, actual: result.printedText) != nil else { continue }
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
