#if canImport(Glibc)
    import Glibc
#endif

/// A count model of the next token given the previous n − 1: the baseline every language model
/// is measured against. Two ways to give unseen events some probability:
///
/// **Add-k** (`smoothing: k`):
///
///     P(c | context) = (count(context, c) + k) / (count(context) + k · V)
///
/// **Interpolated Kneser-Ney** (`kneserNeyDiscount: D`, Chen & Goodman's form with one discount):
///
///     P_k(c | h) = max(N_k(h, c) − D, 0) / N_k(h, ·)  +  D · T_k(h) / N_k(h, ·) · P_{k−1}(c | h⁻)
///     P_0(c)     = 1 / V
///
/// where h is the last k − 1 tokens, h⁻ is h without its first (oldest) token, T_k(h) is the number
/// of distinct tokens seen after h, and N_k is the raw count at the model's own order (k = n) but
/// the *continuation* count below it: N_k(h, c) is the number of distinct tokens v seen before
/// (h, c), so a token that follows many contexts counts more than one that is frequent after a
/// single one ("Francisco" is common, but almost only after "San"). A context never seen
/// (N_k(h, ·) = 0) passes the whole mass to P_{k−1}. With 0 < D ≤ 1 every P_k sums to 1.
///
/// The context is the n − 1 tokens before c (`<s>` repeated before the start of a sequence), and V
/// is the number of tokens that can follow (every token but `<pad>` and `<s>`). n = 1 counts
/// single tokens (unigram), n = 2 pairs (bigram), n = 3 triples (trigram).
///
/// It is trained by counting, on sequences of token indices with `CharacterVocabulary`'s reserved
/// indices (without the start and end tokens: it adds them), and scored on the same next-token
/// targets as `CharacterLanguageModel`: every token and the final `</s>`.
public struct NGramModel: Sendable {
    /// How unseen events get probability.
    public enum Smoothing: Sendable, Equatable {
        /// Add k to every count.
        case addK(Double)
        /// Interpolated Kneser-Ney with absolute discount D, 0 < D ≤ 1 (0.75 is the textbook value).
        case kneserNey(discount: Double)
    }

    /// n: the model looks at the n − 1 previous tokens.
    public let order: Int
    /// The smoothing.
    public let smoothing: Smoothing
    /// The number of tokens in the vocabulary.
    public let vocabularySize: Int
    /// levels[k − 1]: context of k − 1 tokens → next token → count (raw at k = n, continuation
    /// below it for Kneser-Ney; add-k uses only level n).
    private var levels: [[[Int]: [Int: Int]]]
    /// totals[k − 1]: context → sum of its counts at level k.
    private var totals: [[[Int]: Int]]

    /// An add-k model: counts every n-gram of `sequences` (token indices, no `<s>` or `</s>`).
    public init(order: Int, sequences: [[Int]], vocabularySize: Int, smoothing: Double) {
        self.init(order: order, sequences: sequences, vocabularySize: vocabularySize, smoothing: .addK(smoothing))
    }

    /// An interpolated Kneser-Ney model with discount `kneserNeyDiscount`.
    public init(order: Int, sequences: [[Int]], vocabularySize: Int, kneserNeyDiscount: Double) {
        self.init(
            order: order, sequences: sequences, vocabularySize: vocabularySize,
            smoothing: .kneserNey(discount: kneserNeyDiscount))
    }

    /// Counts every n-gram of `sequences` (token indices, no `<s>` or `</s>`).
    public init(order: Int, sequences: [[Int]], vocabularySize: Int, smoothing: Smoothing) {
        guard order >= 1 else { fatalError("NGramModel: order \(order) must be at least 1") }
        if case .kneserNey(let d) = smoothing, !(d > 0 && d <= 1) {
            fatalError("NGramModel: the Kneser-Ney discount \(d) must be in (0, 1]")
        }
        if case .addK(let k) = smoothing, !(k > 0) { fatalError("NGramModel: add-k needs k > 0, got \(k)") }
        self.order = order
        self.smoothing = smoothing
        self.vocabularySize = vocabularySize
        levels = Array(repeating: [:], count: order)
        totals = Array(repeating: [:], count: order)
        var seen = Set<[Int]>()  // the distinct n-grams (context + next)
        for s in sequences {
            for (context, next) in Self.events(s, order: order) {
                levels[order - 1][context, default: [:]][next, default: 0] += 1
                totals[order - 1][context, default: 0] += 1
                seen.insert(context + [next])
            }
        }
        guard case .kneserNey = smoothing, order > 1 else { return }
        // Continuation counts: level k counts, for each (h, c) of k tokens, the distinct tokens
        // seen right before it, i.e. the distinct (k + 1)-grams that end in (h, c).
        for k in stride(from: order - 1, through: 1, by: -1) {
            let longer = Set(seen.map { Array($0.suffix(k + 1)) })  // distinct (k + 1)-grams
            for gram in longer {
                let context = Array(gram[1..<k]), next = gram[k]  // drop v, the token before
                levels[k - 1][context, default: [:]][next, default: 0] += 1
                totals[k - 1][context, default: 0] += 1
            }
        }
    }

    /// V, the tokens that can come next: the vocabulary without `<pad>` and `<s>`.
    public var outcomeCount: Int { vocabularySize - 2 }

    /// P(next | context); `context` holds the n − 1 previous tokens.
    public func probability(of next: Int, after context: [Int]) -> Double {
        switch smoothing {
        case .addK(let k):
            let c = Double(levels[order - 1][context]?[next] ?? 0)
            let total = Double(totals[order - 1][context] ?? 0)
            return (c + k) / (total + k * Double(outcomeCount))
        case .kneserNey(let d):
            return kneserNey(next, after: ArraySlice(context), level: order, discount: d)
        }
    }

    /// P_k(next | the last k − 1 tokens of `context`), recursively down to the uniform P_0.
    private func kneserNey(_ next: Int, after context: ArraySlice<Int>, level k: Int, discount d: Double) -> Double {
        guard k > 0 else { return 1 / Double(outcomeCount) }
        let h = Array(context.suffix(k - 1))
        let lower = kneserNey(next, after: context, level: k - 1, discount: d)
        guard let total = totals[k - 1][h], total > 0, let followers = levels[k - 1][h] else { return lower }
        let c = Double(followers[next] ?? 0)
        let n = Double(total)
        let kept = Swift.max(c - d, 0) / n  // the discounted count
        let passed = d * Double(followers.count) / n  // the mass taken from the seen tokens
        return kept + passed * lower
    }

    /// The mean negative log-likelihood (nats) over every next-token target of `sequences`
    /// (each token and the `</s>` after the last), and the number of targets.
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
