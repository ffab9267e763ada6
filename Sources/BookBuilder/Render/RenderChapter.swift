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
    /// The words the renderer wrote the page with (its language's), for the cross-references,
    /// print.html and the download line.
    public var words = PageWords.english
}

/// One searchable section of a page.
public struct SearchEntry: Codable, Sendable, Equatable {
    public var page: String
    public var title: String
    public var section: String
    public var anchor: String
    public var text: String
}

/// Stage 9: render a chapter's page body from its tree (`PageWriter`): each cell with its code
/// and what it printed, its checks, figures and errors; the math for KaTeX; numbered headings
/// with anchors; citations and the page's reference list; inline values. References stay tokens
/// until the whole book's labels are known (`resolveCrossReferences`).
public func renderChapter(
    slug: String, tree: [Block], blocks: [CodeBlock], results: [BlockResult], diagnostics: [Diagnostic],
    authoring: AuthoringContext = AuthoringContext(), words: PageWords = .english
) -> RenderedChapter {
    var numbering = ChapterNumbering(authoring: authoring, slug: slug, results: results)
    numbering.words = words
    numbering.numberExercises(blocks)
    var writer = PageWriter(
        page: PageParts(
            slug: slug, blocks: blocks, results: results, diagnostics: diagnostics, authoring: authoring, numbering: numbering,
            words: words))
    writer.write(tree)
    let page = writer.page
    let ordered = page.citedKeys.compactMap { authoring.bibliography[$0] }.sorted {
        ($0.familyNames.first ?? "", $0.year) < ($1.familyNames.first ?? "", $1.year)
    }
    var body = writer.out
    if !ordered.isEmpty {
        body += "<section class=\"references\" id=\"references\">\n<h2>\(words.html(.references))</h2>\n<ul class=\"bibliography\">\n"
        for entry in ordered { body += "<li id=\"ref-\(escapeHTML(entry.key))\">\(renderBibEntry(entry))</li>\n" }
        body += "</ul>\n</section>\n"
    }
    var chapter = RenderedChapter(
        slug: slug, title: page.title, body: body, contents: page.contents,
        sections: searchEntries(body, page: "\(slug).html", title: page.title))
    chapter.labels = numbering.figureTargets + page.labels + numbering.equationTargets(page: "\(slug).html")
    chapter.references = authoring.marks.references
    chapter.citedKeys = ordered.map(\.key)
    chapter.words = words
    if blocks.contains(where: { $0.options.include == nil }) {
        chapter.exportSource = exportMainSwift(blocks: blocks, file: "Chapters/\(slug).md")
    }
    return chapter
}

/// A page of Markdown that is not a chapter (the front page): math and callouts, no cells, no
/// authoring syntax.
public func renderMarkdownPage(_ text: String, file: String, slug: String, words: PageWords = .english) -> RenderedChapter {
    let shielded = shieldMath(text, file: file)
    let parsed = parseMarkdown(shielded.text, math: shielded.math)
    return renderChapter(slug: slug, tree: makeCallouts(parsed.blocks), blocks: [], results: [], diagnostics: [], words: words)
}

/// What the page writer needs for the book's own nodes, and what it gathers while it writes:
/// the title, the contents, the section labels and the cited works.
struct PageParts {
    let slug: String
    let blocks: [CodeBlock]
    let results: [BlockResult]
    let diagnostics: [Diagnostic]
    let authoring: AuthoringContext
    let numbering: ChapterNumbering
    let words: PageWords
    var anchors = HeadingAnchors()
    var title: String
    var contents: [(level: Int, anchor: String, html: String)] = []
    var labels: [LabelTarget] = []
    var citedKeys: [String] = []

    init(
        slug: String, blocks: [CodeBlock], results: [BlockResult], diagnostics: [Diagnostic], authoring: AuthoringContext,
        numbering: ChapterNumbering, words: PageWords
    ) {
        (self.slug, self.blocks, self.results, self.diagnostics) = (slug, blocks, results, diagnostics)
        (self.authoring, self.numbering, self.words, self.title) = (authoring, numbering, words, slug)
    }

    /// Swift block `index`'s cell: its code and everything it put out.
    func cell(_ index: Int) -> String {
        guard index < blocks.count else { return "" }
        let block = blocks[index]
        let lineDiagnostics = diagnostics.filter { d in d.line >= block.fenceLine && d.line <= blockEndLine(block) }
        return renderCell(
            block, result: index < results.count ? results[index] : BlockResult(), compileErrors: lineDiagnostics, numbering: numbering,
            include: authoring.includes[index], words: words)
    }

    /// A formula's TeX, with its equation number when it is labelled.
    func tex(_ span: MathSpan) -> String {
        numbering.equationTags[span.index].map { span.tex + " \\tag{\($0)}" } ?? span.tex
    }

    /// A citation, its works noted for the page's reference list.
    mutating func citation(_ citation: AuthoringMarks.Citation) -> String {
        for item in citation.items where authoring.bibliography[item.key] != nil && !citedKeys.contains(item.key) {
            citedKeys.append(item.key)
        }
        return renderCitation(citation, bibliography: authoring.bibliography)
    }

    /// An inline value as the run computed it, or a marked `?` when it was not computed: it reads a
    /// name a block below it sets, or the run stopped before it.
    func inlineValue(_ index: Int, _ expression: String) -> String {
        guard let value = authoring.inlineValues[index] else {
            if authoring.inlineValuesNotComputed.contains(index) {
                return "<span class=\"computed missing\" title=\"\(words.html(.notComputedBelow))\">?</span>"
            }
            let line = index < authoring.marks.inlineValues.count ? authoring.marks.inlineValues[index].line : 0
            return "<span class=\"computed missing\" title=\"\(words.html(.notComputedStopped, ["line": "\(line)"]))\">?</span>"
        }
        return
            "<span class=\"computed\" title=\"\(words.html(.computed, ["expression": escapeHTML(expression)]))\">\(escapeHTML(value))</span>"
    }
}

extension PageWriter {
    /// A formula for KaTeX (exactly as written, escaped once for HTML), after its equation's anchor.
    mutating func writeMath(_ span: MathSpan, _ mode: Mode) {
        if let label = span.label, mode != .contents { out += "<span class=\"eq-anchor\" id=\"\(escapeHTML(label))\"></span>" }
        out += span.display ? "<span class=\"math display\">" : "<span class=\"math inline\">"
        out += escapeHTML(page.tex(span)) + "</span>"
    }

    /// A heading with its anchor, its section number ("4.2", "4.2.1" in a numbered chapter) and
    /// a link to itself; it gives the page its title, its contents and its section labels.
    mutating func writeHeading(level: Int, _ inlines: [Inline], label: String?, line: Int) {
        let text = plainText(inlines, tex: page.tex)
        let number = page.anchors.number(level, chapter: page.authoring.chapterNumber)
        let anchor = page.anchors.anchor(label: label, text: text)
        if let label {
            let line = page.authoring.marks.sections.first { $0.name == label }?.line ?? 0
            page.labels.append(LabelTarget(name: label, number: number ?? text, page: "\(page.slug).html", file: "", line: line))
        }
        cr()
        out += "<h\(level) id=\"\(escapeHTML(anchor))\">"
        if level > 1 { out += "<a class=\"anchor\" href=\"#\(escapeHTML(anchor))\" aria-label=\"\(page.words.html(.sectionLink))\">#</a>" }
        let numberHTML = number.map { "<span class=\"secnum\">\($0)</span> " } ?? ""
        out += numberHTML
        write(inlines, .body)
        out += "</h\(level)>\n"
        if level == 1 && page.title == page.slug { page.title = text }
        if level >= 2 && level <= 3 {
            var entry = PageWriter(page: page)
            entry.write(inlines, .contents)
            page.contents.append((level, anchor, numberHTML + entry.out))
        }
    }
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

func collapseSpaces(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
}
