import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct TextLinesTests {
    @Test func readsLinesSkippingBlanksAndCarriageReturns() throws {
        let path = WordListTests.file("a day for firm decisions!\r\n\nq: why? a: because.\n", "lines")
        defer { unlink(path) }
        #expect(try loadLines(path: path) == ["a day for firm decisions!", "q: why? a: because."])
        #expect(throws: DataFileError.self) { try loadLines(path: "/nonexistent/corpus.txt") }
    }

    @Test func theCommittedCorpusFollowsTheDocumentedCut() throws {
        let lines = try loadLines(path: DataTests.chaptersPath("corpus/fortunes.txt"))
        #expect(lines.count == 821)
        // Lower-case ASCII letters, digits, space and . , ; : ! ? ' ( ) - only; one space between
        // words; nothing at either end.
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?'()-")
        for (n, line) in lines.enumerated() {
            guard line.allSatisfy(allowed.contains), !line.contains("  "), line.first != " ", line.last != " " else {
                Issue.record("line \(n + 1) is not cut as documented: \"\(line)\"")
                break
            }
        }
        #expect(lines[0] == "a day for firm decisions!!!!! or is it?")
    }
}
