#if canImport(Glibc)
    import Glibc
#endif

/// A count model of the next token given the previous n − 1: the baseline every language model
/// is measured against.
///
///     P(c | context) = (count(context, c) + k) / (count(context) + k · V)
///
/// where the context is the n − 1 tokens before c (`<s>` repeated before the start of a
/// sequence), V is the number of tokens that can follow (every token but `<pad>` and `<s>`), and
/// k > 0 is add-k smoothing, so a pair never seen still gets a little probability. n = 1 counts
/// single tokens (unigram), n = 2 pairs (bigram), n = 3 triples (trigram).
///
/// It is trained by counting, on sequences of token indices of a `CharacterVocabulary` (without
/// the start and end tokens: it adds them), and scored on the same next-token targets as
/// `CharacterLanguageModel`: every character and the final `</s>`.
public struct NGramModel: Sendable {
    /// n: the model looks at the n − 1 previous tokens.
    public let order: Int
    /// k of add-k smoothing.
    public var smoothing: Double
    /// The number of tokens in the vocabulary.
    public let vocabularySize: Int
    private var counts: [[Int]: [Int: Int]] = [:]  // context → next token → count
    private var totals: [[Int]: Int] = [:]  // context → count

    /// Counts every n-gram of `sequences` (token indices, no `<s>` or `</s>`).
    public init(order: Int, sequences: [[Int]], vocabularySize: Int, smoothing: Double) {
        guard order >= 1 else { fatalError("NGramModel: order \(order) must be at least 1") }
        self.order = order
        self.smoothing = smoothing
        self.vocabularySize = vocabularySize
        for s in sequences {
            for (context, next) in Self.events(s, order: order) {
                counts[context, default: [:]][next, default: 0] += 1
                totals[context, default: 0] += 1
            }
        }
    }

    /// V, the tokens that can come next: the vocabulary without `<pad>` and `<s>`.
    public var outcomeCount: Int { vocabularySize - 2 }

    /// P(next | context); `context` holds the n − 1 previous tokens.
    public func probability(of next: Int, after context: [Int]) -> Double {
        let c = Double(counts[context]?[next] ?? 0)
        let total = Double(totals[context] ?? 0)
        return (c + smoothing) / (total + smoothing * Double(outcomeCount))
    }

    /// The mean negative log-likelihood (nats) over every next-token target of `sequences`
    /// (each character and the `</s>` after the last), and the number of targets.
    public func meanNLL(_ sequences: [[Int]]) -> (meanNLL: Double, count: Int) {
        var sum = 0.0
        var count = 0
        for s in sequences {
            for (context, next) in Self.events(s, order: order) {
                sum -= log(probability(of: next, after: context))
                count += 1
            }
        }
        return (sum / Double(Swift.max(count, 1)), count)
    }

    /// The (context, next) pairs of one sequence: `<s>`…`<s>` c₁ … cₙ `</s>`, read n tokens at a time.
    static func events(_ s: [Int], order: Int) -> [(context: [Int], next: Int)] {
        let padded = Array(repeating: CharacterVocabulary.startIndex, count: order - 1) + s + [CharacterVocabulary.endIndex]
        return (0..<(s.count + 1)).map { i in (Array(padded[i..<(i + order - 1)]), padded[i + order - 1]) }
    }
}
