import Foundation
import Testing

@testable import BookBuilder

// The chapter's tree as `ParseChapter` builds it: every node with its line, math inline and
// display, labels on their headings and equations, callouts with their kind, and no private-use
// marker anywhere in it, for every chapter of the book.

/// Every string held anywhere inside `value` (enum payloads, struct fields, arrays).
private func strings(in value: Any) -> [String] {
    if let s = value as? String { return [s] }
    return Mirror(reflecting: value).children.flatMap { strings(in: $0.value) }
}

/// The tree of `markdown` as the chapter passes leave it for the renderer (parse, callouts).
private func tree(_ markdown: String) -> [Block] {
    makeCallouts(readDocument(markdown).parsed.blocks)
}

@Suite struct ChapterTreeTests {
    @Test func everyChapterParsesWithNoMarkerLeft() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Chapters")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(files.count >= 13)
        let context = BookContext(options: Book.Options(root: root), toolchain: nil, dataHash: "")
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let source = ChapterSource(path: "Chapters/\(file)", slug: String(file.dropLast(3)), text: text)
            let document = Book.run(ChapterDocument(source: source), through: [ParseChapter(), Callouts()], context)
            let marker = strings(in: document.parsed).joined().unicodeScalars.first { (0xE000...0xF8FF).contains($0.value) }
            #expect(marker == nil, "\(file): U+\(String(marker?.value ?? 0, radix: 16, uppercase: true)) left in the tree")
            // Each formula and each authoring mark of the chapter is one node of the tree, in order.
            let inlines = Inline.all(Block.all(document.parsed.blocks).flatMap(\.inlines))
            let formulas = inlines.compactMap { if case .math(let span) = $0.kind { span.index } else { nil } }
            #expect(formulas == Array(document.math.indices), "\(file)")
            let citations = inlines.filter { if case .citation = $0.kind { true } else { false } }.count
            let references = inlines.compactMap { if case .reference(let n, _) = $0.kind { n } else { nil } }
            let values = inlines.compactMap { if case .inlineValue(let n, _) = $0.kind { n } else { nil } }
            #expect(citations == document.authoring.marks.citations.count, "\(file)")
            #expect(references == Array(document.authoring.marks.references.indices), "\(file)")
            #expect(values == Array(document.authoring.marks.inlineValues.indices), "\(file)")
        }
    }

    @Test func nodesKnowTheirLines() {
        let blocks = tree("# Title\n\nOne line,\nthe next *one*.\n\n- item\n- second\n\n```python\nx\n```\n")
        #expect(blocks.map(\.line) == [1, 3, 6, 9])
        guard case .paragraph(let inlines) = blocks[1].kind, case .list(let style, let tight, let items) = blocks[2].kind else {
            Issue.record("not a paragraph and a list: \(blocks)")
            return
        }
        #expect(inlines.map(\.line) == [3, 3, 4, 4, 4])
        #expect(inlines[3].kind == .emphasis([Inline(line: 4, .text("one"))]))
        #expect(style == .bullets && tight)
        #expect(items.map(\.line) == [6, 7])
    }

    @Test func aCalloutHasItsKindAndItsChildren() {
        let blocks = tree("> [!WARNING]\n> Do not forget the bias.\n>\n> > Nested.\n\n> A quote.\n")
        #expect(
            blocks == [
                Block(
                    line: 1,
                    .callout(
                        .warning,
                        children: [
                            Block(line: 2, .paragraph([Inline(line: 2, .text("Do not forget the bias."))])),
                            Block(line: 4, .quote([Block(line: 4, .paragraph([Inline(line: 4, .text("Nested."))]))])),
                        ])),
                Block(line: 6, .quote([Block(line: 6, .paragraph([Inline(line: 6, .text("A quote."))]))])),
            ])
    }

    @Test func mathInlineAndDisplay() {
        let blocks = tree("Inline $x_1$ here.\n\n$$\ny = x\n$$ {#eq-y}\n\nAnd $$z$$ in a line.\n")
        let x = MathSpan(tex: "x_1", display: false, line: 1, index: 0)
        #expect(
            blocks[0].kind
                == .paragraph([
                    Inline(line: 1, .text("Inline ")), Inline(line: 1, .math(x)),
                    Inline(line: 1, .text(" here.")),
                ]))
        let y = MathSpan(tex: "\ny = x\n", display: true, line: 3, index: 1, label: "eq-y")
        #expect(blocks[1] == Block(line: 3, .displayMath(y, lineBreaks: 2)))
        guard case .paragraph(let inlines) = blocks[2].kind, case .math(let z) = inlines[1].kind else {
            Issue.record("display math inside a line is not inline in its paragraph: \(blocks[2])")
            return
        }
        #expect(z.display && z.index == 2 && z.label == nil)
    }

    @Test func aHeadingHasItsLabelAndNotItsMarker() {
        let blocks = tree("# T\n\n## The cell {#sec-cell}\n\n### No label\n")
        #expect(blocks[1] == Block(line: 3, .heading(level: 2, inlines: [Inline(line: 3, .text("The cell"))], label: "sec-cell")))
        #expect(blocks[2] == Block(line: 5, .heading(level: 3, inlines: [Inline(line: 5, .text("No label"))], label: nil)))
    }

    @Test func citationsReferencesAndInlineValuesAreNodes() {
        let blocks = tree("See [@a, p. 3] and @fig-x; the loss is `{swift} loss`.\n")
        guard case .paragraph(let inlines) = blocks.first?.kind else {
            Issue.record("no paragraph: \(blocks)")
            return
        }
        #expect(
            inlines.map(\.kind) == [
                .text("See "), .citation(.init(items: [.init(prefix: "", key: "a", locator: "p. 3")], line: 1)), .text(" and "),
                .reference(index: 0, .init(label: "fig-x", line: 1)), .text("; the loss is "),
                .inlineValue(index: 0, expression: "loss"), .text("."),
            ])
    }
}
