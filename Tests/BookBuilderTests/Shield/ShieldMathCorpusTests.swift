import Testing

@testable import BookBuilder

// Math as students write it in their notes (the rules of markdown-it's dollarmath with spaces
// allowed, Pandoc's tex_math_dollars, GitHub, Obsidian, Typora): a corpus of realistic notes,
// English and Chinese, with lists, tables, quotes, prices and code, and what each yields.

@Suite struct ShieldMathCorpusTests {
    func texts(_ markdown: String) -> [String] { shieldMath(markdown, file: testFile).math.map(\.tex) }
    func warnings(_ markdown: String) -> [Int] { shieldMath(markdown, file: testFile).warnings.map(\.line) }

    @Test func spacesInsideInlineMath() {
        #expect(texts("The inputs $ x_1, x_2 $ and $ h_t$ and $W $.") == [" x_1, x_2 ", " h_t"])
        #expect(warnings("The inputs $ x_1, x_2 $ and $ h_t$ and $W $.") == [1], "`$W $` opens tight and closes spaced")
    }

    @Test func listItemsNeverFuse() throws {
        let notes = "- c: $ W $（中文）\n- d: $W$\n- e: 代价 $5\n"
        #expect(texts(notes) == [" W ", "W"])
        #expect(warnings(notes).isEmpty)
        let body = try pageBody(notes)
        #expect(body.components(separatedBy: "<li>").count == 4, "three list items: \(body)")
    }

    @Test func anItemsOwnUnbalancedDollarStaysInTheItem() throws {
        let notes = "- a: $x_1\n- b: $y$\n"
        #expect(texts(notes) == ["y"])
        #expect(warnings(notes) == [1])
    }

    @Test func inlineDoubleDollarsAreDisplayMath() {
        let math = shieldMath("Given $$x^2 + y^2 = 9$$ what is the radius?", file: testFile).math
        #expect(math == [MathSpan(tex: "x^2 + y^2 = 9", display: true, line: 1)])
    }

    @Test func displayBlocksOverSeveralLinesWithSignsAtTheLineStart() {
        let notes = "Sum:\n$$\na\n+ b\n- c\n1. d\n$$\nafter $e$\n"
        let math = shieldMath(notes, file: testFile).math
        #expect(math.map(\.tex) == ["\na\n+ b\n- c\n1. d\n", "e"])
        #expect(math.map(\.line) == [2, 8])
    }

    @Test func pricesAreText() {
        #expect(texts("It costs $5 and $10, or $3.50 each.").isEmpty)
        #expect(warnings("It costs $5 and $10, or $3.50 each.").isEmpty)
        #expect(texts("From $5 to $x$ dollars").count == 1)
        #expect(texts("It costs $ 5 and $ 6 in all.").isEmpty)
    }

    @Test func escapedDollarsAndCode() {
        let notes = #"Pay \$5, see `let s = "$x"` and ``$$y$$``, then $z$."#
        #expect(texts(notes) == ["z"])
        #expect(warnings(notes).isEmpty)
    }

    @Test func neverAcrossAHeadingOrAQuote() {
        #expect(texts("# Title $a\nb$ text\n").isEmpty)
        #expect(warnings("# Title $a\nb$ text\n") == [1])
        #expect(texts("> quoted $a\nplain b$\n").isEmpty)
        #expect(texts("> quoted $a$\n> still $b$\n") == ["a", "b"])
        #expect(texts("> quoted $a\n\n> b$\n").isEmpty, "two quotes are two blocks")
    }

    @Test func neverAcrossATableCell() throws {
        let table = "| a | b |\n|---|---|\n| $x | y$ |\n| $|h_t|$ | $W_{hh}$ |\n"
        #expect(texts(table) == ["|h_t|", "W_{hh}"])
        #expect(warnings(table) == [3], "`$x` opens and never closes in its cell; `y$` opens nothing")
        let body = try pageBody(table.replacingAll("$x | y$", with: "x | y"))
        #expect(body.contains("<td><span class=\"math inline\">|h_t|</span></td>"), "\(body)")
    }

    @Test func oneStrayDollarLeavesTheOtherFormulas() {
        let notes = "First $a_1$.\n\nA stray $b here.\n\nThen $c^2$ and $$d$$.\n"
        #expect(texts(notes) == ["a_1", "c^2", "d"])
        #expect(warnings(notes) == [3])
    }

    @Test func chineseNotes() throws {
        let notes = """
            # 循环神经网络

            隐藏状态 $h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)$，其中 $ W_{hh} $ 是循环权重。

            | 符号 | 含义 |
            |---|---|
            | $x_t$ | 输入（第 $t$ 步） |

            - 梯度：$\\frac{\\partial L}{\\partial W}$
            - 费用：每次 $5，共 $10

            > 注意：$\\sigma$ 是 sigmoid。
            """
        #expect(
            texts(notes) == [
                "h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)", " W_{hh} ", "x_t", "t", "\\frac{\\partial L}{\\partial W}", "\\sigma",
            ])
        #expect(warnings(notes).isEmpty)
        let body = try pageBody(notes)
        #expect(body.contains("<span class=\"math inline\"> W_{hh} </span> 是循环权重"))
    }

    @Test func lineNumbersOfEverythingAfterAreUnchanged() {
        let notes = "a $x$\n\n$$\nA\nB\n$$\n\n- $ y $\n- z\n"
        let shielded = shieldMath(notes, file: testFile)
        #expect(
            shielded.text.split(separator: "\n", omittingEmptySubsequences: false).count
                == notes.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(shielded.math.map(\.line) == [1, 3, 8])
    }
}
