import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct WordListTests {
    /// Writes `text` to a fresh file and returns its path.
    static func file(_ text: String, _ tag: String) -> String {
        let path = "/tmp/rnnkit-wordlist-test-\(getpid())-\(tag).txt"
        let f = fopen(path, "w")!
        fputs(text, f)
        fclose(f)
        return path
    }

    @Test func readsOneWordPerLineSkippingBlanksAndCarriageReturns() throws {
        let path = Self.file("żółw\r\nhaus\n\nmañana\n", "ok")
        defer { unlink(path) }
        #expect(try loadWordList(path: path) == ["żółw", "haus", "mañana"])
    }

    @Test func aLineWithASpaceIsAnErrorNamingTheLine() {
        let path = Self.file("one\ntwo words\n", "space")
        defer { unlink(path) }
        do {
            _ = try loadWordList(path: path)
            Issue.record("no error")
        } catch let error as DataFileError {
            #expect(error.line == 2 && error.description.contains("two words"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: DataFileError.self) { try loadWordList(path: "/nonexistent/words.txt") }
    }

    @Test func theCommittedListsFollowTheDocumentedCut() throws {
        let languages = ["english", "german", "french", "spanish", "italian", "portuguese", "dutch", "polish", "swedish"]
        for language in languages {
            let words = try loadWordList(path: DataTests.chaptersPath("words/\(language).txt"))
            #expect(words.count == 3000, "\(language)")
            #expect(Set(words).count == words.count, "\(language): no duplicates")
            // Byte order, lower case, 3 to 15 letters and nothing else.
            #expect(zip(words, words.dropFirst()).allSatisfy { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            for w in words {
                guard (3...15).contains(w.count), w.allSatisfy({ $0.isLetter && $0.isLowercase }) else {
                    Issue.record("\(language): \"\(w)\" is not 3-15 lower-case letters")
                    break
                }
            }
            let v = CharacterVocabulary(words)
            #expect(try words.allSatisfy { try v.decode(v.encode($0, start: true, end: true)) == $0 })
        }
    }
}
