/// An inline value is computed where it stands, after the blocks above it: one that reads a
/// variable a block below declares reads it before it is set (zero, an empty array, or a trap).
/// These find the names an expression reads and the names each block declares at its top level,
/// on Swift's tokens (strings and comments skipped, brackets counted), without a compiler.

/// One token of Swift source: an identifier or keyword, or one punctuation character, with its
/// bracket depth and whether a line break comes before it.
struct SwiftToken: Equatable {
    var text: String
    var depth: Int
    var newlineBefore: Bool
    var isIdentifier: Bool { text.unicodeScalars.first.map { $0 == "_" || $0.properties.isAlphabetic } ?? false }
}

/// The tokens of `code`. String literals are skipped, but the code of their interpolations
/// `\(...)` is read; comments are skipped.
func swiftTokens(_ code: String) -> [SwiftToken] {
    var lexer = SwiftLexer(s: Array(code.unicodeScalars))
    lexer.code(until: nil)
    return lexer.tokens
}

struct SwiftLexer {
    let s: [Unicode.Scalar]
    var i = 0
    var depth = 0
    var newline = true
    var tokens: [SwiftToken] = []

    static func isIdentifierChar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// Reads code up to the `)` that closes an interpolation (`until` = the depth it opened at).
    mutating func code(until closeDepth: Int?) {
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                newline = true
                i += 1
            } else if c == " " || c == "\t" || c == "\r" {
                i += 1
            } else if c == "/", i + 1 < s.count, s[i + 1] == "/" {
                while i < s.count, s[i] != "\n" { i += 1 }
            } else if c == "/", i + 1 < s.count, s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
            } else if c == "\"" || c == "#" && i + 1 < s.count && s[i + 1] == "\"" {
                string()
            } else if Self.isIdentifierChar(c) || c == "$" || c == "`" {
                let start = i
                i += 1
                while i < s.count, Self.isIdentifierChar(s[i]) || s[i] == "`" { i += 1 }
                emit(String(String.UnicodeScalarView(s[start..<i])).replacingOccurrences(of: "`", with: ""))
            } else {
                if c == ")" || c == "]" || c == "}" {
                    depth -= 1
                    if let closeDepth, depth < closeDepth {  // the `)` that ends an interpolation
                        i += 1
                        return
                    }
                }
                emit(String(c))
                if c == "(" || c == "[" || c == "{" { depth += 1 }
                i += 1
            }
        }
    }

    mutating func emit(_ text: String) {
        tokens.append(SwiftToken(text: text, depth: depth, newlineBefore: newline))
        newline = false
    }

    /// A string literal (`"..."`, `"""..."""`, raw `#"..."#`), its interpolations read as code.
    mutating func string() {
        var hashes = 0
        while i < s.count, s[i] == "#" {
            hashes += 1
            i += 1
        }
        let triple = i + 2 < s.count && s[i + 1] == "\"" && s[i + 2] == "\""
        let quotes = triple ? 3 : 1
        i += quotes
        let escape = "\\" + String(repeating: "#", count: hashes)
        while i < s.count {
            if s[i] == "\"", (0..<quotes).allSatisfy({ i + $0 < s.count && s[i + $0] == "\"" }),
                (0..<hashes).allSatisfy({ i + quotes + $0 < s.count && s[i + quotes + $0] == "#" })
            {
                i += quotes + hashes
                return
            }
            if s[i] == "\\", matches(escape, at: i) {
                i += escape.unicodeScalars.count
                if i < s.count, s[i] == "(" {
                    i += 1
                    depth += 1
                    code(until: depth)
                } else {
                    i += 1
                }
                continue
            }
            if s[i] == "\n" { newline = true }
            i += 1
        }
    }

    func matches(_ text: String, at k: Int) -> Bool {
        let t = Array(text.unicodeScalars)
        return k + t.count <= s.count && Array(s[k..<(k + t.count)]) == t
    }
}

/// Swift's keywords and literals that can stand where a name does; never a variable read.
let swiftKeywords: Set<String> = [
    "let", "var", "func", "if", "else", "in", "return", "true", "false", "nil", "self", "Self", "try", "as", "is",
    "for", "while", "guard", "switch", "case", "default", "where", "some", "any", "await", "inout", "init", "_",
]

/// The names `expression` reads: its identifiers, but not members (`.count`), argument labels
/// (`digits:`), keywords, or the parameters of its closures (`{ x in ... }`, `$0`).
func namesRead(by expression: String) -> [String] {
    let tokens = swiftTokens(expression)
    var parameters: Set<String> = []
    for (k, t) in tokens.enumerated() where t.text == "{" {
        var j = k + 1
        var names: [String] = []
        while j < tokens.count, tokens[j].text != "in", tokens[j].text != "{", tokens[j].text != "}" {
            if tokens[j].isIdentifier { names.append(tokens[j].text) }
            j += 1
        }
        if j < tokens.count, tokens[j].text == "in" { parameters.formUnion(names) }
    }
    var names: [String] = []
    for (k, t) in tokens.enumerated() where t.isIdentifier && !swiftKeywords.contains(t.text) && !parameters.contains(t.text) {
        if k > 0, tokens[k - 1].text == "." { continue }
        if k + 1 < tokens.count, tokens[k + 1].text == ":", tokens[k].depth > 0 { continue }
        if !names.contains(t.text) { names.append(t.text) }
    }
    return names
}

/// The names a block declares at its top level: `let`/`var` patterns (`let a = 1, b = 2`,
/// `let (x, y) = ...`, `var h: Matrix`), `guard let`, and `func`s. Names bound by `if let`,
/// `for`, closures and bodies are local, and not counted.
func topLevelDeclarations(_ code: String) -> [String] {
    let tokens = swiftTokens(code)
    var names: [String] = []
    var inCondition = false  // between `if`/`while` and its `{`
    var k = 0
    while k < tokens.count {
        let t = tokens[k]
        guard t.depth == 0 else {
            k += 1
            continue
        }
        if t.text == "if" || t.text == "while" || t.text == "switch" || t.text == "for" { inCondition = true }
        if t.text == "{" { inCondition = false }
        if t.text == "func", k + 1 < tokens.count, tokens[k + 1].isIdentifier {
            names.append(tokens[k + 1].text)
        } else if (t.text == "let" || t.text == "var") && !inCondition {
            k = bindings(tokens, from: k + 1, into: &names)
            continue
        }
        k += 1
    }
    return names.filter { $0 != "_" }
}

/// The pattern names of one `let`/`var` statement from `start`, and where it ends.
private func bindings(_ tokens: [SwiftToken], from start: Int, into names: inout [String]) -> Int {
    var k = start
    var expectPattern = true
    while k < tokens.count {
        let t = tokens[k]
        if k > start, t.depth == 0, t.newlineBefore, !expectPattern { return k }
        if t.depth == 0, t.text == ";" { return k }
        if expectPattern && t.depth == 0 {
            if t.text == "(" {
                var j = k + 1
                while j < tokens.count, tokens[j].depth > 0 {
                    let next = j + 1 < tokens.count ? tokens[j + 1].text : ""
                    if tokens[j].isIdentifier, next == "," || next == ")" { names.append(tokens[j].text) }
                    j += 1
                }
                k = j
            } else if t.isIdentifier {
                names.append(t.text)
                k += 1
            }
            expectPattern = false
            continue
        }
        if t.depth == 0, t.text == ",", k + 2 < tokens.count, tokens[k + 1].isIdentifier,
            tokens[k + 2].text == "=" || tokens[k + 2].text == ":"
        {
            expectPattern = true
        }
        k += 1
    }
    return k
}

extension AuthoringContext {
    /// The inline values that read a name which only a block below them declares, each with its
    /// error at the value's line. Blocks that run in the chapter's flow count (a `fails` or
    /// `norun` block's names are local to it); a name declared above and set again below is fine.
    public func inlineValuesReadingLater(_ blocks: [CodeBlock], file: String) -> [(index: Int, error: Diagnostic)] {
        let declared = blocks.filter { !$0.options.norun && !$0.options.fails && $0.options.include == nil }
            .map { (line: $0.fenceLine, names: Set(topLevelDeclarations($0.code))) }
        var found: [(index: Int, error: Diagnostic)] = []
        for (n, value) in marks.inlineValues.enumerated() {
            for name in namesRead(by: value.expression) where !declared.contains(where: { $0.line < value.line && $0.names.contains(name) })
            {
                guard let later = declared.first(where: { $0.line > value.line && $0.names.contains(name) }) else { continue }
                let message = "'\(name)' is set by the block at line \(later.line), after this sentence; move the sentence below it"
                found.append((n, Diagnostic(file: file, line: value.line, message)))
                break
            }
        }
        return found
    }
}
