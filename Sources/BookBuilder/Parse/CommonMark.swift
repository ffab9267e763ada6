internal import CCmark

#if canImport(Glibc)
    import Glibc
#endif

// The only file of the builder that touches cmark-gfm's pointers. It parses, rewrites the tree,
// renders, frees everything it allocated, and hands the rest of the builder plain Swift values.

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

/// A heading: its level and its text (placeholders for math still in it).
public struct Heading: Equatable, Sendable {
    public var level: Int
    public var text: String
}

/// What parsing gives the rest of the pipeline.
public struct ParsedDocument: Equatable, Sendable {
    /// The page body as HTML. Each fenced block whose info starts with `swift` or `output` is
    /// replaced by the marker `cellMarker(n)`, n its position in `fences`.
    public var html: String
    /// Every fenced code block, in document order (all languages).
    public var fences: [FencedCode]
    /// Every heading, in document order; `html` has the same `<hN>` tags in the same order.
    public var headings: [Heading]
}

/// The marker left in the HTML where fenced block `n` stood.
public func cellMarker(_ n: Int) -> String { "\u{E003}cell\(n)\u{E004}" }

/// Stage 3: parse with cmark-gfm (tables, strikethrough, autolinks, task lists), with raw HTML
/// allowed (the builder inserts its own). Swift and output blocks become markers, which the
/// render stage replaces with their cells.
public func parseMarkdown(_ text: String) -> ParsedDocument {
    cmark_gfm_core_extensions_ensure_registered()
    let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES
    guard let parser = cmark_parser_new(options) else { fatalError("cmark_parser_new failed") }
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

    var fences: [FencedCode] = []
    var fenceNodes: [OpaquePointer] = []
    var headings: [Heading] = []
    guard let iter = cmark_iter_new(doc) else { fatalError("cmark_iter_new failed") }
    while true {
        let event = cmark_iter_next(iter)
        if event == CMARK_EVENT_DONE { break }
        guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_CODE_BLOCK {
            var follows: Int? = nil
            if let prev = cmark_node_previous(node), let k = fenceNodes.firstIndex(of: prev) { follows = k }
            fences.append(
                FencedCode(
                    info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)),
                    startLine: Int(cmark_node_get_start_line(node)), endLine: Int(cmark_node_get_end_line(node)),
                    followsFence: follows))
            fenceNodes.append(node)
        } else if type == CMARK_NODE_HEADING {
            headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: plainText(node)))
        }
    }
    cmark_iter_free(iter)

    // Replace swift and output blocks by markers (after the walk: the tree must not change under the iterator).
    for (n, node) in fenceNodes.enumerated() {
        let language = fenceLanguage(fences[n].info)
        guard language == "swift" || language == "output" else { continue }
        guard let marker = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { fatalError("cmark_node_new failed") }
        _ = cmark_node_set_literal(marker, cellMarker(n) + "\n")
        _ = cmark_node_replace(node, marker)
        cmark_node_free(node)
    }

    let extensions = cmark_parser_get_syntax_extensions(parser)
    guard let rendered = cmark_render_html(doc, options, extensions) else { fatalError("cmark_render_html failed") }
    let html = String(cString: rendered)
    free(rendered)
    return ParsedDocument(html: html, fences: fences, headings: headings)
}

private func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

/// The text of a node's inline children (text and code spans), for headings.
private func plainText(_ node: OpaquePointer) -> String {
    var result = ""
    guard let iter = cmark_iter_new(node) else { return "" }
    while true {
        let event = cmark_iter_next(iter)
        if event == CMARK_EVENT_DONE { break }
        guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iter) else { continue }
        let type = cmark_node_get_type(child)
        if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE { result += string(cmark_node_get_literal(child)) }
    }
    cmark_iter_free(iter)
    return result
}
