#if canImport(Glibc)
    import Glibc
#endif

/// Naive Bayes over the character n-grams of a word: a text classifier that a reader can compute
/// by hand, and the baseline of the word-language classifier.
///
/// The word is framed by a start and an end mark (shown here as ^ and $), and cut into its
/// overlapping n-grams: with n = 2, "dag" gives ^d, da, ag, g$. Each class c (a language) has
/// counts of every n-gram in its training words, and the score of a word is
///
///     log P(c) + Σ over the word's n-grams g of log P(g | c),
///     P(g | c) = (count(g, c) + α) / (Σ_g' count(g', c) + α · G)
///
/// with G the number of distinct n-grams seen in training (plus one for all unseen ones) and α
/// add-α smoothing. "Naive" because it treats the n-grams as independent given the class, which
/// they are not (ag and g$ share a g); it still works well, because it only has to rank classes.
///
/// It takes any `String`: a character never seen in training just gets the smoothed count.
public struct CharacterNaiveBayes: Sendable {
    /// n of the n-grams.
    public let n: Int
    /// α of add-α smoothing.
    public let alpha: Double
    /// The number of classes.
    public let classCount: Int
    private var logPrior: [Double]
    private var gramCounts: [[String: Int]]
    private var gramTotals: [Int]
    private var distinctGrams: Int

    /// Counts the n-grams of `texts`, whose classes are `labels` (in `0..<classes`).
    public init(texts: [String], labels: [Int], classes: Int, n: Int = 2, alpha: Double = 1) {
        guard texts.count == labels.count else { fatalError("CharacterNaiveBayes: \(texts.count) texts, \(labels.count) labels") }
        self.n = n
        self.alpha = alpha
        self.classCount = classes
        var prior = Array(repeating: 0, count: classes)
        var counts = Array(repeating: [String: Int](), count: classes)
        var totals = Array(repeating: 0, count: classes)
        var seen = Set<String>()
        for (text, c) in zip(texts, labels) {
            guard c >= 0 && c < classes else { fatalError("CharacterNaiveBayes: label \(c) of \"\(text)\" is not in 0..<\(classes)") }
            prior[c] += 1
            for g in Self.grams(text, n: n) {
                counts[c][g, default: 0] += 1
                totals[c] += 1
                seen.insert(g)
            }
        }
        self.logPrior = prior.map { log(Double($0) / Double(texts.count)) }
        self.gramCounts = counts
        self.gramTotals = totals
        self.distinctGrams = seen.count + 1
    }

    /// The log-score of every class for `text` (log P(c) + Σ log P(g | c), unnormalized).
    public func logScores(_ text: String) -> [Double] {
        let grams = Self.grams(text, n: n)
        return (0..<classCount).map { c in
            let denominator = log(Double(gramTotals[c]) + alpha * Double(distinctGrams))
            return grams.reduce(logPrior[c]) { $0 + log(Double(gramCounts[c][$1] ?? 0) + alpha) - denominator }
        }
    }

    /// The class with the highest score (the lowest index on a tie).
    public func predict(_ text: String) -> Int {
        let s = logScores(text)
        var best = 0
        for c in s.indices where s[c] > s[best] { best = c }
        return best
    }

    /// The overlapping n-grams of `text` framed by a start and an end mark (U+0002, U+0003).
    public static func grams(_ text: String, n: Int) -> [String] {
        let chars = Array(repeating: Character("\u{2}"), count: n - 1) + Array(text) + Array(repeating: Character("\u{3}"), count: n - 1)
        guard chars.count >= n else { return [] }
        return (0..<(chars.count - n + 1)).map { String(chars[$0..<($0 + n)]) }
    }
}
