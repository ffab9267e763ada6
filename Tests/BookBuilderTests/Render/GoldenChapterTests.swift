import Foundation
import Testing

@testable import BookBuilder

// "Markdown in, HTML out": a small chapter with headings, math, a table and every kind of cell,
// run through shield → parse → extract → renderChapter with hand-made results, must give
// Fixtures/golden.html byte for byte. When a change to the renderer is meant, look at the new
// page, then regenerate the fixture with
//
//     BOOK_UPDATE_GOLDEN=1 swift test --filter GoldenChapterTests
//
// and review the diff before committing it.

let goldenMarkdown = #"""
    # Vanishing gradients

    A recurrent layer computes $h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)$ at each step,
    and *backpropagation through time* multiplies one Jacobian per step.

    ## Setup

    ```swift hide
    var rng = RandomSource(seed: 7)
    ```

    ## The product of Jacobians

    $$
    \frac{\partial h_T}{\partial h_1} = \prod_{t=2}^{T} \operatorname{diag}(1 - h_t^2)\, W_{hh}
    $$

    | $T$ | $\|J\|$ |
    |----:|--------:|
    | 10  | 0.31    |
    | 50  | 0.002   |

    ```swift
    let norms = [0.31, 0.002]
    print("<script>alert(1)</script> & done")
    check(norms[1] < 0.01, "the norm falls below 0.01 by T = 50")
    ```
    ```output
    <script>alert(1)</script> & done
    ```

    A folded block draws the curve, and a block in another language is only shown:

    ```swift fold
    show(chart)
    ```

    ```python
    print("not run")
    ```

    ```swift norun
    while true {}
    ```

    ## A claim that fails

    ```swift fails
    check(norms[0] < 0.1, "the norm is small at T = 10")
    ```

    ```swift
    check(norms[0] < 0.2, "a claim that is wrong & <b>bold</b>")
    ```

    ### The product of Jacobians

    Same words, another anchor. 中文：梯度$\nabla$消失。
    """#

/// The 1-based line of the golden chapter that starts with `prefix`.
func goldenLine(_ prefix: String) -> Int {
    let lines = goldenMarkdown.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
}

/// What the chapter "printed", made by hand.
let goldenResults: [BlockResult] = [
    result(),
    result(
        .text("<script>alert(1)</script> & done\n"),
        .check(line: goldenLine("check(norms[1]"), claim: "the norm falls below 0.01 by T = 50", passed: true)),
    result(.figure("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>h &amp; c</text></svg>\n")),
    result(ran: false),
    result(
        .check(line: goldenLine("check(norms[0] < 0.1"), claim: "the norm is small at T = 10", passed: false),
        .error("the block failed, as expected: check failed")),
    result(.check(line: goldenLine("check(norms[0] < 0.2"), claim: "a claim that is wrong & <b>bold</b>", passed: false)),
]

let goldenDiagnostics = [
    Diagnostic(file: testFile, line: goldenLine("check(norms[0] < 0.2"), "check failed: a claim that is wrong & <b>bold</b>")
]

/// The folder of this file's fixtures.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

@Suite struct GoldenChapterTests {
    @Test func markdownInHTMLOut() throws {
        let chapter = try renderedChapter(goldenMarkdown, results: goldenResults, diagnostics: goldenDiagnostics)
        let actual = chapter.body
        let golden = fixturesDirectory.appendingPathComponent("golden.html")
        if ProcessInfo.processInfo.environment["BOOK_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: golden)
            Issue.record("wrote \(golden.path): review it, then run again without BOOK_UPDATE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        if actual != expected {
            Issue.record(Comment(rawValue: goldenDiffHint(expected: expected, actual: actual, fixture: golden.path)))
        }
    }

    @Test func theGoldenChapterHasTheRightShape() throws {
        let (_, parsed, blocks) = try parsedChapter(goldenMarkdown)
        #expect(blocks.count == goldenResults.count)
        #expect(blocks[1].expected?.text == "<script>alert(1)</script> & done\n")
        #expect(
            blocks.map(\.options) == [
                BlockOptions(hide: true), BlockOptions(), BlockOptions(fold: true), BlockOptions(norun: true), BlockOptions(fails: true),
                BlockOptions(),
            ])
        #expect(goldenLine("check(norms[1]") == 26)
        #expect(goldenDiagnostics.map(\.line) == [53])
        #expect(parsed.headings.map(\.level) == [1, 2, 2, 2, 3])
    }

    @Test func theGoldenChapterContentsAndSearch() throws {
        let chapter = try renderedChapter(goldenMarkdown, results: goldenResults, diagnostics: goldenDiagnostics)
        #expect(chapter.title == "Vanishing gradients")
        #expect(
            chapter.contents.map(\.anchor) == ["setup", "the-product-of-jacobians", "a-claim-that-fails", "the-product-of-jacobians-2"])
        #expect(chapter.contents.map(\.level) == [2, 2, 2, 3])
        #expect(
            chapter.sections.map(\.anchor) == [
                "vanishing-gradients", "setup", "the-product-of-jacobians", "a-claim-that-fails", "the-product-of-jacobians-2",
            ])
        #expect(chapter.sections.allSatisfy { $0.page == "01-test.html" && $0.title == "Vanishing gradients" })
    }
}

/// Where two pages first differ, with a few lines of each around it.
func goldenDiffHint(expected: String, actual: String, fixture: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var i = 0
    while i < min(e.count, a.count), e[i] == a[i] { i += 1 }
    let from = max(0, i - 2)
    func excerpt(_ lines: [Substring]) -> String {
        lines[from..<min(lines.count, i + 3)].enumerated().map { k, l in "\(from + k + 1)\(from + k == i ? ">" : " ") \(l)" }
            .joined(separator: "\n")
    }
    let actualPath = FileManager.default.temporaryDirectory.appendingPathComponent("golden-actual.html")
    try? Data(actual.utf8).write(to: actualPath)
    return """
        the rendered page differs from \(fixture) at line \(i + 1) (expected \(e.count) lines, got \(a.count)).
        expected:
        \(excerpt(e))
        got:
        \(excerpt(a))
        The whole page is in \(actualPath.path): `diff \(fixture) \(actualPath.path)`.
        If the change is intended, regenerate with BOOK_UPDATE_GOLDEN=1 and review the diff.
        """
}
