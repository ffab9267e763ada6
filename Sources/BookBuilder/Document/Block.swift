/// A chapter as a tree, as `ParseChapter` builds it from cmark-gfm's parse: blocks holding
/// blocks and inlines, every node with the line of the chapter it starts on. Math, cells and the
/// authoring syntax (citations, references, inline values, labels) are nodes of their own here;
/// the private-use markers that carried them through cmark never reach the tree.
public typealias Block = Node<BlockKind>
public typealias Inline = Node<InlineKind>

/// A node of the tree: what it is, and the line of the chapter it starts on (1-based).
public struct Node<Kind: Sendable & Equatable>: Sendable, Equatable {
    public var line: Int
    public var kind: Kind

    public init(line: Int, _ kind: Kind) {
        self.line = line
        self.kind = kind
    }
}

/// What a block is.
public enum BlockKind: Sendable, Equatable {
    /// `## Title {#sec-x}`: its level, its text and its label, if any.
    case heading(level: Int, inlines: [Inline], label: String?)
    case paragraph([Inline])
    /// A paragraph that is one display formula `$$ ... $$`; `lineBreaks` counts the line ends
    /// inside the paragraph after the formula (a formula over several lines keeps its lines).
    case displayMath(MathSpan, lineBreaks: Int)
    /// A ```swift block: the index of its `CodeBlock`, whose result the run fills in.
    case cell(block: Int)
    /// An ```output block: the cell above it shows what it expects.
    case expectedOutput
    /// Any other fenced or indented code block, shown as it is.
    case code(info: String, literal: String)
    /// `> [!NOTE]` and its kin (the `Callouts` pass makes them from block quotes).
    case callout(CalloutKind, children: [Block])
    case quote([Block])
    /// `tight`: no blank line between the items, whose paragraphs are written without `<p>`.
    case list(ListStyle, tight: Bool, items: [ListItem])
    case table(Table)
    /// Raw HTML, passed through; math and authoring marks written inside it are nodes of
    /// their own (`InlineKind.html` between them).
    case html([Inline])
    case thematicBreak
}

/// What an inline is: a run of text and what may stand in it.
public enum InlineKind: Sendable, Equatable {
    case text(String)
    case code(String)
    /// `$...$` or `$$...$$` inside a line.
    case math(MathSpan)
    /// `[@key, p. 3; see @other]`
    case citation(AuthoringMarks.Citation)
    /// `@fig-x`: the index of the reference among the chapter's references, and the reference.
    case reference(index: Int, AuthoringMarks.Reference)
    /// `` `{swift} expr` ``: the index among the chapter's inline values (its value comes from the run).
    case inlineValue(index: Int, expression: String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    case link(url: String, title: String, [Inline])
    case image(url: String, title: String, [Inline])
    /// Raw inline HTML, passed through.
    case html(String)
    case softBreak
    case lineBreak
}

/// The callout kinds of GitHub's syntax, `> [!NOTE]`, and the title each box shows.
public enum CalloutKind: String, Sendable, Equatable, CaseIterable {
    case note = "NOTE", tip = "TIP", important = "IMPORTANT", warning = "WARNING", caution = "CAUTION"

    public var title: String { rawValue.prefix(1) + rawValue.dropFirst().lowercased() }
}

/// A list's markers: bullets, or numbers from the first item's.
public enum ListStyle: Sendable, Equatable {
    case bullets
    case numbered(from: Int)
}

public struct ListItem: Sendable, Equatable {
    public var line: Int
    /// A task list item's box: checked or not; nil for an ordinary item.
    public var task: Bool?
    public var blocks: [Block]
}

public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case none, left, center, right }
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var header: Bool
        public var cells: [[Inline]]
    }
    public var alignments: [Alignment]
    public var rows: [Row]
}

extension Node where Kind == BlockKind {
    /// Every block of `blocks` and of the blocks inside them, in document order.
    public static func all(_ blocks: [Block]) -> [Block] {
        blocks.flatMap { [$0] + all($0.children) }
    }

    /// The blocks directly inside this one.
    public var children: [Block] {
        switch kind {
        case .callout(_, let children), .quote(let children): return children
        case .list(_, _, let items): return items.flatMap(\.blocks)
        default: return []
        }
    }

    /// The inlines directly in this block (a table's: all its cells').
    public var inlines: [Inline] {
        switch kind {
        case .heading(_, let inlines, _), .paragraph(let inlines), .html(let inlines): return inlines
        case .displayMath(let span, _): return [Inline(line: line, .math(span))]
        case .table(let table): return table.rows.flatMap { $0.cells.flatMap { $0 } }
        default: return []
        }
    }
}

extension Node where Kind == InlineKind {
    /// The inlines directly inside this one.
    public var children: [Inline] {
        switch kind {
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c), .image(_, _, let c): return c
        default: return []
        }
    }

    /// Every inline of `inlines` and of those inside them, in document order.
    public static func all(_ inlines: [Inline]) -> [Inline] {
        inlines.flatMap { [$0] + all($0.children) }
    }
}
