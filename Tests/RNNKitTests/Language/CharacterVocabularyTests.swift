import Testing

@testable import RNNKit

@Suite struct CharacterVocabularyTests {
    @Test func roundTripOnNonASCIIText() throws {
        let words = ["łódź", "große", "mañana", "été", "ålder", "naïve", "cœur"]
        let v = CharacterVocabulary(words)
        for w in words {
            let ids = try v.encode(w, start: true, end: true)
            #expect(ids.count == w.count + 2)  // one index per character, not per byte
            #expect(ids.first == CharacterVocabulary.startIndex && ids.last == CharacterVocabulary.endIndex)
            #expect(try v.decode(ids) == w)
        }
        #expect(v.contains("ł") && v.contains("å") && v.contains("ñ") && v.contains("œ"))
        #expect(!v.contains("z") || words.joined().contains("z"))
    }

    @Test func reservedTokensComeFirstAndCharactersAreSorted() throws {
        let v = CharacterVocabulary(["cab", "bad"])
        #expect(v.characters == ["a", "b", "c", "d"])
        #expect(v.size == 7)
        #expect(v.tokens == ["<pad>", "<s>", "</s>", "a", "b", "c", "d"])
        #expect(try v.encode("dab") == [6, 3, 4])
        // The order of the texts does not change the indices.
        #expect(CharacterVocabulary(["bad", "cab"]) == v)
    }

    @Test func composedAndDecomposedAccentsAreOneCharacter() throws {
        let composed = "\u{E9}t\u{E9}"  // é as one code point
        let decomposed = "e\u{301}te\u{301}"  // e + combining acute
        let v = CharacterVocabulary([composed])
        #expect(try v.encode(decomposed) == v.encode(composed))
    }

    @Test func unknownCharacterIsANamedError() {
        let v = CharacterVocabulary(["abc"])
        #expect(throws: VocabularyError.unknownCharacter("ß", text: "aßc")) { try v.encode("aßc") }
        let message = VocabularyError.unknownCharacter("ß", text: "aßc").description
        #expect(message.contains("\"ß\"") && message.contains("U+DF") && message.contains("aßc"))
        #expect(throws: VocabularyError.unknownIndex(9, size: 6)) { try v.decode([3, 9]) }
    }

    @Test func decodeSkipsPaddingAndStopsAtTheEnd() throws {
        let v = CharacterVocabulary(["ab"])
        #expect(try v.decode([1, 3, 0, 4, 2, 3]) == "ab")
    }
}
