import Testing

@testable import BookBuilder

// Stage 4: the words after ```swift, and the ```output block that belongs to a swift block.

@Suite struct BlockOptionsTests {
    @Test(arguments: [
        ("", BlockOptions()),
        ("hide", BlockOptions(hide: true)),
        ("fold", BlockOptions(fold: true)),
        ("norun", BlockOptions(norun: true)),
        ("fails", BlockOptions(fails: true)),
        ("fold fails", BlockOptions(fold: true, fails: true)),
        ("hide norun", BlockOptions(hide: true, norun: true)),
        ("fails hide", BlockOptions(hide: true, fails: true)),
        ("fold  norun", BlockOptions(fold: true, norun: true)),
    ])
    func eachOptionAndCombinations(words: String, expected: BlockOptions) throws {
        let text = "Intro.\n\n```swift \(words)\nlet x = 1\n```\n"
        let (_, _, blocks) = try parsedChapter(text)
        #expect(blocks.count == 1)
        #expect(blocks.first?.options == expected)
        #expect(blocks.first?.fenceLine == 3)
        #expect(blocks.first?.firstLine == 4)
        #expect(blocks.first?.code == "let x = 1\n")
    }

    @Test func parseOptionsDirectly() throws {
        #expect(try parseOptions(["fold", "fails"], file: testFile, line: 1) == BlockOptions(fold: true, fails: true))
        #expect(try parseOptions([], file: testFile, line: 1) == BlockOptions())
    }

    @Test func unknownOptionIsAnErrorAtTheFenceLine() throws {
        let text = "# T\n\nText.\n\n```swift hidden\nlet x = 1\n```\n"
        let parsed = parseMarkdown(shieldMath(text, file: testFile).text)
        let (blocks, errors) = extractBlocks(parsed, file: testFile)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.line == 5)
        #expect(error.file == testFile)
        #expect(error.message.contains("unknown block option 'hidden'"))
        #expect(error.message.contains("hide, fold, norun, fails"), "the message lists the known options")
        // The block is kept, with default options, so its code is still shown.
        #expect(blocks.count == 1)
        #expect(blocks.first?.options == BlockOptions())
    }

    @Test func hideWithFoldIsAnError() throws {
        let text = "```swift\nlet a = 1\n```\n\n```swift hide fold\nlet x = 1\n```\n"
        let (_, errors) = extractBlocks(parseMarkdown(text), file: testFile)
        #expect(errors.map(\.line) == [5])
        #expect(errors.first?.message.contains("both 'hide' and 'fold'") == true)
    }

    @Test func noRunWithFailsIsAnError() throws {
        let (_, errors) = extractBlocks(parseMarkdown("```swift norun fails\nlet x = 1\n```\n"), file: testFile)
        #expect(errors.map(\.line) == [1])
        #expect(errors.first?.message.contains("'norun'") == true)
    }

    @Test func otherLanguagesAreNotBlocks() throws {
        let text = "```python\nprint(1)\n```\n\n```\nplain\n```\n\n```swift\nprint(2)\n```\n"
        let (_, parsed, blocks) = try parsedChapter(text)
        #expect(parsed.fences.count == 3)
        #expect(blocks.map(\.code) == ["print(2)\n"])
        #expect(blocks.map(\.index) == [0])
    }
}

@Suite struct OutputBlockPairingTests {
    @Test func anOutputBlockPairsWithTheSwiftBlockBeforeIt() throws {
        let text = """
            ```swift
            print(1)
            ```
            ```output
            1
            ```

            Prose between.

            ```swift
            print(2)
            print(3)
            ```

            ```output
            2
            3
            ```

            ```swift
            let quiet = 4
            ```
            """
        let (_, _, blocks) = try parsedChapter(text)
        #expect(blocks.count == 3)
        #expect(blocks[0].expected == ExpectedOutput(text: "1\n", fenceLine: 4, closingLine: 6))
        #expect(blocks[1].expected == ExpectedOutput(text: "2\n3\n", fenceLine: 15, closingLine: 18))
        #expect(blocks[2].expected == nil)
        #expect(blocks.map(\.index) == [0, 1, 2])
    }

    @Test func anEmptyOutputBlock() throws {
        let (_, _, blocks) = try parsedChapter("```swift\nlet x = 1\n```\n```output\n```\n")
        #expect(blocks.first?.expected == ExpectedOutput(text: "", fenceLine: 4, closingLine: 5))
    }

    @Test func anOutputBlockAfterProseIsAnError() throws {
        let text = "```swift\nprint(1)\n```\n\nSome prose.\n\n```output\n1\n```\n"
        let (blocks, errors) = extractBlocks(parseMarkdown(text), file: testFile)
        #expect(errors.map(\.line) == [7])
        #expect(errors.first?.message.contains("must directly follow a swift block") == true)
        #expect(blocks.first?.expected == nil)
    }

    @Test func anOutputBlockFirstInTheChapterIsAnError() throws {
        let (_, errors) = extractBlocks(parseMarkdown("# T\n\n```output\n1\n```\n"), file: testFile)
        #expect(errors.map(\.line) == [3])
    }

    @Test func anOutputBlockAfterAnotherLanguageOrAnotherOutputIsAnError() throws {
        let text = "```python\nprint(1)\n```\n```output\n1\n```\n\n```swift\nprint(2)\n```\n```output\n2\n```\n```output\n2\n```\n"
        let (blocks, errors) = extractBlocks(parseMarkdown(text), file: testFile)
        #expect(errors.map(\.line) == [4, 14])
        #expect(blocks.first?.expected?.fenceLine == 11)
    }

    @Test func anOutputBlockTakesOnlyATolerance() throws {
        let (_, errors) = extractBlocks(parseMarkdown("```swift\nprint(1)\n```\n```output fold\n1\n```\n"), file: testFile)
        #expect(errors.map(\.line) == [4])
        #expect(errors.first?.message.contains("unknown output block option 'fold'") == true)
    }
}
