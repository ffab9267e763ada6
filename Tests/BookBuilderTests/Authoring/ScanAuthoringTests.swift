import Foundation
import Testing

@testable import BookBuilder

// The prose scan: what it finds, at which lines, and what it leaves alone.

/// Shields math and scans `markdown` the way `Book.process` does.
func scanned(_ markdown: String) throws -> (text: String, marks: AuthoringMarks, math: [MathSpan]) {
    let shielded = shieldMath(markdown, file: testFile)
    let (text, marks) = scanAuthoring(shielded.text, file: testFile)
    return (text, marks, shielded.math)
}

@Suite struct ScanAuthoringTests {
    @Test func citationsWithLocatorsAndPrefixes() throws {
        let (_, marks, _) = try scanned("Intro.\n\nAs shown [@hochreiter1997lstm, p. 3] and [see @cho2014; @gers2000].\n")
        #expect(marks.citations.count == 2)
        #expect(marks.citations[0].line == 3)
        #expect(marks.citations[0].items == [.init(prefix: "", key: "hochreiter1997lstm", locator: "p. 3")])
        #expect(marks.citations[1].items.map(\.key) == ["cho2014", "gers2000"])
        #expect(marks.citations[1].items[0].prefix == "see")
    }

    @Test func referencesAreFoundButAddressesAndLinksAreNot() throws {
        let (text, marks, _) = try scanned("See @fig-loss, @eq-step. Mail a@fig-x.org; [@sec-intro]; [link @fig-no](http://x)\n")
        #expect(marks.references.map(\.label) == ["fig-loss", "eq-step", "sec-intro"])
        #expect(text.contains("a@fig-x.org"))
        #expect(text.contains("[link @fig-no](http://x)"))
    }

    @Test func codeIsLeftAlone() throws {
        let markdown = """
            `@fig-a [@key]` is code.

            ```swift
            // @fig-b [@key] `{swift} 1`

            @MainActor func f() {}
            ```

            <!-- @fig-c -->
            """
        let (text, marks, _) = try scanned(markdown)
        #expect(marks.references.isEmpty)
        #expect(marks.citations.isEmpty)
        #expect(marks.inlineValues.isEmpty)
        #expect(text == markdown)
    }

    @Test func linesAfterFencedCodeKeepTheirNumbers() throws {
        let (_, marks, _) = try scanned("```swift\nlet a = 1\n\nlet b = 2\n```\n\nSee @fig-x.\n")
        #expect(marks.references == [.init(label: "fig-x", line: 7)])
    }

    @Test func inlineValuesWithTheirLines() throws {
        let (text, marks, _) = try scanned("Line one.\n\nThe loss is `{swift} fixed(loss, 3)` and `{swift}  n `.\n")
        #expect(marks.inlineValues == [.init(expression: "fixed(loss, 3)", line: 3), .init(expression: "n", line: 3)])
        #expect(!text.contains("{swift}"))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 4)
    }

    @Test func equationLabelsFollowDisplayMath() throws {
        let markdown = """
            Text.

            $$
            h_t = \\tanh(a_t)
            $$ {#eq-step}

            And $$a = b$$ {#eq-inline} too.
            """
        let (text, marks, math) = try scanned(markdown)
        #expect(marks.equations.map(\.name) == ["eq-step", "eq-inline"])
        #expect(marks.equations.map(\.line) == [5, 7])
        #expect(marks.equations[0].math == 0 && marks.equations[1].math == 1)
        #expect(math.count == 2)
        #expect(!text.contains("{#eq"))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 7)
    }

    @Test func sectionLabelsOnHeadings() throws {
        let (text, marks, _) = try scanned("# Title\n\n## Gates {#sec-gates}\n")
        #expect(marks.sections == [.init(name: "sec-gates", line: 3, math: nil)])
        #expect(text.contains("## Gates\u{E005}ssec-gates\u{E006}"))
    }

    @Test func badAndDuplicateLabelsAreErrorsAtTheirLines() throws {
        let markdown = """
            ## One {#sec-a}

            ## Two {#sec-a}

            Loose {#eq-loose} label.

            ## Three {#fig-wrong}
            """
        let (_, marks, _) = try scanned(markdown)
        #expect(marks.diagnostics.map(\.line) == [3, 5, 7])
        #expect(marks.diagnostics[0].message.contains("already defined at line 1"))
        #expect(marks.diagnostics[1].message.contains("must directly follow display math"))
        #expect(marks.diagnostics[2].message.contains("must start with 'sec-'"))
    }
}
