import Foundation

/// Checks of the authoring syntax that need more than one line of prose: what the scan found
/// against the math, the blocks and the chapter's directives. Each problem is a diagnostic at
/// its line.

extension AuthoringContext {
    /// Equation labels that follow inline math, `$x$ {#eq-x}`: an error at the label's line, and
    /// the label numbers no formula (KaTeX would get `\tag` in inline mode, which it refuses).
    public mutating func unlabelInlineMath(_ math: [MathSpan], file: String) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        for k in marks.equations.indices {
            guard let index = marks.equations[k].math, index < math.count, !math[index].display else { continue }
            let name = marks.equations[k].name
            errors.append(
                Diagnostic(
                    file: file, line: marks.equations[k].line,
                    "the label {#\(name)} follows inline math $...$; an equation label goes after display math: $$ ... $$ {#\(name)}"))
            marks.equations[k].math = nil
        }
        return errors
    }
}

extension AuthoringContext {
    /// Keys of the bibliography written `@key` without brackets: shown as written, not cited.
    public func bareCitationKeys(file: String) -> [Diagnostic] {
        marks.bareKeys.filter { bibliography[$0.label] != nil }.map {
            Diagnostic(
                file: file, line: $0.line, .warning,
                "'@\($0.label)' is shown as written, not cited: a citation goes in brackets, [@\($0.label)]")
        }
    }
}

/// The directives a chapter may give in a comment, exactly as the builder reads them.
let chapterDirectives = ["timeout=SECONDS", "optimize"]

/// The `<!-- book: ... -->` comments of `text` (outside fenced code) that the builder would not
/// read as written: an unknown directive or a misspelled form is a warning, a timeout that is
/// not a number of seconds an error; each at its line.
public func checkDirectives(_ text: String, fences: [FencedCode], file: String) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let pattern = try! NSRegularExpression(pattern: #"<!--\s*book\s*:(.*?)-->"#, options: [.caseInsensitive])
    for (n, lineText) in lines.enumerated() where !fences.contains(where: { n + 1 >= $0.startLine && n + 1 <= $0.endLine }) {
        let line = String(lineText)
        for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            let whole = String(line[Range(match.range, in: line)!])
            let words = String(line[Range(match.range(at: 1), in: line)!]).split(separator: " ").map(String.init)
            if let problem = directiveProblem(whole, words: words) {
                problems.append(Diagnostic(file: file, line: n + 1, problem.severity, problem.message))
            }
        }
    }
    return problems
}

/// What is wrong with one directive comment `whole` (its words after `book:`), or nil.
func directiveProblem(_ whole: String, words: [String]) -> (severity: Diagnostic.Severity, message: String)? {
    let known = "known: \(chapterDirectives.map { "<!-- book: \($0) -->" }.joined(separator: ", "))"
    guard words.count == 1, let word = words.first else {
        return (.warning, "a <!-- book: ... --> comment gives one directive, found \(words.count) (\(known)); it is ignored")
    }
    if word.lowercased().hasPrefix("timeout=") {
        let value = word.dropFirst("timeout=".count)
        guard let seconds = Double(value), seconds > 0, seconds.isFinite, value.allSatisfy({ $0.isNumber || $0 == "." }) else {
            return (.error, "'\(word)' is not a time budget: write a number of seconds, e.g. <!-- book: timeout=300 -->")
        }
        return whole.hasPrefix("<!-- book: timeout=")
            ? nil : (.warning, "this directive is not read as written: write it exactly as <!-- book: timeout=\(value) -->")
    }
    if word.lowercased() == "optimize" {
        return whole == "<!-- book: optimize -->"
            ? nil : (.warning, "this directive is not read as written: write it exactly as <!-- book: optimize -->")
    }
    let hint = word.lowercased().hasPrefix("optimi") ? "; did you mean <!-- book: optimize -->?" : ""
    return (.warning, "unknown directive '\(word)', so it is ignored (\(known))\(hint)")
}

/// The name among `candidates` that `name` is most likely a typo of (at most two edits, fewer
/// for short names), or nil: the "did you mean" of an unknown label or citation key.
func nearestName(to name: String, among candidates: [String]) -> String? {
    let limit = name.count <= 4 ? 1 : 2
    let scored = candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= limit && $0.0 != name }
    return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
}

/// Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return a.isEmpty ? b.count : row[b.count]
}
