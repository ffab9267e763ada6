/// A chapter file as read from disk.
public struct ChapterSource: Sendable, Equatable {
    /// Path relative to the book root, e.g. `Chapters/01-basics.md`; used in every message.
    public var path: String
    /// The file name without `.md`, e.g. `01-basics`; the page is `01-basics.html`.
    public var slug: String
    /// The whole text.
    public var text: String

    public init(path: String, slug: String, text: String) {
        self.path = path
        self.slug = slug
        self.text = text
    }
}

/// How a swift block is treated, from the words after ```swift on its fence line.
public struct BlockOptions: Equatable, Sendable {
    /// Runs, but the code is not shown (setup).
    public var hide = false
    /// Shown collapsed.
    public var fold = false
    /// Compiled but not run.
    public var norun = false
    /// Expected to fail (trap or failed check); the rest of the chapter still runs.
    public var fails = false
    /// An exercise: its starter code runs; a `solution` block may follow it.
    public var exercise = false
    /// The solution of the exercise above: runs in the chapter's flow, shown folded.
    public var solution = false
    /// `include=PATH:NAME`: shows the lines of a library file between `// ANCHOR: NAME` and
    /// `// ANCHOR_END: NAME`; shown, never run.
    public var include: String? = nil

    public init(
        hide: Bool = false, fold: Bool = false, norun: Bool = false, fails: Bool = false, exercise: Bool = false,
        solution: Bool = false, include: String? = nil
    ) {
        self.hide = hide
        self.fold = fold
        self.norun = norun
        self.fails = fails
        self.exercise = exercise
        self.solution = solution
        self.include = include
    }

    /// The option words a fence line may carry.
    public static let known = ["hide", "fold", "norun", "fails", "exercise", "solution", "include=PATH:NAME"]
}

/// One ```swift block of a chapter, with its expected output if one follows it.
public struct CodeBlock: Equatable, Sendable {
    /// 0-based position among the chapter's swift blocks.
    public var index: Int
    /// Line of the opening fence.
    public var fenceLine: Int
    /// Line of the first line of code (fence + 1).
    public var firstLine: Int { fenceLine + 1 }
    public var code: String
    public var options: BlockOptions
    /// The ```output block right after this one: its text and the line of its opening fence.
    public var expected: ExpectedOutput?

    public init(index: Int, fenceLine: Int, code: String, options: BlockOptions, expected: ExpectedOutput? = nil) {
        self.index = index
        self.fenceLine = fenceLine
        self.code = code
        self.options = options
        self.expected = expected
    }
}

/// An ```output block: the output its swift block is expected to print.
public struct ExpectedOutput: Equatable, Sendable {
    public var text: String
    /// Opening and closing fence lines (1-based, inclusive).
    public var fenceLine: Int
    public var closingLine: Int
    /// How far its numbers may move (```` ```output tolerance=20% ````); the default is 1e-9.
    public var tolerance: OutputTolerance

    public init(text: String, fenceLine: Int, closingLine: Int, tolerance: OutputTolerance = .standard) {
        self.text = text
        self.fenceLine = fenceLine
        self.closingLine = closingLine
        self.tolerance = tolerance
    }
}
