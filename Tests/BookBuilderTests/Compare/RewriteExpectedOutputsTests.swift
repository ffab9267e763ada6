import Testing

@testable import BookBuilder

// `book update`: the only writer of chapters. It replaces exactly the lines inside each ```output
// fence with what the block printed, and leaves every other byte of the file as it was.

@Suite struct RewriteExpectedOutputsTests {
    let chapter = """
        # Title

        Prose with $x_1$ math and `code`.
        ```swift
        print("one")
        ```
        ```output
        old one
        old two
        ```

        ```swift hide
        let quiet = 1
        ```

        Middle prose.

        ```swift
        print(2.0)
        ```

        ```output
        1.0
        ```
        Last line without newline
        """

    func rewrite(_ text: String, _ results: [BlockResult]) throws -> String {
        let (_, _, blocks) = try parsedChapter(text)
        return rewriteExpectedOutputs(text, blocks: blocks, results: results)
    }

    @Test func replacesExactlyTheLinesInsideEachOutputFence() throws {
        let updated = try rewrite(
            chapter, [result(.text("one\n")), result(), result(.text("2.0\n"), .check(line: 20, claim: "c", passed: true))])
        let expected =
            chapter
            .replacingAll("old one\nold two\n", with: "one\n")
            .replacingAll("```output\n1.0\n", with: "```output\n2.0\n")
        #expect(updated == expected)
    }

    @Test func nothingChangesWhenTheOutputIsTheSame() throws {
        let same = try rewrite(chapter, [result(.text("old one\nold two\n")), result(), result(.text("1.0\n"))])
        #expect(same == chapter)
    }

    @Test func blocksThatDidNotRunKeepTheirOldText() throws {
        let updated = try rewrite(chapter, [result(.text("new\n"), ran: false), result(), result(.text("3.0\n"))])
        #expect(updated == chapter.replacingAll("```output\n1.0\n", with: "```output\n3.0\n"))
    }

    @Test func outputGrowsAndShrinksAndEmpties() throws {
        let grown = try rewrite(chapter, [result(.text("a\nb\nc\nd\n")), result(), result(.text(""))])
        #expect(
            grown
                == chapter.replacingAll("old one\nold two\n", with: "a\nb\nc\nd\n").replacingAll(
                    "```output\n1.0\n```", with: "```output\n```"))
    }

    @Test func outputWithoutFinalNewlineAndWithInnerBlankLines() throws {
        let updated = try rewrite(chapter, [result(.text("x\n\ny")), result(), result(.text("1.0\n"))])
        #expect(updated == chapter.replacingAll("old one\nold two\n", with: "x\n\ny\n"))
    }

    @Test func everyOtherByteIsKept() throws {
        // Unicode, math, trailing spaces and the final newline are all kept.
        let text = "# 梯度 $\\nabla$\n\n```swift\nprint(\"新\")\n```\n```output\n旧\n```\n  tail  \n"
        let updated = try rewrite(text, [result(.text("新\n"))])
        #expect(updated == "# 梯度 $\\nabla$\n\n```swift\nprint(\"新\")\n```\n```output\n新\n```\n  tail  \n")
    }

    @Test func printedFencesGetALongerFence() throws {
        // A block that prints a Markdown fence must not close its output block early.
        let text = "```swift\nprint(\"```swift\\nx\\n```\")\n```\n```output\nold\n```\nAfter.\n"
        let updated = try rewrite(text, [result(.text("```swift\nx\n```\n"))])
        #expect(updated == "```swift\nprint(\"```swift\\nx\\n```\")\n```\n````output\n```swift\nx\n```\n````\nAfter.\n")
        // The rewritten chapter reads back with the same output.
        let (_, _, blocks) = try parsedChapter(updated)
        #expect(blocks.first?.expected?.text == "```swift\nx\n```\n")
        #expect(try rewrite(updated, [result(.text("```swift\nx\n```\n"))]) == updated, "a second update changes nothing")
        // A tilde fence holds backticks already and stays as it is.
        let tilde = "```swift\nprint(1)\n```\n~~~output\nold\n~~~\n"
        #expect(try rewrite(tilde, [result(.text("```\n"))]) == "```swift\nprint(1)\n```\n~~~output\n```\n~~~\n")
    }

    @Test func textAndChecksAndFiguresOnlyTheTextIsWritten() throws {
        let updated = try rewrite(
            chapter,
            [
                result(.text("a\n"), .figure("<svg/>\n"), .check(line: 5, claim: "x", passed: true), .text("b\n")), result(),
                result(.text("1.0\n")),
            ])
        #expect(updated == chapter.replacingAll("old one\nold two\n", with: "a\nb\n"))
    }
}

@Suite struct RewriteKeepsTheFileTests {
    @Test func crlfAndByteOrderMarkAreKeptAndOnlyDifferingBlocksChange() throws {
        let lf =
            "# T\n\n```swift\nprint(1.0000000000001)\n```\n```output\n1.0\n```\n\n```swift\nprint(\"b\")\n```\n```output\nold\n```\nend\n"
        let crlf = "\u{FEFF}" + lf.replacingAll("\n", with: "\r\n")
        let source = try decodeChapter(Array(crlf.utf8), path: testFile, slug: "01-test").get()
        let (_, _, blocks) = try parsedChapter(source.text)
        let results = [result(.text("1.0000000000001\n")), result(.text("new\n"))]
        let rewritten = rewriteExpectedOutputs(crlf, blocks: blocks, results: results)
        // The first block agrees within the tolerance: its output block is left as written.
        let expected = "\u{FEFF}" + lf.replacingAll("\nold\n", with: "\nnew\n").replacingAll("\n", with: "\r\n")
        #expect(Array(rewritten.utf8) == Array(expected.utf8))
    }
}
