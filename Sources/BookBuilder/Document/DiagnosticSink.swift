/// Where every pass reports what it found: one list per chapter, in the order the passes ran,
/// each diagnostic tagged with where it came from. The tag decides where it shows: the page,
/// the terminal, or both, and whether it stops the chapter from running.
public struct DiagnosticSink: Sendable {
    /// Where a diagnostic came from.
    public enum Origin: Sendable, Equatable {
        /// Reading the chapter: math, fences, block options, the compiler. An error stops the
        /// chapter from running; the page shows it beside its block or on top.
        case chapter
        /// The authoring syntax: citations, labels, includes, inline values, figure labels. Shown
        /// like `chapter`, but the chapter still runs.
        case authoring
        /// The run (a trap, a failed check, a time-out): the cells show it already, so the page
        /// does not show it twice.
        case run
        /// A block's output differs from its ```output block (a warning, shown beside the block).
        case output
        /// Found once all chapters were read (cross-references): terminal only, the page is written.
        case book
        /// KaTeX could not read a formula: terminal only (the page shows the formula in red); these
        /// come last, in the order of the book's formulas.
        case mathCheck
    }

    public private(set) var entries: [(diagnostic: Diagnostic, origin: Origin)] = []

    public init() {}

    public mutating func report(_ diagnostic: Diagnostic, _ origin: Origin) {
        entries.append((diagnostic, origin))
    }

    public mutating func report(_ diagnostics: [Diagnostic], _ origin: Origin) {
        for d in diagnostics { report(d, origin) }
    }

    /// The diagnostics of some origins, in the order they were reported.
    public func of(_ origins: Origin...) -> [Diagnostic] {
        entries.filter { origins.contains($0.origin) }.map(\.diagnostic)
    }

    /// Whether reading the chapter found an error (then it is not compiled or run).
    public var stopsTheRun: Bool { of(.chapter).contains { $0.severity == .error } }

    /// What the page shows beside the blocks and on top: reading and authoring problems, then the
    /// outputs that differ.
    public var onPage: [Diagnostic] { of(.chapter, .authoring, .output) }

    /// Everything but the output differences, as the terminal lists it: in line order, then the
    /// KaTeX warnings.
    public var sorted: [Diagnostic] {
        of(.chapter, .authoring, .run, .book).sorted { ($0.line, $0.message) < ($1.line, $1.message) } + of(.mathCheck)
    }
}
