import Testing

@testable import BookBuilder

// ```output tolerance=20%: an output block that says how far its numbers may move, the comparison
// that honours it, the page's note beside the output, and the rounding-perturbation message.

@Suite struct OutputToleranceTests {
    @Test func parsesPercentagesAndAbsoluteAmounts() {
        #expect(OutputTolerance(option: "20%") == .relative(0.2))
        #expect(OutputTolerance(option: "2.5%") == .relative(0.025))
        #expect(OutputTolerance(option: "0.01") == .absolute(0.01))
        #expect(OutputTolerance(option: ".5") == .absolute(0.5))
        for bad in ["", "%", "x", "-5%", "0", "0%", "inf", "nan", "1e999", "20 %", "+3"] {
            #expect(OutputTolerance(option: bad) == nil, "'\(bad)'")
        }
        #expect(OutputTolerance.relative(0.2).description == "±20%")
        #expect(OutputTolerance.absolute(0.01).description == "±0.01")
    }

    @Test func aRelativeToleranceAllowsThatFractionOfTheLargerNumber() {
        let line = "    20  0.063         0.00048        0.1667"
        let moved = "    20  0.052         0.00048        0.1667"
        #expect(compareOutput(expected: line, actual: moved) != nil)  // the default: 1e-9
        #expect(compareOutput(expected: line, actual: moved, tolerance: .relative(0.2)) == nil)  // 0.011 ≤ 0.2 · 0.063
        #expect(compareOutput(expected: line, actual: moved, tolerance: .relative(0.15)) != nil)  // 0.011 > 0.15 · 0.063
        // Every number of the block, and never the text between them.
        #expect(compareOutput(expected: "epoch 10: 0.5", actual: "epoch 12: 0.5", tolerance: .relative(0.2)) == nil)
        #expect(compareOutput(expected: "loss 0.5", actual: "cost 0.5", tolerance: .relative(0.2)) != nil)
    }

    @Test func anAbsoluteToleranceAllowsThatAmount() {
        #expect(compareOutput(expected: "acc 0.91", actual: "acc 0.90", tolerance: .absolute(0.01)) == nil)
        #expect(compareOutput(expected: "acc 0.91", actual: "acc 0.89", tolerance: .absolute(0.01)) != nil)
        #expect(compareOutput(expected: "0.000", actual: "0.004", tolerance: .absolute(0.01)) == nil)
    }

    @Test func extractAttachesTheToleranceToItsBlock() throws {
        let text = "```swift\nprint(1)\n```\n```output tolerance=20%\n1\n```\n```swift\nprint(2)\n```\n```output\n2\n```\n"
        let (blocks, errors) = extractBlocks(parseMarkdown(text), file: testFile)
        #expect(errors.isEmpty)
        #expect(blocks.map { $0.expected?.tolerance } == [.relative(0.2), .standard])
    }

    @Test(arguments: [
        ("```output fold", "unknown output block option 'fold'"),
        ("```output tolerance=lots", "'tolerance=lots' is not a tolerance"),
        ("```output tolerance=1% tolerance=2%", "takes one tolerance"),
    ])
    func aBadOutputOptionIsAnErrorAtItsLine(fence: String, message: String) throws {
        let (blocks, errors) = extractBlocks(parseMarkdown("```swift\nprint(1)\n```\n\(fence)\n1\n```\n"), file: testFile)
        #expect(errors.map(\.line) == [4])
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
        #expect(blocks.first?.expected?.tolerance == .standard)  // still compared, at the default
    }

    @Test func thePageSaysWhatMayVaryBesideTheOutput() throws {
        let (_, _, blocks) = try parsedChapter("```swift\nprint(0.063)\n```\n```output tolerance=20%\n0.063\n```\n")
        let cell = renderCell(blocks[0], result: result(.text("0.063\n")), compileErrors: [])
        #expect(cell.contains("<p class=\"cell-note output-tolerance\">The numbers of this output may vary by ±20% of their value"))
        let (_, _, plain) = try parsedChapter("```swift\nprint(1)\n```\n```output\n1\n```\n")
        #expect(!renderCell(plain[0], result: result(.text("1\n")), compileErrors: []).contains("output-tolerance"))
    }

    @Test func updateKeepsTheOptionAndRewritesOnlyBeyondTheTolerance() throws {
        let text = "```swift\nprint(x)\n```\n```output tolerance=20%\n0.063\n```\n"
        let (_, _, blocks) = try parsedChapter(text)
        #expect(rewriteExpectedOutputs(text, blocks: blocks, results: [result(.text("0.057\n"))]) == text)  // within 20 %
        #expect(
            rewriteExpectedOutputs(text, blocks: blocks, results: [result(.text("0.031\n"))])
                == "```swift\nprint(x)\n```\n```output tolerance=20%\n0.031\n```\n")
    }

    @Test func theRoundingMessageNamesWhatMovedAndByHowMuch() throws {
        let expected = "  epoch  loss\n    20  0.063         0.00048        0.1667\n"
        let actual = "  epoch  loss\n    20  0.052         0.00048        0.1667\n"
        let d = try #require(firstDifference(expected: expected, actual: actual))
        #expect(d.line == 2)
        #expect(
            d.roundingMessage(seed: "1")
                == "output varies with rounding: '0.063' became '0.052' under perturbation 1 (17 %); print it at a stable precision or give the block a tolerance"
        )
        let small = try #require(firstDifference(expected: "x 1.000", actual: "x 1.025"))
        #expect(small.roundingMessage(seed: "2").contains("'1.000' became '1.025' under perturbation 2 (2.5 %)"))
        let text = try #require(firstDifference(expected: "label: up", actual: "label: down"))
        #expect(text.number == nil)
        #expect(text.roundingMessage(seed: "1").contains("output line 1 'label: up' became 'label: down' under perturbation 1"))
    }
}
