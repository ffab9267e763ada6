import Foundation
import Testing

@testable import BookBuilder

// The authoring syntax as a careless author writes it (issue #21): each fault a message at its
// line, built for real, and a clean chapter beside the faulty ones that stays clean.

enum FaultsBook {
    /// Faults that let the chapter run: each is reported, and the rest of the chapter runs.
    static let running = #"""
        <!-- book: timeout=abc -->
        <!-- book: optimise -->
        # Faults {#sec-faults}

        ```swift
        var total = 0
        ```

        The final loss is `{swift} fixed(finalLoss, 3)`, after `{swift} steps` steps.

        The running total is `{swift} total`; the pair sums to `{swift} helper()`.

        <!-- A draft, kept for later:
        The loss was `{swift} fixed(undefinedThing, 2)` [@nobody2020], see @sec-draft.

        $$
        x = 1
        $$ {#eq-draft}

        ```swift
        print("never run")
        ```
        -->

        > [!WARN]
        > Mind the gap.

        > [!note]
        > Lowercase works, as on GitHub.

        The identity $e = 1$ {#eq-inline} is inline.

        An unclosed value `{swift} total here.

        An unclosed citation [@hochreiter1997lstm here.

        A typo [@hochreiter1997lstn], a malformed entry [@cho2014gru], one without author [@noauthor2020].

        $$
        y = 2
        $$ {#eq-draft}

        ```swift
        var steps = 0
        var finalLoss = 0.0
        let (pairA, pairB): (Int, Int) = (1, 2)
        func helper() -> Int { pairA + pairB }
        for _ in 0..<5 {
            steps += 1
            finalLoss = 1.0 / Double(steps)
        }
        total = 5
        ```

        After training the loss is `{swift} fixed(finalLoss, 3)` after `{swift} steps` steps, see @sec-cleen.

        ```swift include=Library/Anchors.swift:twice
        ```

        ```swift include=Library/Anchors.swift:unended
        ```

        ```swift include=Library/Anchors.swift:endfirst
        ```

        ```swift include=Library/Anchors.swift:spaced
        ```

        ```swift include=Library/Anchors.swift:unendd
        ```

        ```swift include=Library/Anchor.swift:spaced
        ```

        Printing is no value: `{swift} print(total)`.

        A link [of `{swift} total` steps](https://example.org) is no place for a value.

        ## Again {#sec-faults}

        An empty value `{swift}`, a loose {#sec-loose} label and a {#fig-loose} one.

        As @hochreiter1997lstm showed in @eq:cell {#eq:cell}; mail a@hochreiter1997lstm.

        [!TIP]
        Not in a quote.

        <!-- an unfinished note
        """#

    /// A fault that stops the chapter from running.
    static let exercise = """
        # Exercises

        ```swift exercise
        var n = 0  // count to three
        ```

        No solution follows.

        ```swift exercice
        var m = 0
        ```
        """

    /// Refers to the faulty chapters, draws a chart whose text says anything.
    static let clean = #"""
        # Clean {#sec-clean}

        As @sec-faults shows [@hochreiter1997lstm].

        ```swift
        var chart = LineChart(title: "loss < 0.1 = \"good\" & fast", xLabel: "step <t>", yLabel: "loss = 'L'")
        chart.add("trained on=GPU", y: [3, 2, 1])
        chart.add("javascript: a language", y: [1, 2, 3])
        show(chart, label: "fig-clean", caption: "Any text")
        let last = 1.0
        ```

        The last value is `{swift} fixed(last, 1)`.
        """#

    static let bib = """
        @article{hochreiter1997lstm,
          author = {Hochreiter, Sepp and Schmidhuber, Jürgen},
          title = {Long Short-Term Memory},
          journal = {Neural Computation},
          year = {1997}
        }

        @article{cho2014gru,
          author = {Cho, Kyunghyun}
          title = {Learning Phrase Representations},
          year = {2014}
        }

        @misc{noauthor2020,
          title = {No author here},
          year = {2020}
        }

        @article{hochreiter1997lstm,
          author = {Someone, Else},
          title = {Again},
          year = {1997}
        }

        @book{unclosed2001,
          author = {Open, Brace},
          title = {A title that never closes,
          year = {2001}
        }

        @article{,
          author = {No, Key},
          title = {Keyless},
          year = {2000}
        }
        """

    static let anchors = """
        // ANCHOR: twice
        let a = 1
        // ANCHOR_END: twice
        // ANCHOR: twice
        let b = 2
        // ANCHOR_END: twice
        // ANCHOR: unended
        let c = 3
        // ANCHOR_END: endfirst
        // ANCHOR: endfirst
        let d = 4
        //ANCHOR:spaced
        let e = 5
        // ANCHOR_END: spaced
        """
}

@Suite(.serialized, .timeLimit(.minutes(4))) struct AuthoringFaultsTests {
    @Test func eachFaultIsReportedAtItsLineAndTheCleanChapterStaysClean() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook(
            "faults",
            chapters: [
                "01-faults.md": FaultsBook.running, "02-clean.md": FaultsBook.clean, "03-exercise.md": FaultsBook.exercise,
                "references.bib": FaultsBook.bib,
            ])
        defer { book.remove() }
        try FileManager.default.createDirectory(at: book.root.appendingPathComponent("Library"), withIntermediateDirectories: true)
        try Data(FaultsBook.anchors.utf8).write(to: book.root.appendingPathComponent("Library/Anchors.swift"))
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        let outcome = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.source.slug, $0) })
        for d in report.errors + report.warnings { print("  \(d)") }

        // 9. The clean chapter: no diagnostic, its page written, its figure and references whole.
        let clean = try #require(outcome["02-clean"])
        #expect(clean.diagnostics.isEmpty && clean.mismatches.isEmpty, "\(clean.diagnostics)")
        let cleanPage = try book.page("02-clean")
        // 8. A chart's text may say anything; the SVG escapes it.
        // (A captioned figure leaves its title out of the image: its axis label carries the test.)
        #expect(cleanPage.contains("step &lt;t&gt;"))
        #expect(cleanPage.contains("trained on=GPU") && cleanPage.contains("javascript: a language"))
        #expect(cleanPage.contains("<figure class=\"chart numbered\" id=\"fig-clean\">"))
        #expect(cleanPage.contains("<a class=\"xref\" href=\"01-faults.html#sec-faults\">"))

        try checkRunningFaults(outcome["01-faults"], page: try book.page("01-faults"))

        // 7. An exercise with no solution, an option with a typo: errors at their fences.
        let exercise = try #require(outcome["03-exercise"])
        #expect(
            exercise.diagnostics.map(\.description) == [
                "Chapters/03-exercise.md:\(line(of: "```swift exercise", in: FaultsBook.exercise)): error: this 'exercise' block has no 'solution' block after it: write its solution in a ```swift solution block right below (its output block may come between)",
                "Chapters/03-exercise.md:\(line(of: "```swift exercice", in: FaultsBook.exercise)): error: unknown block option 'exercice' (known: hide, fold, norun, fails, exercise, solution, include=PATH:NAME); did you mean 'exercise'?",
            ])

        // 5. The bibliography's mistakes: each once, at its line of references.bib.
        let bib = report.errors.filter { $0.file == "Chapters/references.bib" }.map(\.description)
        let at = { (needle: String) in "Chapters/references.bib:\(line(of: needle, in: FaultsBook.bib)): error: " }
        #expect(
            bib == [
                at("title = {Learning") + "a ',' is missing before the field 'title' in the entry 'cho2014gru'",
                at("@misc{noauthor2020") + "the entry 'noauthor2020' has no author",
                "Chapters/references.bib:\(line(of: "author = {Someone", in: FaultsBook.bib) - 1): error: "
                    + "the key 'hochreiter1997lstm' is already used at line 1",
                at("A title that never") + "the value of 'title' in the entry 'unclosed2001' is not closed: a '}' is missing",
                at("@article{,") + "the entry has no key: write @article{key, ...}",
            ], "\(bib)")
    }

    /// The faults of `01-faults.md`, each at its line; the blocks ran, the draft in the comment did not.
    func checkRunningFaults(_ document: ChapterDocument?, page: String) throws {
        let faults = try #require(document)
        let text = FaultsBook.running
        let at = { (needle: String) in "Chapters/01-faults.md:\(line(of: needle, in: text)): " }
        let block = line(of: "var steps = 0", in: text) - 1
        let expected = [
            at("timeout=abc") + "error: 'timeout=abc' is not a time budget: write a number of seconds, e.g. <!-- book: timeout=300 -->",
            at("optimise")
                + "warning: unknown directive 'optimise', so it is ignored (known: <!-- book: timeout=SECONDS -->, <!-- book: optimize -->); did you mean <!-- book: optimize -->?",
            // 1. Inline values above the block that sets what they read.
            at("The final loss")
                + "error: 'finalLoss' is set by the block at line \(block), after this sentence; move the sentence below it",
            at("The final loss") + "error: 'steps' is set by the block at line \(block), after this sentence; move the sentence below it",
            at("The running total")
                + "error: 'helper' is set by the block at line \(block), after this sentence; move the sentence below it",
            // 4. An unknown callout kind.
            at("[!WARN]")
                + "warning: unknown callout kind '[!WARN]', so the quote is shown as a plain quote (the kinds are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]); did you mean [!WARNING]?",
            // 3. An equation label on inline math.
            at("{#eq-inline}")
                + "error: the label {#eq-inline} follows inline math $...$; an equation label goes after display math: $$ ... $$ {#eq-inline}",
            // 10. Unclosed spans, near-miss keys and labels.
            at("An unclosed value") + "error: this inline value `{swift} ... is never closed: end it with ` on the same line",
            at("An unclosed citation") + "error: the citation '[@hochreiter1997lstm' is never closed: end it with ']' on the same line",
            at("A typo")
                + "error: unknown citation key 'hochreiter1997lstn' (not in Chapters/references.bib); did you mean 'hochreiter1997lstm'?",
            at("see @sec-cleen") + "error: unknown label 'sec-cleen'; did you mean 'sec-clean'?",
            // 6. Anchors defined twice, never ended, ended before they start.
            at("Anchors.swift:twice")
                + "error: include: 'Library/Anchors.swift' has '// ANCHOR: twice' twice, at lines 1 and 4: rename one of them",
            at("Anchors.swift:unended")
                + "error: include: 'Library/Anchors.swift' has '// ANCHOR: unended' at line 7 but no '// ANCHOR_END: unended' after it",
            at("Anchors.swift:endfirst")
                + "error: include: 'Library/Anchors.swift' has '// ANCHOR_END: endfirst' at line 9, before its '// ANCHOR: endfirst' at line 10",
            at("Anchors.swift:spaced")
                + "error: include: 'Library/Anchors.swift' has '// ANCHOR_END: spaced' at line 14 but no '// ANCHOR: spaced' before it (line 12 reads '//ANCHOR:spaced': write '// ANCHOR: spaced')",
            at("Anchors.swift:unendd") + "error: include: 'Library/Anchors.swift' has no line '// ANCHOR: unendd'; did you mean 'unended'?",
            at("Anchor.swift:spaced")
                + "error: include: no file 'Library/Anchor.swift' (paths are relative to the book's root); did you mean 'Library/Anchors.swift'?",
            at("Printing is no value")
                + "error: the inline value `print(total)` has no value (it shows '()'): write the expression itself, e.g. `{swift} fixed(x, 3)`, not a statement",
            at("A link [of")
                + "error: an inline value inside a link's text is not computed: move it out of the [...] of the link",
            // 10. A label defined twice, labels where none is read, an empty value, a comment never closed.
            at("## Again") + "error: the label 'sec-faults' is already defined at line 3",
            at("An empty value")
                + "error: a figure is labelled where the block shows it, show(chart, label: \"fig-loose\", caption: \"...\"), not with {#fig-loose}",
            at("An empty value") + "error: an inline value `{swift} ...` needs an expression",
            at("An empty value")
                + "error: the label {#sec-loose} labels a section: put it at the end of its heading, ## Title {#sec-loose}",
            at("As @hochreiter") + "error: a label is written {#eq-cell}, with a dash, not {#eq:cell}",
            at("As @hochreiter") + "error: a reference is written @eq-cell, with a dash, not @eq:cell",
            at("As @hochreiter")
                + "warning: '@hochreiter1997lstm' is shown as written, not cited: a citation goes in brackets, [@hochreiter1997lstm]",
            at("[!TIP]")
                + "warning: [!TIP] makes a callout only at the start of a block quote: write > [!TIP] and > before each of its lines",
            at("an unfinished note")
                + "error: this comment '<!--' is never closed, so the rest of the chapter is taken as part of it (write '-->' where it ends)",
        ]
        #expect(
            faults.diagnostics.map(\.description)
                == expected.sorted {
                    (line(ofDescription: $0), message(ofDescription: $0)) < (line(ofDescription: $1), message(ofDescription: $1))
                })
        // The blocks ran; the values below their block are computed, those above it are not (no 0.000).
        #expect(faults.results.prefix(2).map(\.ran) == [true, true])
        #expect(page.contains(">0.200</span>") && page.contains(">5</span>"))
        #expect(!page.contains(">0.000</span>"))
        #expect(page.contains("title=\"not computed: it reads a name that a block below it sets\">?</span>"))
        // 2. Nothing in the comment was scanned or run.
        #expect(!faults.results.contains { $0.printedText.contains("never run") })
        // 4. `[!note]` is a callout, as on GitHub; `[!WARN]` a plain quote.
        #expect(page.contains("callout-note") && page.contains("<blockquote>\n<p>[!WARN]"))
        // 3. KaTeX gets no \tag in inline mode; the display equation keeps its number.
        #expect(!page.contains("e = 1 \\tag"))
    }
}

/// The line number in a `file:line: ...` description.
private func line(ofDescription d: String) -> Int { Int(d.split(separator: ":")[1]) ?? 0 }

/// The message in a `file:line: severity: message` description (diagnostics of a line sort by it).
private func message(ofDescription d: String) -> String { String(d.split(separator: ":", maxSplits: 3)[3]) }
