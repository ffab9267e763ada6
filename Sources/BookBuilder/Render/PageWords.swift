/// One word or sentence that the renderer itself writes into a page (not the chapter's text): a
/// figure caption's prefix, a cross-reference's word, a callout's title, a cell's notes. Its raw
/// value is the English pattern; `{name}` is a placeholder the renderer fills (a number, a line, a
/// link), which every translation must keep.
public enum PageWord: String, CaseIterable, Sendable {
    case figureCaption = "Figure {number}:"
    case figureReference = "Figure {number}"
    case equationReference = "Equation {number}"
    case sectionReference = "Section {number}"
    case tableReference = "Table {number}"
    case exercise = "Exercise {number}"
    case showSolution = "Show the solution"
    case solution = "Solution"
    case showCode = "Show code"
    case references = "References"
    case contents = "Contents"
    case note = "Note", tip = "Tip", important = "Important", warning = "Warning", caution = "Caution"
    case sectionLink = "link to this section"
    case checkLine = "line {line}"
    case compiledNotRun = "Compiled, not run."
    case notRun = "Not run: the chapter stopped at line {line}."
    case toleranceRelative =
        "The numbers of this output may vary by {tolerance} of their value between machines: other CPUs round differently, and training amplifies it."
    case toleranceAbsolute =
        "The numbers of this output may vary by {tolerance} between machines: other CPUs round differently, and training amplifies it."
    case computed = "computed when the chapter ran: {expression}"
    case notComputedBelow = "not computed: it reads a name that a block below it sets"
    case notComputedStopped = "not computed: the chapter stopped before line {line}"
    case download = "Run this chapter yourself: {link} (all its blocks in order; {command} in the book's folder makes a package of it)."
    case bibliography = "Bibliography"
    case citedIn = "Cited in {chapters}."
    case includeLine = "line {number}"
    case includeLines = "lines {first}–{last}"

    /// Where the word shows, for the translator: the extracted comment of its catalog entry.
    public var comment: String {
        switch self {
        case .figureCaption: "figure caption prefix; {number} is 5.1"
        case .figureReference: "cross-reference to a figure; {number} is 5.1 (its spaces become non-breaking)"
        case .equationReference: "cross-reference to an equation; {number} is 5.1 (its spaces become non-breaking)"
        case .sectionReference: "cross-reference to a section; {number} is 5.3 (its spaces become non-breaking)"
        case .tableReference: "cross-reference to a table; {number} is 5.1 (its spaces become non-breaking)"
        case .exercise: "title of an exercise; {number} is 5.1"
        case .showSolution: "the button that opens an exercise's solution"
        case .solution: "title of an opened solution in print.html"
        case .showCode: "the button that opens folded code"
        case .references: "heading of a page's list of the works it cites"
        case .contents: "heading of the contents list in print.html"
        case .note, .tip, .important, .warning, .caution: "title of a callout box (> [!\(rawValue.uppercased())])"
        case .sectionLink: "tooltip (aria-label) of a heading's # link"
        case .checkLine: "tooltip of a check's mark; {line} is the line of the check"
        case .compiledNotRun: "note under a norun block"
        case .notRun: "note under a block after a crash; {line} is where the chapter stopped"
        case .toleranceRelative: "note under an output whose numbers may move; {tolerance} is 1e-3"
        case .toleranceAbsolute: "note under an output whose numbers may move; {tolerance} is 0.05"
        case .computed: "tooltip of an inline value; {expression} is its Swift expression"
        case .notComputedBelow: "tooltip of an inline value that reads a name set below it"
        case .notComputedStopped: "tooltip of an inline value after a crash; {line} is where the chapter stopped"
        case .download: "line under a chapter; {link} is the link main.swift, {command} is make export CHAPTER=05 DIR=…"
        case .bibliography: "heading of the bibliography page"
        case .includeLine: "caption of library code shown by include=, after its file's name; {number} is 23"
        case .includeLines: "caption of library code shown by include=, after its file's name; {first} and {last} are 23 and 38"
        case .citedIn: "after a work on the bibliography page; {chapters} is the linked titles of the chapters citing it, joined by ', '"
        }
    }

    /// The placeholders of the English pattern, `{number}`, in order.
    public var placeholders: [String] { pageWordPlaceholders(rawValue) }
}

/// The `{name}` placeholders of a pattern, in order.
func pageWordPlaceholders(_ pattern: String) -> [String] {
    var out: [String] = []
    var rest = pattern[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
        let name = rest[rest.index(after: open)..<close]
        if !name.isEmpty, name.allSatisfy({ $0.isLetter }) { out.append("{\(name)}") }
        rest = rest[rest.index(after: close)...]
    }
    return out
}

/// The page words of one language: the English patterns, or a translation's where it has one.
/// RenderPage, the cross-references, print.html and the download line write with it.
public struct PageWords: Sendable {
    private var translated: [PageWord: String] = [:]

    /// The English site's words.
    public static let english = PageWords()

    public init() {}

    /// Each word's translation from `lookup`, the English pattern where it gives none.
    public init(lookup: (PageWord) -> String?) {
        for word in PageWord.allCases { translated[word] = lookup(word) }
    }

    /// The pattern of `word` with each `{name}` replaced by `values[name]`, as plain text.
    public func text(_ word: PageWord, _ values: [String: String] = [:]) -> String {
        fill(translated[word] ?? word.rawValue, values)
    }

    /// The pattern of `word` escaped for HTML, each `{name}` replaced by `values[name]`, which are
    /// HTML already.
    public func html(_ word: PageWord, _ values: [String: String] = [:]) -> String {
        fill(escapeHTML(translated[word] ?? word.rawValue), values)
    }

    /// A cross-reference's text, "Figure 4.2", its spaces non-breaking; nil for a label of no kind.
    func reference(label: String, number: String) -> String? {
        let kinds: [(String, PageWord)] = [
            ("fig-", .figureReference), ("eq-", .equationReference), ("sec-", .sectionReference), ("tbl-", .tableReference),
        ]
        guard let word = kinds.first(where: { label.hasPrefix($0.0) })?.1 else { return nil }
        return text(word, ["number": number]).replacingOccurrences(of: " ", with: "\u{A0}")
    }

    /// The title of a callout box.
    func title(_ kind: CalloutKind) -> String {
        switch kind {
        case .note: text(.note)
        case .tip: text(.tip)
        case .important: text(.important)
        case .warning: text(.warning)
        case .caution: text(.caution)
        }
    }

    private func fill(_ pattern: String, _ values: [String: String]) -> String {
        values.reduce(pattern) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
