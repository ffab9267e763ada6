import Foundation
import Testing

@testable import BookBuilder

// "Markdown in, HTML out" for the authoring features: callouts, citations, numbered figures,
// equations and sections with references (also from another chapter), an exercise and its
// solution, a library include and inline computed values, through the passes that read the
// chapter (parse, extract, includes, citations) → a run made by hand → split, render → resolve.
// Must give Fixtures/authoring-golden.html byte for byte; regenerate with BOOK_UPDATE_GOLDEN=1 and review the diff.

let authoringMarkdown = #"""
    # Gates

    The forget gate $f_t$ scales the cell [@hochreiter1997lstm; see @gers2000forget, p. 2451].

    ## The cell update {#sec-cell}

    > [!NOTE]
    > The cell is *additive*.

    > [!TIP]
    > Start the forget bias at 1.

    > [!IMPORTANT]
    > Important.

    > [!WARNING]
    > Warning.

    > [!CAUTION]
    > Caution.

    > A plain quote stays a quote.

    $$
    c_t = f_t \odot c_{t-1} + i_t \odot g_t
    $$ {#eq-cell}

    @eq-cell is drawn in @fig-gate; @sec-cell explains it.

    ```swift
    let f = 0.25
    show(chart, label: "fig-gate", caption: "The gate <f> & the cell")
    ```

    The gate is `{swift} fixed(f, 2)`, and `{swift} "<b>"` is escaped.

    ## Exercises

    ```swift exercise
    var answer = 0  // set it to 6 * 7
    ```

    ```swift solution
    answer = 6 * 7
    check(answer == 42, "the answer is 42")
    ```

    ```swift include=Sources/Lib/Cell.swift:step
    ```
    """#

let authoringOther = """
    # Later

    Back to @fig-gate and @eq-cell in the gates chapter, and @sec-missing.
    """

/// The whole authoring pipeline on the two chapters above, with a run made by hand.
func authoringOutcomes() throws -> [ChapterDocument] {
    let root = try makeTemporaryDirectory("authoring")
    defer { removeTemporary(root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/Lib"), withIntermediateDirectories: true)
    try Data("struct C {\n    // ANCHOR: step\n    func step() -> Int { 1 }\n    // ANCHOR_END: step\n}\n".utf8)
        .write(to: root.appendingPathComponent("Sources/Lib/Cell.swift"))
    let (bibliography, _) = parseBibTeX(
        """
        @article{hochreiter1997lstm, author = {Hochreiter, Sepp and Schmidhuber, Jürgen}, title = {Long Short-Term Memory},
          journal = {Neural Computation}, year = {1997}, url = {https://doi.org/10.1162/neco.1997.9.8.1735}}
        @article{gers2000forget, author = {Gers, Felix A. and Schmidhuber, Jürgen and Cummins, Fred},
          title = {Learning to Forget: Continual Prediction with LSTM}, journal = {Neural Computation}, year = {2000}}
        """, path: "Chapters/references.bib")

    var outcomes: [ChapterDocument] = []
    let gates: [Event] = [
        .record(.block(0)),
        .record(.figureLabel(line: goldenLine(authoringMarkdown, "show(chart"), label: "fig-gate", caption: "The gate <f> & the cell")),
        .record(.figure(svg: "<svg></svg>")), .record(.inlineStart(0)), .record(.inlineValue(0, value: "0.25")),
        .record(.inlineStart(1)), .record(.inlineValue(1, value: "<b>")), .record(.block(1)), .record(.block(2)),
        .record(.check(passed: true, line: 50, claim: "the answer is 42")), .record(.block(3)), .end,
    ]
    for (slug, markdown, events) in [("04-gates", authoringMarkdown, gates), ("05-later", authoringOther, [Event.end])] {
        // The passes that read the chapter, a run played by hand, then the passes after the run.
        var document = readDocument(markdown, slug: slug, root: root, bibliography: bibliography)
        #expect(document.sink.entries.isEmpty, "\(document.sink.entries.map(\.diagnostic))")
        let run = played(events)
        document.run = ChapterRun(key: "", compile: run, run: run)
        let context = BookContext(options: Book.Options(root: root), toolchain: nil, dataHash: "", bibliography: bibliography)
        outcomes.append(Book.run(document, through: [SplitOutput(), RenderPage()], context))
    }
    return resolveCrossReferences(outcomes)
}

func goldenLine(_ text: String, _ needle: String) -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
}

@Suite struct AuthoringGoldenTests {
    @Test func markdownInHTMLOut() throws {
        let body = try authoringOutcomes()[0].rendered.body
        let golden = fixturesDirectory.appendingPathComponent("authoring-golden.html")
        if ProcessInfo.processInfo.environment["BOOK_UPDATE_GOLDEN"] == "1" {
            try Data(body.utf8).write(to: golden)
            Issue.record("wrote \(golden.path): review it, then run again without BOOK_UPDATE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        if body != expected {
            Issue.record(Comment(rawValue: goldenDiffHint(expected: expected, actual: body, fixture: golden.path)))
        }
    }

    @Test func eachFeatureIsOnThePage() throws {
        let page = try authoringOutcomes()[0].rendered
        let body = page.body
        for kind in ["note", "tip", "important", "warning", "caution"] {
            #expect(body.contains("<div class=\"callout callout-\(kind)\" role=\"note\">"))
        }
        #expect(body.contains("<blockquote>\n<p>A plain quote stays a quote.</p>\n</blockquote>"))
        #expect(body.contains(">Hochreiter &amp; Schmidhuber, 1997</a>; see <a href=\"#ref-gers2000forget\""))
        #expect(body.contains("Gers et al., 2000</a>, p. 2451)"))
        #expect(body.contains("<section class=\"references\" id=\"references\">"))
        #expect(page.citedKeys == ["gers2000forget", "hochreiter1997lstm"])
        #expect(body.contains("<h2 id=\"sec-cell\">"))
        #expect(body.contains("<span class=\"secnum\">4.1</span> The cell update</h2>"))
        #expect(body.contains("\\tag{4.1}"))
        #expect(body.contains("<a class=\"xref\" href=\"#eq-cell\">Equation\u{A0}4.1</a>"))
        #expect(body.contains("<a class=\"xref\" href=\"#fig-gate\">Figure\u{A0}4.1</a>"))
        #expect(body.contains("<a class=\"xref\" href=\"#sec-cell\">Section\u{A0}4.1</a>"))
        #expect(
            body.contains("<figcaption><span class=\"figure-number\">Figure 4.1:</span> The gate &lt;f&gt; &amp; the cell</figcaption>"))
        #expect(body.contains("title=\"computed when the chapter ran: fixed(f, 2)\">0.25</span>"))
        #expect(body.contains(">&lt;b&gt;</span> is escaped"))
        #expect(body.contains("<p class=\"exercise-label\">Exercise 4.1</p>"))
        #expect(body.contains("<details class=\"solution\"><summary>Show the solution</summary>"))
        #expect(body.contains("<a href=\"source/Sources/Lib/Cell.swift.html#L3\">Sources/Lib/Cell.swift</a>, line 3"))
        #expect(body.contains("func step() -&gt; Int { 1 }"))
        #expect(!body.contains("\u{E005}"))
        #expect(page.labels.map(\.name).sorted() == ["eq-cell", "fig-gate", "sec-cell"])
    }

    @Test func referencesAcrossChaptersAndUnknownLabels() throws {
        let later = try authoringOutcomes()[1]
        #expect(later.rendered.body.contains("<a class=\"xref\" href=\"04-gates.html#fig-gate\">Figure\u{A0}4.1</a>"))
        #expect(later.rendered.body.contains("<a class=\"xref\" href=\"04-gates.html#eq-cell\">Equation\u{A0}4.1</a>"))
        #expect(later.rendered.body.contains("<span class=\"xref unknown\""))
        #expect(later.diagnostics == [Diagnostic(file: "Chapters/05-later.md", line: 3, "unknown label 'sec-missing'")])
    }

    @Test func aLabelDefinedInTwoChaptersIsAnError() throws {
        var outcomes = try authoringOutcomes()
        outcomes[1].rendered.labels = [LabelTarget(name: "fig-gate", number: "5.1", page: "05-later.html", file: "", line: 7)]
        outcomes[1].sink = DiagnosticSink()
        let resolved = resolveCrossReferences(outcomes)
        #expect(
            resolved[1].diagnostics.contains(
                Diagnostic(
                    file: "Chapters/05-later.md", line: 7,
                    "the label 'fig-gate' is already defined at Chapters/04-gates.md:\(goldenLine(authoringMarkdown, "show(chart"))")))
    }

    /// The markers the parse uses (math placeholders, cell markers, authoring tokens: U+E000 to
    /// U+F8FF) are all gone from what a page shows: its body, title, contents and search entries.
    @Test func noPrivateUseMarkerReachesAPage() throws {
        for page in try authoringOutcomes().map(\.rendered) {
            let texts = [page.body, page.title] + page.contents.map(\.html) + page.sections.flatMap { [$0.section, $0.text] }
            for text in texts {
                #expect(!text.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) }, "\(page.slug): \(text.prefix(80))")
            }
        }
    }

    @Test func unknownCitationKeyIsAnErrorAtItsLine() throws {
        let problems = readDocument("Intro.\n\nSee [@nobody2020].\n").sink.of(.authoring)
        #expect(problems.map(\.line) == [3])
        #expect(problems[0].message.contains("unknown citation key 'nobody2020'"))
    }

    @Test func inlineValuesRunAfterTheBlockAboveThem() throws {
        let markdown =
            "Before: `{swift} 1 + 1`.\n\n```swift\nlet x = 2\n```\n\n```swift fails\nfatalError()\n```\n\nAfter: `{swift} x * 3`.\n"
        let document = readDocument(markdown, root: URL(fileURLWithPath: "/"))
        let blocks = document.blocks
        let (program, errors) = document.authoring.programBlocks(blocks, file: testFile)
        #expect(errors.isEmpty)
        // The first value goes before the first block, the second after it (not into the `fails` block).
        #expect(
            program[0].code
                == "#sourceLocation(file: \"\(testFile)\", line: 1)\n_bookInlineStart(0); _bookInline(0, (1 + 1))\n#sourceLocation(file: \"\(testFile)\", line: 4)\n"
                + "let x = 2\n#sourceLocation(file: \"\(testFile)\", line: 11)\n_bookInlineStart(1); _bookInline(1, (x * 3))\n")
        #expect(program[1].code == blocks[1].code)
    }
}
