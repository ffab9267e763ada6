/// The strings a swift block passes to the notebook that the page shows: the caption of
/// `show(figure, label: ..., caption: "...")` and the claim of `check(condition, "...")`, when it
/// is a static string literal (or literals joined with `+`). A literal with an interpolation
/// `\(...)` is computed, so it is not a message and stays English.
///
/// - Parameters:
///   - lines: the block's code lines; `firstLine` is the chapter line of the first of them.
func notebookStrings(_ lines: [String], firstLine: Int, file: String) -> [I18nMessage] {
    let tokens = LiteralTokens(lines, firstLine: firstLine).tokens
    var messages: [I18nMessage] = []
    for (k, token) in tokens.enumerated() {
        guard case .word(let name) = token.kind, name == "check" || name == "show", k + 1 < tokens.count,
            tokens[k + 1].kind == .punct("(")
        else { continue }
        if k > 0, tokens[k - 1].kind == .punct(".") || tokens[k - 1].kind == .word("func") { continue }
        let arguments = callArguments(tokens, open: k + 1)
        let wanted: ArraySlice<LiteralToken>?
        if name == "check" {
            wanted = arguments.count >= 2 ? arguments[1] : nil
        } else {
            wanted = arguments.first { $0.count > 2 && $0.first?.kind == .word("caption") && $0.dropFirst().first?.kind == .punct(":") }?
                .dropFirst(2)
        }
        guard let wanted, let (text, line) = staticString(wanted) else { continue }
        messages.append(I18nMessage(text: text, kind: name == "check" ? .check : .caption, file: file, line: line))
    }
    return messages
}

/// The arguments of the call whose `(` is token `open`: the tokens between the top-level commas.
private func callArguments(_ tokens: [LiteralToken], open: Int) -> [ArraySlice<LiteralToken>] {
    var arguments: [ArraySlice<LiteralToken>] = []
    var depth = 0
    var start = open + 1
    for j in (open + 1)..<tokens.count {
        switch tokens[j].kind {
        case .punct("("), .punct("["), .punct("{"): depth += 1
        case .punct(")") where depth == 0, .punct(",") where depth == 0:
            arguments.append(tokens[start..<j])
            if tokens[j].kind == .punct(")") { return arguments }
            start = j + 1
        case .punct(")"), .punct("]"), .punct("}"): depth -= 1
        default: break
        }
    }
    return arguments
}

/// The value of string literals joined with `+`, and the line of the first, when none of them
/// interpolates; nil for anything else.
private func staticString(_ tokens: ArraySlice<LiteralToken>) -> (String, Int)? {
    var text = ""
    var expectLiteral = true
    for token in tokens {
        switch token.kind {
        case .string(let value, interpolated: false) where expectLiteral: text += value
        case .punct("+") where !expectLiteral: break
        default: return nil
        }
        expectLiteral.toggle()
    }
    guard !expectLiteral, let first = tokens.first, !text.isEmpty else { return nil }
    return (text, first.line)
}

struct LiteralToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case punct(Character)
        case string(String, interpolated: Bool)
    }
    var kind: Kind
    var line: Int
}

/// A small Swift tokenizer: words, punctuation, string literals with their value (comments and
/// whitespace dropped). Enough to find a call's arguments; not a Swift parser.
struct LiteralTokens {
    private(set) var tokens: [LiteralToken] = []
    private let c: [Character]
    private var j = 0
    private var line: Int

    init(_ lines: [String], firstLine: Int) {
        c = Array(lines.joined(separator: "\n"))
        line = firstLine
        while j < c.count { next() }
    }

    private func at(_ k: Int) -> Character? { k < c.count ? c[k] : nil }

    private mutating func next() {
        let ch = c[j]
        if ch == "\n" {
            line += 1
            j += 1
        } else if ch == "/" && at(j + 1) == "/" {
            while j < c.count, c[j] != "\n" { j += 1 }
        } else if ch == "/" && at(j + 1) == "*" {
            j += 2
            while j < c.count, !(c[j] == "*" && at(j + 1) == "/") {
                if c[j] == "\n" { line += 1 }
                j += 1
            }
            j += 2
        } else if ch == "\"" {
            tokens.append(stringLiteral())
        } else if ch.isLetter || ch == "_" {
            var word = ""
            while let w = at(j), w.isLetter || w.isNumber || w == "_" {
                word.append(w)
                j += 1
            }
            tokens.append(LiteralToken(kind: .word(word), line: line))
        } else {
            if !ch.isWhitespace { tokens.append(LiteralToken(kind: .punct(ch), line: line)) }
            j += 1
        }
    }

    /// A literal from its opening `"`: its value with the escapes read; a multi-line `"""`
    /// literal counts as interpolated (it is never a message).
    private mutating func stringLiteral() -> LiteralToken {
        let start = line
        if at(j + 1) == "\"" && at(j + 2) == "\"" {
            j += 3
            while j < c.count, !(c[j] == "\"" && at(j + 1) == "\"" && at(j + 2) == "\"") {
                if c[j] == "\n" { line += 1 }
                j += 1
            }
            j += 3
            return LiteralToken(kind: .string("", interpolated: true), line: start)
        }
        j += 1
        var value = ""
        var interpolated = false
        while j < c.count, c[j] != "\"", c[j] != "\n" {
            if c[j] == "\\", let e = at(j + 1) {
                j += 2
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "0": value.append("\0")
                case "(":
                    interpolated = true
                    skipInterpolation()
                case "u": value += unicodeEscape()
                default: value.append(e)
                }
            } else {
                value.append(c[j])
                j += 1
            }
        }
        j += 1
        return LiteralToken(kind: .string(value, interpolated: interpolated), line: start)
    }

    /// Past the `)` that closes an interpolation (strings inside it may hold parentheses).
    private mutating func skipInterpolation() {
        var depth = 1
        while j < c.count, depth > 0, c[j] != "\n" {
            if c[j] == "\"" {
                _ = stringLiteral()
                continue
            }
            if c[j] == "(" { depth += 1 }
            if c[j] == ")" { depth -= 1 }
            j += 1
        }
    }

    /// The character of `\u{XXXX}`, from its `{`.
    private mutating func unicodeEscape() -> String {
        guard at(j) == "{" else { return "u" }
        var hex = ""
        j += 1
        while let h = at(j), h != "}" {
            hex.append(h)
            j += 1
        }
        j += 1
        guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { return "" }
        return String(Character(scalar))
    }
}
