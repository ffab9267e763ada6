/// A rendered chapter: the body of its page, its contents and what the search index needs.
public struct RenderedChapter: Sendable {
    public var slug: String
    public var title: String
    /// The page body (cells, math and headings in place).
    public var body: String
    /// The headings under the title, for the page's contents list: level, anchor, HTML text.
    public var contents: [(level: Int, anchor: String, html: String)]
    /// One entry per section, for the search.
    public var sections: [SearchEntry]
    /// The labels the chapter defines (figures, equations, sections), for cross-references.
    public var labels: [LabelTarget] = []
    /// The references (`@fig-x`) still to resolve against the whole book's labels; the body holds
    /// a token for each, by index.
    public var references: [AuthoringMarks.Reference] = []
    /// The bibliography keys the page cites, in the order of the page's reference list.
    public var citedKeys: [String] = []
    /// The chapter as one runnable `main.swift` (see `exportMainSwift`), offered for download.
    public var exportSource: String = ""
}

/// One searchable section of a page.
public struct SearchEntry: Codable, Sendable, Equatable {
    public var page: String
    public var title: String
    public var section: String
    public var anchor: String
    public var text: String
}

/// Stage 9: render a chapter's page body. Replaces the cell markers with each block's code and
/// what it printed (escaped), its checks, figures and errors; puts the math back for KaTeX;
/// gives every heading an anchor.
public func renderChapter(
    slug: String, parsed: ParsedDocument, math: [MathSpan], blocks: [CodeBlock], results: [BlockResult],
    diagnostics: [Diagnostic], authoring: AuthoringContext = AuthoringContext()
) -> RenderedChapter {
    var numbering = ChapterNumbering(authoring: authoring, slug: slug, results: results)
    numbering.numberExercises(blocks)
    var math = math
    for (index, tag) in numbering.equationTags { if index < math.count { math[index].tex += " \\tag{\(tag)}" } }
    let cells = renderCells(parsed.fences, blocks: blocks, results: results, diagnostics: diagnostics, numbering, authoring)
    // Cells and math (exactly as written, escaped once for HTML; KaTeX reads the text) go in
    // together, in one pass over the page.
    var headings = anchorHeadings(
        substitutePlaceholders(parsed.html, cells: cells, math: math), parsed.headings, math: math, slug: slug, authoring)
    headings.title = stripAuthoringTokens(headings.title)

    // Citations, inline values, equation anchors and callouts; references stay tokens until the
    // whole book's labels are known (`resolveCrossReferences`).
    let finished = renderAuthoring(headings.html, authoring: authoring)
    var chapter = RenderedChapter(
        slug: slug, title: headings.title, body: finished.html, contents: headings.contents,
        sections: searchEntries(finished.html, page: "\(slug).html", title: headings.title))
    chapter.labels = numbering.figureTargets + headings.labels + numbering.equationTargets(page: "\(slug).html")
    chapter.references = authoring.marks.references
    chapter.citedKeys = finished.citedKeys
    if blocks.contains(where: { $0.options.include == nil }) {
        chapter.exportSource = exportMainSwift(blocks: blocks, file: "Chapters/\(slug).md")
    }
    return chapter
}

/// Each swift block's cell, by its position among the fences; an output block's is empty (its
/// marker disappears).
func renderCells(
    _ fences: [FencedCode], blocks: [CodeBlock], results: [BlockResult], diagnostics: [Diagnostic], _ numbering: ChapterNumbering,
    _ authoring: AuthoringContext
) -> [Int: String] {
    var cells: [Int: String] = [:]
    var k = 0  // the swift block of fence n
    for (n, fence) in fences.enumerated() {
        let language = fenceLanguage(fence.info)
        guard language == "swift" || language == "output" else { continue }
        var cell = ""
        if language == "swift" {
            if k < blocks.count {
                let lineDiagnostics = diagnostics.filter { d in d.line >= blocks[k].fenceLine && d.line <= blockEndLine(blocks[k]) }
                cell = renderCell(
                    blocks[k], result: k < results.count ? results[k] : BlockResult(), compileErrors: lineDiagnostics,
                    numbering: numbering, include: authoring.includes[k])
            }
            k += 1
        }
        cells[n] = cell
    }
    return cells
}

/// The page's headings with their anchors, section numbers ("4.2", "4.2.1" in a numbered
/// chapter) and links, and what they give the page: its title, its contents, its section labels.
func anchorHeadings(
    _ html: String, _ headings: [Heading], math: [MathSpan], slug: String, _ authoring: AuthoringContext
) -> (html: String, title: String, contents: [(level: Int, anchor: String, html: String)], labels: [LabelTarget]) {
    var title = slug
    var contents: [(level: Int, anchor: String, html: String)] = []
    var labels: [LabelTarget] = []
    var anchors = HeadingAnchors()
    var cursor = html.startIndex
    var rebuilt = ""
    for heading in headings {
        let open = "<h\(heading.level)>"
        guard let range = html.range(of: open, range: cursor..<html.endIndex) else { continue }
        let sectionLabel = tokenPayloads(AuthoringToken.section, in: heading.text).first
        let text = stripAuthoringTokens(substituteMathAsText(heading.text, math: math))
        let number = anchors.number(heading.level, chapter: authoring.chapterNumber)
        let anchor = anchors.anchor(label: sectionLabel, text: text)
        if let sectionLabel {
            let line = authoring.marks.sections.first { $0.name == sectionLabel }?.line ?? 0
            labels.append(LabelTarget(name: sectionLabel, number: number ?? text, page: "\(slug).html", file: "", line: line))
        }
        rebuilt += html[cursor..<range.lowerBound]
        rebuilt += "<h\(heading.level) id=\"\(escapeHTML(anchor))\">"
        if heading.level > 1 {
            rebuilt += "<a class=\"anchor\" href=\"#\(escapeHTML(anchor))\" aria-label=\"link to this section\">#</a>"
        }
        let numberHTML = number.map { "<span class=\"secnum\">\($0)</span> " } ?? ""
        rebuilt += numberHTML
        cursor = range.upperBound
        if heading.level == 1 && title == slug { title = text }
        let closeTag = "</h\(heading.level)>"
        if heading.level >= 2 && heading.level <= 3, let close = html.range(of: closeTag, range: cursor..<html.endIndex) {
            contents.append((heading.level, anchor, numberHTML + stripAuthoringTokens(String(html[cursor..<close.lowerBound]))))
        }
    }
    rebuilt += html[cursor...]
    return (rebuilt, title, contents, labels)
}

/// Numbers and anchors of a page's headings, in page order.
struct HeadingAnchors {
    var used: Set<String> = []
    var h2 = 0, h3 = 0

    /// Sections are numbered in numbered chapters: "4.2", "4.2.1".
    mutating func number(_ level: Int, chapter: Int?) -> String? {
        guard let c = chapter else { return nil }
        if level == 2 {
            h2 += 1
            h3 = 0
            return "\(c).\(h2)"
        } else if level == 3 && h2 > 0 {
            h3 += 1
            return "\(c).\(h2).\(h3)"
        }
        return nil
    }

    /// A labelled heading's anchor is its label; a repeated heading gets -2, -3, ...: the first
    /// suffix no other heading has taken (a heading may itself read "Intro 2").
    mutating func anchor(label: String?, text: String) -> String {
        var anchor = label ?? anchorSlug(text)
        if label == nil && used.contains(anchor) {
            var n = 2
            while used.contains("\(anchor)-\(n)") { n += 1 }
            anchor += "-\(n)"
        }
        used.insert(anchor)
        return anchor
    }
}

/// Search entries: the text of each section, between one heading and the next.
func searchEntries(_ html: String, page: String, title: String) -> [SearchEntry] {
    sectionRanges(in: html).map { range in
        let chunk = html[range]
        var anchor = "", heading = title
        if let id = chunk.range(of: "id=\""), let idEnd = chunk[id.upperBound...].firstIndex(of: "\""),
            let close = chunk.range(of: "</h")
        {
            anchor = String(chunk[id.upperBound..<idEnd])
            heading = collapseSpaces(stripTags(chunk[..<close.lowerBound]))
            if heading.hasPrefix("# ") { heading.removeFirst(2) }
        }
        return SearchEntry(
            page: page, title: title, section: heading, anchor: anchor, text: String(collapseSpaces(stripTags(chunk)).prefix(3000)))
    }
}

/// The ranges of the body that each heading starts (from one `<hN id=` to the next).
private func sectionRanges(in html: String) -> [Range<String.Index>] {
    var starts: [String.Index] = []
    var cursor = html.startIndex
    while let r = html.range(of: "<h", range: cursor..<html.endIndex) {
        let after = html[r.upperBound...]
        if let d = after.first, d.isNumber, after.dropFirst().hasPrefix(" id=") { starts.append(r.lowerBound) }
        cursor = r.upperBound
    }
    if starts.isEmpty { return [html.startIndex..<html.endIndex] }
    return starts.enumerated().map { i, s in s..<(i + 1 < starts.count ? starts[i + 1] : html.endIndex) }
}

/// Heading text with math placeholders turned back into their TeX (for anchors and search).
func substituteMathAsText(_ text: String, math: [MathSpan]) -> String {
    var t = text
    for (i, span) in math.enumerated().reversed() { t = t.replacingAll(MathToken.placeholder(i), with: span.tex) }
    return t.replacingAll(String(MathToken.filler), with: "")
}

/// The last line a block's cell covers: its closing fence, or the closing fence of its output block.
func blockEndLine(_ block: CodeBlock) -> Int {
    if let e = block.expected { return e.closingLine }
    return block.firstLine + block.code.split(separator: "\n", omittingEmptySubsequences: false).count
}

/// One cell: the code (unless hidden), then everything the block put out, in order.
func renderCell(
    _ block: CodeBlock, result: BlockResult, compileErrors: [Diagnostic], numbering: ChapterNumbering = ChapterNumbering(),
    include: IncludedCode? = nil
) -> String {
    var classes = ["cell"]
    if block.options.fails { classes.append("cell-fails") }
    if block.options.norun { classes.append("cell-norun") }
    if block.options.exercise { classes.append("cell-exercise") }
    if block.options.solution { classes.append("cell-solution") }
    if block.options.include != nil { classes.append("cell-include") }
    var out = "<div class=\"\(classes.joined(separator: " "))\" id=\"cell-\(block.index + 1)\">\n"
    let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
    let pre = "<pre class=\"code\"><code class=\"language-swift\">\(escapeHTML(code))</code></pre>\n"
    var closing = "</div>\n"
    if block.options.include != nil {
        out += renderInclude(include)
    } else if block.options.exercise {
        out += "<p class=\"exercise-label\">\(escapeHTML(numbering.exerciseTitle(block.index)))</p>\n" + pre
    } else if block.options.solution {
        out += "<details class=\"solution\"><summary>Show the solution</summary>\n" + pre
        closing = "</details>\n</div>\n"
    } else if block.options.hide {
        // Hidden setup code: nothing of it shows but its output.
    } else if block.options.fold {
        out += "<details class=\"fold\"><summary>Show code (line \(block.firstLine))</summary>\n\(pre)</details>\n"
    } else {
        out += pre
    }
    if block.options.norun { out += "<p class=\"cell-note\">Compiled, not run.</p>\n" }
    if let reason = result.notRun { out += "<p class=\"cell-note not-run\">\(escapeHTML(reason))</p>\n" }
    for d in compileErrors {
        out += "<pre class=\"error\">\(escapeHTML(d.description))</pre>\n"
    }
    var figureOrdinal = 0
    for item in result.items {
        switch item {
        case .text(let t):
            let trimmed = t.hasSuffix("\n") ? String(t.dropLast()) : t
            out += "<pre class=\"output\">\(escapeHTML(trimmed))</pre>\n"
        case .check(let line, let claim, let passed):
            let mark = passed ? "✓" : "✗"
            out +=
                "<p class=\"check \(passed ? "pass" : "fail")\" title=\"line \(line)\"><span class=\"mark\">\(mark)</span> \(escapeHTML(claim))</p>\n"
        case .figure(let svg):
            out += numbering.renderFigure(svg, block: block.index, ordinal: figureOrdinal)
            figureOrdinal += 1
        case .error(let message):
            out += "<pre class=\"error\">\(escapeHTML(message))</pre>\n"
        }
    }
    out += toleranceNote(block)
    return out + closing
}

/// The note under the output of a block whose ```output block allows its numbers to move
/// (`tolerance=`), so that a reader whose numbers differ knows by how much they may.
func toleranceNote(_ block: CodeBlock) -> String {
    guard let tolerance = block.expected?.tolerance, tolerance != .standard else { return "" }
    let what: String
    switch tolerance {
    case .relative: what = "by \(tolerance.description) of their value"
    case .absolute: what = "by \(tolerance.description)"
    }
    return "<p class=\"cell-note output-tolerance\">The numbers of this output may vary \(escapeHTML(what)) between machines: "
        + "other CPUs round differently, and training amplifies it.</p>\n"
}

func collapseSpaces(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
}

/// Replaces the placeholders the earlier stages left in the HTML, in one pass: the cell markers
/// (`cellMarker(n)` and its newline) by `cells[n]`, the math placeholders by KaTeX spans, and drops
/// the filler that kept multi-line math on its lines.
func substitutePlaceholders(_ html: String, cells: [Int: String], math: [MathSpan]) -> String {
    var out = String.UnicodeScalarView()
    let scalars = Array(html.unicodeScalars)
    var i = 0
    func number(from j: Int, until close: Unicode.Scalar) -> (Int, Int)? {
        var k = j, value = 0
        while k < scalars.count, let d = scalars[k].properties.numericType != nil ? Int(String(scalars[k])) : nil {
            value = value * 10 + d
            k += 1
        }
        return k > j && k < scalars.count && scalars[k] == close ? (value, k + 1) : nil
    }
    while i < scalars.count {
        let c = scalars[i]
        if c == MathToken.open, let (n, next) = number(from: i + 1, until: MathToken.close), n < math.count {
            let span = math[n]
            let tag = span.display ? "<span class=\"math display\">" : "<span class=\"math inline\">"
            out.append(contentsOf: (tag + escapeHTML(span.tex) + "</span>").unicodeScalars)
            i = next
        } else if c == "\u{E003}", i + 4 < scalars.count, String(String.UnicodeScalarView(scalars[(i + 1)...(i + 4)])) == "cell",
            let (n, next) = number(from: i + 5, until: "\u{E004}")
        {
            out.append(contentsOf: (cells[n] ?? "").unicodeScalars)
            i = next < scalars.count && scalars[next] == "\n" ? next + 1 : next
        } else if c == MathToken.filler {
            i += 1
        } else {
            out.append(c)
            i += 1
        }
    }
    return String(out)
}
