import Testing

@testable import BookBuilder

// Stage 5: one program per chapter. Every block is announced, and a `#sourceLocation` naming the
// chapter file and the block's first code line comes before its code, so that compiler errors,
// traps and checks all point into the Markdown.

@Suite struct GenerateProgramTests {
    let file = "Chapters/03-lstm.md"

    func block(_ index: Int, fence: Int, _ code: String, _ options: BlockOptions = BlockOptions()) -> CodeBlock {
        CodeBlock(index: index, fenceLine: fence, code: code, options: options)
    }

    @Test func plainBlocksInOrderWithTheirLocations() {
        let program = generateProgram(
            blocks: [block(0, fence: 5, "let a = 1\n"), block(1, fence: 12, "print(a)\nprint(a + 1)\n")], file: file)
        #expect(
            program == """
                import RNNKit
                _bookStart()
                _bookBlock(0)
                #sourceLocation(file: "Chapters/03-lstm.md", line: 6)
                let a = 1
                #sourceLocation()
                _bookBlock(1)
                #sourceLocation(file: "Chapters/03-lstm.md", line: 13)
                print(a)
                print(a + 1)
                #sourceLocation()
                _bookEnd()

                """)
    }

    @Test func everyBlockGetsALocationLineBeforeItsCode() throws {
        let blocks = [
            block(0, fence: 3, "let a = 1\n", BlockOptions(hide: true)),
            block(1, fence: 9, "let b = 2", BlockOptions(fold: true)),
            block(2, fence: 20, "fatalError()\n", BlockOptions(fails: true)),
            block(3, fence: 30, "while true {}\n", BlockOptions(norun: true)),
            block(4, fence: 40, ""),
        ]
        let lines = generateProgram(blocks: blocks, file: file).split(separator: "\n", omittingEmptySubsequences: false)
        for b in blocks {
            let announce = try #require(lines.firstIndex(of: "_bookBlock(\(b.index))"[...]))
            let location = lines[announce...].firstIndex { $0.hasPrefix("#sourceLocation(file:") }
            #expect(location.map { lines[$0] } == "#sourceLocation(file: \"Chapters/03-lstm.md\", line: \(b.fenceLine + 1))")
            if let location, !b.code.isEmpty {
                #expect(lines[location + 1] == b.code.split(separator: "\n").first!, "the code follows its location line")
            }
        }
        // Every location is reset after its block, so the scaffolding is never blamed on the chapter.
        let opened = lines.filter { $0.hasPrefix("#sourceLocation(file:") }.count
        let closed = lines.filter { $0 == "#sourceLocation()" }.count
        #expect(opened == blocks.count && closed == blocks.count)
    }

    @Test func aBlockWithoutAFinalNewlineIsClosedProperly() {
        let program = generateProgram(blocks: [block(0, fence: 1, "let b = 2")], file: file)
        #expect(program.contains("let b = 2\n#sourceLocation()\n"))
    }

    @Test func failsBlockRunsInAChildAndReportsWhenItDoesNotFail() {
        let program = generateProgram(blocks: [block(0, fence: 7, "let x = [1][2]\n", BlockOptions(fails: true))], file: file)
        #expect(
            program == """
                import RNNKit
                _bookStart()
                _bookBlock(0)
                if _bookFailsBlock(0) {
                #sourceLocation(file: "Chapters/03-lstm.md", line: 8)
                let x = [1][2]
                #sourceLocation()
                _bookFailsBlockDidNotFail()
                }
                _bookEnd()

                """)
    }

    @Test func norunBlockIsCompiledInABranchNeverTaken() {
        let program = generateProgram(blocks: [block(0, fence: 2, "while true {}\n", BlockOptions(fold: true, norun: true))], file: file)
        #expect(
            program == """
                import RNNKit
                _bookStart()
                _bookBlock(0)
                if _bookNeverRun() {
                #sourceLocation(file: "Chapters/03-lstm.md", line: 3)
                while true {}
                #sourceLocation()
                }
                _bookEnd()

                """)
    }

    @Test func hideAndFoldChangeOnlyThePageNotTheProgram() {
        let code = "let a = 1\n"
        let plain = generateProgram(blocks: [block(0, fence: 4, code)], file: file)
        #expect(generateProgram(blocks: [block(0, fence: 4, code, BlockOptions(hide: true))], file: file) == plain)
        #expect(generateProgram(blocks: [block(0, fence: 4, code, BlockOptions(fold: true))], file: file) == plain)
    }

    @Test func aChapterWithoutBlocksStillStartsAndEnds() {
        #expect(generateProgram(blocks: [], file: file) == "import RNNKit\n_bookStart()\n_bookEnd()\n")
    }
}
