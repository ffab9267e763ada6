internal import CCmark

#if canImport(Glibc)
    import Glibc
#endif

// The only file of the builder that touches cmark-gfm's pointers. It parses, walks cmark's tree
// into the chapter's typed tree (`Block`, `Inline`), frees everything it allocated, and hands
// the rest of the builder plain Swift values. cmark never writes HTML for the book: the renderer
// (Render/) writes the tree.

/// A fenced code block as cmark-gfm found it.
public struct FencedCode: Equatable, Sendable {
    /// The info string after the fence, e.g. `swift fold`.
    public var info: String
    /// The code, with its final newline.
    public var literal: String
    /// Lines of the opening and closing fences (1-based).
    public var startLine: Int
    public var endLine: Int
    /// Position of the fenced block it directly follows as a sibling, if any.
    public var followsFence: Int?
}

/// A heading: its level and its text (math as its TeX, authoring marks left out).
public struct Heading: Equatable, Sendable {
    public var level: Int
    public var text: String
}

/// What parsing gives the rest of the pipeline.
public struct ParsedDocument: Equatable, Sendable {
    /// The chapter's tree. A fenced block whose info starts with `swift` is a `.cell` (its index
    /// among the swift blocks), one that starts with `output` an `.expectedOutput`.
    public var blocks: [Block]
    /// Every fenced code block, in document order (all languages).
    public var fences: [FencedCode]

    public init(blocks: [Block] = [], fences: [FencedCode] = []) {
        self.blocks = blocks
        self.fences = fences
    }

    /// Every heading, in document order, with its plain text.
    public var headings: [Heading] {
        Block.all(blocks).compactMap { block in
            guard case .heading(let level, let inlines, _) = block.kind else { return nil }
            return Heading(level: level, text: plainText(inlines))
        }
    }
}

/// Stage 3: parse with cmark-gfm (tables, strikethrough, autolinks, task lists), raw HTML passed
/// through, and build the chapter's tree. `text` is the chapter with its math shielded and its
/// authoring syntax scanned: the markers those left are decoded with `math` and `marks` into
/// nodes of the tree (`decodeMarkers`), and none is left in it.
public func parseMarkdown(_ text: String, math: [MathSpan] = [], marks: AuthoringMarks = AuthoringMarks()) -> ParsedDocument {
    cmark_gfm_core_extensions_ensure_registered()
    guard let parser = cmark_parser_new(CMARK_OPT_UNSAFE) else { fatalError("cmark_parser_new failed") }
    defer { cmark_parser_free(parser) }
    for name in ["table", "strikethrough", "autolink", "tasklist"] {
        if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
    }
    var utf8 = Array(text.utf8)  // cmark counts bytes, not characters
    utf8.withUnsafeMutableBufferPointer { buf in
        buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) }
    }
    guard let doc = cmark_parser_finish(parser) else { fatalError("cmark_parser_finish failed") }
    defer { cmark_node_free(doc) }
    var builder = TreeBuilder(decoder: MarkerDecoder(math: math, marks: marks))
    let blocks = builder.blocks(under: doc)
    return ParsedDocument(blocks: blocks, fences: builder.fences)
}

private func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

/// Walks cmark's nodes, depth first, into blocks and inlines.
private struct TreeBuilder {
    var decoder: MarkerDecoder
    var fences: [FencedCode] = []
    var fenceNodes: [OpaquePointer] = []
    var swiftBlocks = 0

    func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    mutating func blocks(under node: OpaquePointer) -> [Block] {
        children(node).flatMap { block($0) }
    }

    /// The block a node makes (a node of a kind the book does not know gives its children's).
    mutating func block(_ node: OpaquePointer) -> [Block] {
        let line = Int(cmark_node_get_start_line(node))
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return [paragraph(inlines(under: node, line: line), line: line)]
        case CMARK_NODE_HEADING:
            let inlines = inlines(under: node, line: line)
            let label = decoder.takeSectionLabel()
            return [Block(line: line, .heading(level: Int(cmark_node_get_heading_level(node)), inlines: inlines, label: label))]
        case CMARK_NODE_CODE_BLOCK:
            return [codeBlock(node, line: line)]
        case CMARK_NODE_BLOCK_QUOTE:
            return [Block(line: line, .quote(blocks(under: node)))]
        case CMARK_NODE_LIST:
            let style: ListStyle =
                cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? .numbered(from: Int(cmark_node_get_list_start(node))) : .bullets
            let items = children(node).map { item in
                let task = string(cmark_node_get_type_string(item)) == "tasklist"
                return ListItem(
                    line: Int(cmark_node_get_start_line(item)), task: task ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil,
                    blocks: blocks(under: item))
            }
            return [Block(line: line, .list(style, tight: cmark_node_get_list_tight(node) != 0, items: items))]
        case CMARK_NODE_HTML_BLOCK:
            var at = line
            let parts = decoder.decode(string(cmark_node_get_literal(node)), line: &at, html: true)
            decoder.dropSectionLabel()
            return [Block(line: line, .html(parts))]
        case CMARK_NODE_THEMATIC_BREAK:
            return [Block(line: line, .thematicBreak)]
        default:
            if string(cmark_node_get_type_string(node)) == "table" { return [table(node, line: line)] }
            return blocks(under: node)
        }
    }

    /// A paragraph, or a display formula when the paragraph is one formula alone.
    mutating func paragraph(_ inlines: [Inline], line: Int) -> Block {
        decoder.dropSectionLabel()
        if case .math(let span) = inlines.first?.kind, span.display,
            inlines.dropFirst().allSatisfy({ $0.kind == .softBreak })
        {
            return Block(line: line, .displayMath(span, lineBreaks: inlines.count - 1))
        }
        return Block(line: line, .paragraph(inlines))
    }

    /// A fenced block: recorded among the fences; a swift block is a cell, an output block the
    /// output its cell expects, any other shown as code.
    mutating func codeBlock(_ node: OpaquePointer, line: Int) -> Block {
        var follows: Int? = nil
        if let prev = cmark_node_previous(node), let k = fenceNodes.firstIndex(of: prev) { follows = k }
        let fence = FencedCode(
            info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)), startLine: line,
            endLine: Int(cmark_node_get_end_line(node)), followsFence: follows)
        fences.append(fence)
        fenceNodes.append(node)
        switch fenceLanguage(fence.info) {
        case "swift":
            swiftBlocks += 1
            return Block(line: line, .cell(block: swiftBlocks - 1))
        case "output":
            return Block(line: line, .expectedOutput)
        default:
            return Block(line: line, .code(info: fence.info, literal: fence.literal))
        }
    }

    mutating func table(_ node: OpaquePointer, line: Int) -> Block {
        let count = Int(cmark_gfm_extensions_get_table_columns(node))
        let codes = cmark_gfm_extensions_get_table_alignments(node)
        let alignments: [Table.Alignment] = (0..<count).map { i in
            switch codes?[i] {
            case UInt8(ascii: "l"): return .left
            case UInt8(ascii: "c"): return .center
            case UInt8(ascii: "r"): return .right
            default: return .none
            }
        }
        let rows = children(node).map { row in
            let rowLine = Int(cmark_node_get_start_line(row))
            return Table.Row(
                line: rowLine, header: cmark_gfm_extensions_get_table_row_is_header(row) != 0,
                cells: children(row).map { inlines(under: $0, line: rowLine) })
        }
        decoder.dropSectionLabel()
        return Block(line: line, .table(Table(alignments: alignments, rows: rows)))
    }

    mutating func inlines(under node: OpaquePointer, line: Int) -> [Inline] {
        var at = line
        return inlines(under: node, line: &at)
    }

    /// The inlines of a node; `line` follows the line ends among them.
    mutating func inlines(under node: OpaquePointer, line: inout Int) -> [Inline] {
        var out: [Inline] = []
        for child in children(node) {
            let here = line
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT:
                out += decoder.decode(string(cmark_node_get_literal(child)), line: &line, html: false)
            case CMARK_NODE_HTML_INLINE:
                out += decoder.decode(string(cmark_node_get_literal(child)), line: &line, html: true)
            case CMARK_NODE_CODE:
                out.append(Inline(line: here, .code(string(cmark_node_get_literal(child)))))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                out.append(Inline(line: here, cmark_node_get_type(child) == CMARK_NODE_SOFTBREAK ? .softBreak : .lineBreak))
                line += 1
            case CMARK_NODE_EMPH: out.append(Inline(line: here, .emphasis(inlines(under: child, line: &line))))
            case CMARK_NODE_STRONG: out.append(Inline(line: here, .strong(inlines(under: child, line: &line))))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = string(cmark_node_get_url(child)), title = string(cmark_node_get_title(child))
                let inner = inlines(under: child, line: &line)
                let link = cmark_node_get_type(child) == CMARK_NODE_LINK
                out.append(Inline(line: here, link ? .link(url: url, title: title, inner) : .image(url: url, title: title, inner)))
            default:
                let inner = inlines(under: child, line: &line)
                let strike = string(cmark_node_get_type_string(child)) == "strikethrough"
                if strike { out.append(Inline(line: here, .strikethrough(inner))) } else { out += inner }
            }
        }
        return mergingText(out)
    }
}

/// Adjacent text runs joined into one (cmark splits text at brackets and other delimiters).
func mergingText(_ inlines: [Inline]) -> [Inline] {
    var out: [Inline] = []
    for inline in inlines {
        if case .text(let b) = inline.kind, let last = out.last, case .text(let a) = last.kind {
            out[out.count - 1].kind = .text(a + b)
        } else {
            out.append(inline)
        }
    }
    return out
}

/// The text of some inlines as a title or an anchor reads it: text, code and math (as its TeX);
/// no markup, no authoring marks, no line ends.
func plainText(_ inlines: [Inline], tex: (MathSpan) -> String = { $0.tex }) -> String {
    Inline.all(inlines).map { inline in
        switch inline.kind {
        case .text(let s), .code(let s): return s
        case .math(let span): return tex(span)
        default: return ""
        }
    }.joined()
}
