import Foundation
import Testing

@testable import BookBuilder

@Suite struct IncludeCodeTests {
    func withFile<T>(_ text: String, _ body: (URL) throws -> T) throws -> T {
        let root = try makeTemporaryDirectory()
        defer { removeTemporary(root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/Lib"), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: root.appendingPathComponent("Sources/Lib/Cell.swift"))
        return try body(root)
    }

    let file = """
        struct Cell {
            // ANCHOR: step
            func step(_ x: Double) -> Double {
                // ANCHOR: inner
                x * 2
                // ANCHOR_END: inner
            }
            // ANCHOR_END: step
        }
        """

    @Test func showsTheLinesBetweenTheAnchors() throws {
        let included = try withFile(file) { root in try includeCode("Sources/Lib/Cell.swift:step", root: root, file: testFile, line: 4) }
        #expect(included.code == "func step(_ x: Double) -> Double {\n    x * 2\n}")
        #expect(included.firstLine == 3)
        #expect(included.lastLine == 7)
        #expect(included.path == "Sources/Lib/Cell.swift")
    }

    @Test func missingFileOrAnchorIsAnErrorAtTheFence() throws {
        try withFile(file) { root in
            for (spec, words) in [
                ("Sources/Lib/None.swift:step", "no file"), ("Sources/Lib/Cell.swift:gone", "no line '// ANCHOR: gone'"),
                ("../secret:step", "inside the book"),
            ] {
                do {
                    _ = try includeCode(spec, root: root, file: testFile, line: 9)
                    Issue.record("\(spec) was accepted")
                } catch let error as Diagnostic {
                    #expect(error.line == 9)
                    #expect(error.message.contains(words), "\(error.message)")
                }
            }
        }
    }

    @Test func includeOptionsAreChecked() throws {
        let (_, parsed, _) = try parsedChapter("```swift include=Sources/A.swift:x\n```\n")
        let (blocks, errors) = extractBlocks(parsed, file: testFile)
        #expect(errors.isEmpty)
        #expect(blocks[0].options.include == "Sources/A.swift:x")
        let bad = parseMarkdown(
            "```swift include=Sources/A.swift\n```\n\n```swift include=A.swift:x hide\n```\n\n```swift include=A.swift:x\nlet x = 1\n```\n")
        #expect(extractBlocks(bad, file: testFile).errors.map(\.line) == [1, 4, 7])
    }

    @Test func aSolutionFollowsAnExercise() throws {
        let good = parseMarkdown("```swift exercise\nvar x = 0\n```\n```output\n0\n```\n\n```swift solution\nx = 1\n```\n")
        let (blocks, errors) = extractBlocks(good, file: testFile)
        #expect(errors.isEmpty)
        #expect(blocks.map(\.options) == [BlockOptions(exercise: true), BlockOptions(solution: true)])
        let bad = parseMarkdown("```swift\nvar x = 0\n```\n\n```swift solution\nx = 1\n```\n\n```swift exercise solution\n```\n")
        let problems = extractBlocks(bad, file: testFile).errors
        #expect(problems.map(\.line) == [5, 9])
        #expect(problems[0].message.contains("must follow an 'exercise' block"))
    }
}
