import Testing

@testable import BookBuilder

// Stage 2: math reaches KaTeX exactly as written. cmark-gfm would read `_` and `*` as emphasis
// and eat backslashes, so the math is taken out before parsing and put back after, and nothing
// else (code, escaped dollars, lone dollar signs) is taken for math.

@Suite struct ShieldMathTests {
    /// The HTML KaTeX receives for an inline span of `tex` (escaped once for HTML).
    func inline(_ tex: String) -> String { "<span class=\"math inline\">\(escapeHTML(tex))</span>" }
    func display(_ tex: String) -> String { "<span class=\"math display\">\(escapeHTML(tex))</span>" }

    @Test func underscoresAndAsterisksSurvive() throws {
        let body = try pageBody(#"The loss $L = \sum_t x_t * y_t$ and $a*b*c$ and $x_1 + y_2$."#)
        #expect(body.contains(inline(#"L = \sum_t x_t * y_t"#)), "\(body)")
        #expect(body.contains(inline("a*b*c")))
        #expect(body.contains(inline("x_1 + y_2")))
        #expect(!body.contains("<em>"))
        #expect(!body.contains("<strong>"))
    }

    @Test func backslashesSurvive() throws {
        let tex = #"\begin{aligned} a &= b \\ c &= \{d\} \, e \end{aligned}"#
        let shielded = shieldMath("Here $\(tex)$ ends.", file: testFile)
        #expect(shielded.math == [MathSpan(tex: tex, display: false, line: 1)])
        let body = try pageBody("Here $\(tex)$ ends.")
        #expect(body.contains(inline(tex)), "\(body)")
        // `&` reaches the page as `&amp;`, which the browser reads back as `&` for KaTeX.
        #expect(body.contains(#"a &amp;= b \\ c &amp;= \{d\} \, e"#))
    }

    @Test func lessThanAndAmpersandAreEscapedOnce() throws {
        let body = try pageBody("If $a<b$ and $c>d$ then.")
        #expect(body.contains(#"<span class="math inline">a&lt;b</span>"#))
        #expect(body.contains(#"<span class="math inline">c&gt;d</span>"#))
    }

    @Test func dollarsInCodeSpansAreNotMath() throws {
        let text = "Use `xs.map { $0 * 2 }` or ``let s = \"$a$\"`` here, and `$` alone."
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.isEmpty)
        #expect(shielded.text == text)
        let body = try pageBody(text)
        #expect(body.contains("<code>xs.map { $0 * 2 }</code>"))
        #expect(body.contains("<code>let s = &quot;$a$&quot;</code>"))
        #expect(body.contains("<code>$</code>"))
    }

    @Test func aCodeSpanWithALongerRunOfBackticksHoldsShorterRuns() throws {
        let text = "See ``a ` $b$ `` and then $c$."
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["c"])
    }

    @Test func dollarsInFencedBlocksAreNotMath() throws {
        let text = """
            Text $x$.

            ```swift
            let doubled = xs.map { $0 * 2 }  // $ not math $
            ```

            ~~~python
            price = "$5 and $6"
            ~~~

            After $y$.
            """
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["x", "y"])
        #expect(shielded.math.map(\.line) == [1, 11])
        let (_, parsed, blocks) = try parsedChapter(text)
        #expect(blocks.first?.code == "let doubled = xs.map { $0 * 2 }  // $ not math $\n")
        #expect(parsed.fences.last?.literal == "price = \"$5 and $6\"\n")
    }

    @Test func aFenceInsideAListItemIsNotMath() throws {
        let text = """
            1. Run this:

               ```swift
               let f = { $0 + $1 }
               ```
            2. Then $z$.
            """
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["z"])
    }

    @Test func escapedDollarIsALiteralDollar() throws {
        let text = #"It costs \$5, or \$6 with $x$ tax."#
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["x"])
        let body = try pageBody(text)
        #expect(body.contains("It costs $5, or $6 with <span class=\"math inline\">x</span> tax."), "\(body)")
    }

    @Test func aDollarFollowedBySpaceIsNotMath() throws {
        let text = "It costs $ 5 and $ 6 in all."
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.isEmpty)
        let body = try pageBody(text)
        #expect(body.contains("It costs $ 5 and $ 6 in all."))
    }

    @Test func aClosingDollarNeedsNoSpaceBeforeAndNoDigitAfter() throws {
        // Pandoc's rule: `$a $` does not close at the spaced dollar, and `$5` does not close.
        let shielded = shieldMath("Math $a + b$, more $c $d$.", file: testFile)
        #expect(shielded.math.map(\.tex) == ["a + b", "c $d"])
        let digits = shieldMath("Pay $x$2 no: $y$ yes", file: testFile)
        #expect(digits.math.map(\.tex) == ["x$2 no: $y"])
    }

    @Test func htmlCommentsAreNotMath() throws {
        let text = "<!-- book: timeout=5 $x -->\nAfter $y$."
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["y"])
        #expect(shielded.math.first?.line == 2)
    }

    @Test func displayMathOnItsOwnLines() throws {
        let text = """
            Before.

            $$
            h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)
            $$

            After.
            """
        let shielded = shieldMath(text, file: testFile)
        let tex = "\nh_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)\n"
        #expect(shielded.math == [MathSpan(tex: tex, display: true, line: 3)])
        let body = try pageBody(text)
        #expect(body.contains(display(tex)), "\(body)")
        #expect(!body.contains("<em>"))
        #expect(body.contains("<p>After.</p>"))
    }

    @Test func multiLineDisplayMathWithAlignment() throws {
        let tex = "\n\\begin{aligned}\n  a_1 &= b_1 * c \\\\\n  a_2 &= b_2\n\\end{aligned}\n"
        let text = "Intro:\n\n$$\(tex)$$\n\nEnd $x$."
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == [tex, "x"])
        #expect(shielded.math.map(\.line) == [3, 10])
        let body = try pageBody(text)
        #expect(body.contains(display(tex)), "\(body)")
    }

    @Test func displayMathInsideAListItem() throws {
        let text = """
            - The update:

              $$
              c_t = f_t \\odot c_{t-1} + i_t \\odot g_t
              $$

            - The output.
            """
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["\n  c_t = f_t \\odot c_{t-1} + i_t \\odot g_t\n  "])
        let body = try pageBody(text)
        #expect(body.components(separatedBy: "<ul>").count == 2, "one list: \(body)")
        #expect(body.components(separatedBy: "<li>").count == 3)
        let math = try #require(body.range(of: "math display"))
        let secondItem = try #require(body.range(of: "The output."))
        #expect(math.lowerBound < secondItem.lowerBound)
        #expect(body.contains(#"c_t = f_t \odot c_{t-1} + i_t \odot g_t"#))
    }

    @Test func chineseTextAroundMathWithoutSpaces() throws {
        let text = "梯度$\\nabla_\\theta L$在长序列中消失，而$h_t$保持。"
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math.map(\.tex) == ["\\nabla_\\theta L", "h_t"])
        let body = try pageBody(text)
        #expect(body.contains("<p>梯度\(inline("\\nabla_\\theta L"))在长序列中消失，而\(inline("h_t"))保持。</p>"), "\(body)")
    }

    @Test func mathInATableCellAndAHeading() throws {
        let text = """
            ## The $\\alpha_t$ weights

            | symbol | meaning |
            |---|---|
            | $|h_t|$ | the norm of $h_t$ |
            """
        let chapter = try renderedChapter(text)
        #expect(chapter.body.contains("<td>\(inline("|h_t|"))</td>"), "\(chapter.body)")
        #expect(chapter.body.contains(#"<h2 id="the-alpha-t-weights">"#), "\(chapter.body)")
        #expect(chapter.body.contains(inline("\\alpha_t") + " weights</h2>"))
    }

    @Test func unbalancedInlineMathIsAWarningAtItsLine() throws {
        let text = "# Title\n\nFine $x$ here.\n\nThe $y is never closed.\n"
        let error = try #require(shieldError(text))
        #expect(error.line == 5)
        #expect(error.file == testFile)
        #expect(error.severity == .warning)
        #expect(error.message.contains("unbalanced math"))
        #expect(error.message.contains("\\$"), "the message says how to write a dollar sign")
    }

    @Test func inlineMathDoesNotCrossABlankLine() throws {
        let error = try #require(shieldError("Line one $a\n\nb$ line three.\n"))
        #expect(error.line == 1)
    }

    @Test func unbalancedDisplayMathIsAWarningAtItsLine() throws {
        let text = "Intro.\n\n```swift\nlet x = 1\n```\n\n$$\nx_1\n\nMore text.\n"
        let error = try #require(shieldError(text))
        #expect(error.line == 7)
        #expect(error.message.contains("$$"))
    }

    @Test func lineNumbersAreUnchanged() throws {
        let text = """
            # Title

            Inline math over two lines: $a +
            b_1$ and then display:

            $$
            x_1
            + x_2
            $$

            ```swift
            let x = 1
            ```
            """
        let shielded = shieldMath(text, file: testFile)
        #expect(
            shielded.text.split(separator: "\n", omittingEmptySubsequences: false).count
                == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(shielded.math.map(\.line) == [3, 6])
        let parsed = parseMarkdown(shielded.text)
        #expect(parsed.fences.map(\.startLine) == [11])
        #expect(parsed.fences.map(\.endLine) == [13])
        let body = try pageBody(text)
        #expect(body.contains(inline("a +\nb_1")), "\(body)")
        #expect(!body.contains("\u{E002}"), "no filler character is left on the page")
        #expect(!body.contains("\u{E000}"), "no placeholder is left on the page")
    }

    @Test func aFenceAfterMultiLineMathReportsItsTrueLine() throws {
        let text = "$$\na\nb\nc\n$$\n\n```swift fold\nlet y = 2\n```\n```output\n2\n```\n"
        let (_, _, blocks) = try parsedChapter(text)
        #expect(blocks.map(\.fenceLine) == [7])
        #expect(blocks.first?.expected?.fenceLine == 10)
        #expect(blocks.first?.expected?.closingLine == 12)
        // An unknown option after the math is reported at its real line.
        let bad = shieldMath("$$\na\nb\n$$\n\n```swift folded\n```\n", file: testFile)
        let (_, errors) = extractBlocks(parseMarkdown(bad.text), file: testFile)
        #expect(errors.map(\.line) == [6])
    }

    @Test func hardLineBreakBackslashKeepsLineCount() throws {
        let text = "First\\\nsecond $x$\n"
        let shielded = shieldMath(text, file: testFile)
        #expect(shielded.math == [MathSpan(tex: "x", display: false, line: 2)])
    }
}
