/// Characters ↔ indices, with three reserved tokens: the vocabulary of a character-level model.
///
///     index 0   <pad>   fills the steps after a sequence's end in a padded batch (never a target)
///     index 1   <s>     the start token, fed first so the model predicts the first character
///     index 2   </s>    the end token, the target after the last character ("the word is over")
///     index 3…  the characters of the texts it was built from, in sorted order
///
/// A character is a Swift `Character`, one user-perceived character: "é" is one character,
/// whether it was typed as one code point (U+00E9) or as "e" plus a combining accent (Swift
/// compares them as equal), and "ł", "å", "ñ", "ß" are characters like any other. Sorting the
/// characters makes the indices depend only on the set of characters, not on the order of the
/// texts.
///
/// A character the vocabulary has never seen is a student's mistake, not a programmer's: `encode`
/// throws `VocabularyError.unknownCharacter`, whose message names the character and the text it
/// was in. There is no silent "unknown" token: a model asked about a character it never saw is
/// told so.
public struct CharacterVocabulary: Sendable, Equatable {
    /// The index of `<pad>`.
    public static let padIndex = 0
    /// The index of `<s>`.
    public static let startIndex = 1
    /// The index of `</s>`.
    public static let endIndex = 2
    /// The names of the reserved tokens, by index.
    public static let reservedTokens = ["<pad>", "<s>", "</s>"]

    /// The characters, sorted; character `characters[k]` has index `k + 3`.
    public let characters: [Character]
    private let indexOf: [Character: Int]

    /// The vocabulary of every character that occurs in `texts`.
    public init(_ texts: some Sequence<String>) {
        var seen = Set<Character>()
        for text in texts { seen.formUnion(text) }
        self.init(characters: Array(seen))
    }

    /// A vocabulary of exactly these characters (duplicates are dropped, the rest sorted).
    public init(characters: [Character]) {
        let sorted = Array(Set(characters)).sorted()
        self.characters = sorted
        var map = [Character: Int]()
        for (k, c) in sorted.enumerated() { map[c] = k + Self.reservedTokens.count }
        self.indexOf = map
    }

    /// The number of tokens: the three reserved ones plus the characters.
    public var size: Int { characters.count + Self.reservedTokens.count }

    /// Whether `c` is one of the vocabulary's characters.
    public func contains(_ c: Character) -> Bool { indexOf[c] != nil }

    /// The index of character `c`; throws `unknownCharacter` if it is not in the vocabulary.
    public func index(of c: Character, in text: String? = nil) throws(VocabularyError) -> Int {
        guard let i = indexOf[c] else { throw .unknownCharacter(c, text: text ?? String(c)) }
        return i
    }

    /// The indices of the characters of `text`, with `<s>` in front and `</s>` at the end when
    /// asked: `encode("ab", start: true, end: true)` is `[1, i(a), i(b), 2]`.
    public func encode(_ text: String, start: Bool = false, end: Bool = false) throws(VocabularyError) -> [Int] {
        var out = [Int]()
        out.reserveCapacity(text.count + 2)
        if start { out.append(Self.startIndex) }
        for c in text { out.append(try index(of: c, in: text)) }
        if end { out.append(Self.endIndex) }
        return out
    }

    /// The text of `indices`: characters are written, `<s>` and `<pad>` skipped, and decoding
    /// stops at the first `</s>`. Throws `unknownIndex` for an index outside `0..<size`.
    public func decode(_ indices: [Int]) throws(VocabularyError) -> String {
        var out = ""
        for i in indices {
            guard i >= 0 && i < size else { throw .unknownIndex(i, size: size) }
            if i == Self.endIndex { break }
            if i < Self.reservedTokens.count { continue }
            out.append(characters[i - Self.reservedTokens.count])
        }
        return out
    }

    /// A printable name for token `i`: the character itself, or `<pad>`, `<s>`, `</s>`.
    public func token(_ i: Int) -> String {
        if i >= 0 && i < Self.reservedTokens.count { return Self.reservedTokens[i] }
        if i >= Self.reservedTokens.count && i < size { return String(characters[i - Self.reservedTokens.count]) }
        return "<\(i)?>"
    }

    /// Every token's printable name, by index.
    public var tokens: [String] { (0..<size).map(token) }

    public static func == (a: CharacterVocabulary, b: CharacterVocabulary) -> Bool { a.characters == b.characters }
}

/// What can go wrong between text and indices.
public enum VocabularyError: Error, Equatable, CustomStringConvertible {
    /// A character the vocabulary does not contain, and the text it was found in.
    case unknownCharacter(Character, text: String)
    /// An index outside `0..<size`.
    case unknownIndex(Int, size: Int)

    public var description: String {
        switch self {
        case .unknownCharacter(let c, let text):
            let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
            return "the character \"\(c)\" (\(scalars)) in \"\(text)\" is not in the vocabulary"
        case .unknownIndex(let i, let size):
            return "index \(i) is not a token of a vocabulary of \(size) (0..<\(size))"
        }
    }
}
