import Foundation
import NotebookProtocol

/// A figure shown with `show(fig, label:, caption:)`, as the chapter's run reported it.
public struct FigureLabel: Sendable, Equatable {
    public var label: String
    public var caption: String
    /// The line of the `show` call.
    public var line: Int
}

/// A label of a chapter and what a reference to it shows: "Figure 4.2" linking to `page#label`.
public struct LabelTarget: Sendable, Equatable {
    public var name: String
    /// "4.2"
    public var number: String
    public var page: String
    /// Where the label is defined (chapter file and line), for the duplicate-label error.
    public var file: String
    public var line: Int

    /// "Figure 4.2", from the label's prefix.
    public var text: String {
        let word = crossReferenceKinds.first { name.hasPrefix($0.prefix) }?.word ?? "Item"
        return "\(word)\u{A0}\(number)"
    }
}

/// What the authoring features know about one chapter, gathered pass by pass: the prose scan
/// and the bibliography (`ParseChapter`), the includes (`ResolveIncludes`) before the run, figure
/// labels and inline values after it (`SplitOutput`). The render pass reads it.
public struct AuthoringContext: Sendable {
    public var marks = AuthoringMarks()
    public var includes: [Int: IncludedCode] = [:]
    public var bibliography = Bibliography()
    /// The chapter's number (4 for `04-lstm`), which numbers its figures, equations and sections.
    public var chapterNumber: Int?
    /// Labelled figures by their position among all the chapter's figures (0-based).
    public var figureLabels: [Int: FigureLabel] = [:]
    /// The values of the inline expressions that ran, by index.
    public var inlineValues: [Int: String] = [:]
    /// The inline value whose expression was being computed when the program stopped, if any.
    public var stoppedInInlineValue: Int? = nil
    /// Inline values that are not computed: they read a name a block below them sets (an error
    /// at their line already), so their value would be that of an unset variable.
    public var inlineValuesNotComputed: Set<Int> = []

    public init() {}

    /// The blocks as the program runs them: an include block has no code (it is shown, never
    /// run); each inline value is computed at the end of the last block above it that runs in the
    /// chapter's flow (or before the first such block), under a `#sourceLocation` of its prose line.
    public func programBlocks(_ blocks: [CodeBlock], file: String) -> (blocks: [CodeBlock], errors: [Diagnostic]) {
        var out = blocks
        var errors: [Diagnostic] = []
        for i in out.indices where out[i].options.include != nil { out[i].code = "" }
        func runsInFlow(_ b: CodeBlock) -> Bool { !b.options.norun && !b.options.fails && b.options.include == nil }
        for (n, value) in marks.inlineValues.enumerated() where !inlineValuesNotComputed.contains(n) {
            let call =
                "#sourceLocation(file: \"\(file)\", line: \(value.line))\n_bookInlineStart(\(n)); _bookInline(\(n), (\(value.expression)))\n"
            if let host = out.lastIndex(where: { $0.fenceLine < value.line && runsInFlow($0) }) {
                let code = out[host].code.hasSuffix("\n") || out[host].code.isEmpty ? out[host].code : out[host].code + "\n"
                out[host].code = code + call
            } else if let host = out.firstIndex(where: runsInFlow) {
                out[host].code = call + "#sourceLocation(file: \"\(file)\", line: \(out[host].firstLine))\n" + out[host].code
            } else {
                errors.append(Diagnostic(file: file, line: value.line, "an inline value needs a swift block that runs in the chapter"))
            }
        }
        return (out, errors)
    }

    /// Reads the authoring records of a run: figure labels and inline values.
    public mutating func read(_ run: ProcessResult) {
        read(NotebookRecord.decode(run.records))
    }

    /// Reads the authoring records among a run's `records`: figure labels and inline values.
    public mutating func read(_ records: [NotebookRecord.Positioned]) {
        var figure = 0
        var pending: FigureLabel? = nil
        for positioned in records {
            switch positioned.record {
            case .figure:
                if let p = pending { figureLabels[figure] = p }
                pending = nil
                figure += 1
            case .figureLabel(let line, let label, let caption):
                pending = FigureLabel(label: label, caption: caption, line: line)
            case .inlineStart(let n):
                stoppedInInlineValue = n
            case .inlineValue(let n, let value):
                inlineValues[n] = value
                stoppedInInlineValue = nil
            default:
                break
            }
        }
    }

    /// The run's diagnostics, with a trap inside an inline value moved to the value's prose line
    /// (a trap message names the library's file, not the chapter's line).
    public func relocated(_ diagnostics: [Diagnostic], file: String) -> [Diagnostic] {
        guard let n = stoppedInInlineValue, n < marks.inlineValues.count else { return diagnostics }
        let value = marks.inlineValues[n]
        return diagnostics.map { d in
            guard d.message.hasPrefix("the program trapped") || d.message.hasPrefix("the program exited") else { return d }
            return Diagnostic(file: file, line: value.line, "in the inline value `\(value.expression)`: \(d.message)")
        }
    }

    /// Inline values whose expression has no value (`{swift} print(loss)` shows `()`): an error at
    /// the value's line.
    public func valuelessInlineValues(file: String) -> [Diagnostic] {
        inlineValues.sorted { $0.key < $1.key }.filter { $0.value == "()" && $0.key < marks.inlineValues.count }.map {
            let value = marks.inlineValues[$0.key]
            return Diagnostic(
                file: file, line: value.line,
                "the inline value `\(value.expression)` has no value (it shows '()'): write the expression itself, e.g. `{swift} fixed(x, 3)`, not a statement"
            )
        }
    }

    /// Problems found after the run: a figure label that is not `fig-...` or is used twice in the chapter.
    public func figureDiagnostics(file: String) -> [Diagnostic] {
        var seen: [String: Int] = [:]
        for e in marks.equations { seen[e.name] = e.line }
        for s in marks.sections { seen[s.name] = s.line }
        var errors: [Diagnostic] = []
        for (_, f) in figureLabels.sorted(by: { $0.key < $1.key }) {
            if !f.label.hasPrefix("fig-") || f.label.count < 5 {
                errors.append(Diagnostic(file: file, line: f.line, "a figure's label must start with 'fig-', found '\(f.label)'"))
            } else if let first = seen[f.label] {
                errors.append(Diagnostic(file: file, line: f.line, "the label '\(f.label)' is already defined at line \(first)"))
            }
            seen[f.label] = seen[f.label] ?? f.line
        }
        return errors
    }
}

/// The number of a chapter from its slug: 4 for `04-lstm`, nil for a slug without one.
public func chapterNumber(ofSlug slug: String) -> Int? {
    Int(slug.prefix { $0.isASCII && $0.isNumber })
}
