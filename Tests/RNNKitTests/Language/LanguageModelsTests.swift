import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct LanguageModelsTests {
    @Test func classifierGradientCheckOnAPaddedBatch() {
        var rng = RandomSource(seed: 31)
        let e = Embedding(vocabularySize: 6, dimension: 3, using: &rng)
        let m = SequenceClassifier(embedding: e, layer: LSTM(inputSize: 3, hiddenSize: 4, using: &rng), classes: 3, using: &rng)
        let batch = PaddedBatch([[3, 4, 5], [5], [4, 3]], padding: 0)
        let labels = [2, 0, 1]
        let g = m.lossAndGradients(batch, labels: labels).gradients
        for (name, error) in GradientCheck.check(m, analytic: g, loss: { $0.lossAndGradients(batch, labels: labels).loss }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        #expect(m.parameterNames.first == "embedding.weight" && m.parameterNames.last == "head.bias")
    }

    @Test func classifierReadsEachSequenceAsIfAlone() {
        var rng = RandomSource(seed: 32)
        let e = Embedding(vocabularySize: 6, dimension: 3, using: &rng)
        let m = SequenceClassifier(embedding: e, layer: GRU(inputSize: 3, hiddenSize: 4, using: &rng), classes: 3, using: &rng)
        let seqs = [[3, 4, 5, 3], [5], [4, 3]]
        let together = m.logits(PaddedBatch(seqs, padding: 0))
        for (b, s) in seqs.enumerated() {
            let alone = m.logits(PaddedBatch([s], padding: 0))
            #expect(together.rows(b..<(b + 1)).isClose(to: alone, tolerance: 1e-14))
        }
    }

    @Test func languageModelGradientCheckAndTargets() {
        var rng = RandomSource(seed: 33)
        let e = Embedding(vocabularySize: 6, dimension: 3, using: &rng)
        let m = CharacterLanguageModel(embedding: e, layer: GRU(inputSize: 3, hiddenSize: 4, using: &rng), using: &rng)
        let (inputs, targets) = nextTokenBatch([[3, 4, 5], [5]])
        #expect(inputs.steps == [[1, 1], [3, 5], [4, 0], [5, 0]])
        #expect(targets == [[3, 5], [4, 2], [5, 0], [2, 0]])
        let g = m.lossAndGradients(inputs, targets: targets).gradients
        for (name, error) in GradientCheck.check(m, analytic: g, loss: { $0.lossAndGradients(inputs, targets: targets).loss }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let (nll, count) = m.loss(inputs, targets: targets)
        #expect(count == 6 && abs(nll - m.lossAndGradients(inputs, targets: targets).loss) < 1e-15)
    }

    @Test func languageModelStepMatchesTheSequenceAndSamplingIsSeeded() {
        var rng = RandomSource(seed: 34)
        let e = Embedding(vocabularySize: 7, dimension: 3, using: &rng)
        let m = CharacterLanguageModel(embedding: e, layer: RNN(inputSize: 3, hiddenSize: 5, using: &rng), using: &rng)
        let (inputs, _) = nextTokenBatch([[3, 6, 4]])
        let all = m.logits(inputs).logits
        var state = m.layer.zeroState(batch: 1)
        for (t, token) in [1, 3, 6, 4].enumerated() {
            let (z, _, next) = m.step([token], state: state)
            #expect(z.isClose(to: all[t], tolerance: 1e-14))
            state = next
        }
        var a = RandomSource(seed: 5), b = RandomSource(seed: 5)
        let sa = (0..<10).map { _ in m.sample(maxLength: 12, temperature: 1, using: &a) }
        let sb = (0..<10).map { _ in m.sample(maxLength: 12, temperature: 1, using: &b) }
        #expect(sa == sb && sa.allSatisfy { $0.count <= 12 && !$0.contains(CharacterVocabulary.endIndex) })
    }

    @Test func ngramProbabilitiesByHandAndNormalized() {
        // Vocabulary of 5: <pad> <s> </s> a(3) b(4); outcomes a, b, </s>.
        let m = NGramModel(order: 2, sequences: [[3, 4], [3, 3]], vocabularySize: 5, smoothing: 1)
        // After <s>: a twice out of 2 → (2 + 1) / (2 + 3).
        #expect(abs(m.probability(of: 3, after: [1]) - 3.0 / 5) < 1e-15)
        // After a: b once, a once, </s> once → each (1 + 1) / (3 + 3).
        #expect(abs(m.probability(of: 2, after: [3]) - 2.0 / 6) < 1e-15)
        for order in 1...3 {
            let model = NGramModel(order: order, sequences: [[3, 4, 4], [4, 3]], vocabularySize: 5, smoothing: 0.5)
            for context in [[], [1], [3], [1, 1], [3, 4], [4, 4]] where context.count == order - 1 {
                let total = [2, 3, 4].reduce(0.0) { $0 + model.probability(of: $1, after: context) }
                #expect(abs(total - 1) < 1e-14, "order \(order), context \(context)")
            }
        }
        let (nll, count) = NGramModel(order: 1, sequences: [[3]], vocabularySize: 5, smoothing: 1).meanNLL([[3]])
        #expect(count == 2 && abs(nll - -(log(2.0 / 5) + log(2.0 / 5)) / 2) < 1e-15)
    }

    @Test func naiveBayesGramsAndScoresByHand() {
        #expect(CharacterNaiveBayes.grams("dag", n: 2) == ["\u{2}d", "da", "ag", "g\u{3}"])
        let nb = CharacterNaiveBayes(texts: ["ab", "ab", "ba"], labels: [0, 0, 1], classes: 2)
        // Grams: class 0: ^a ab b$ twice (6); class 1: ^b ba a$ (3); distinct 6, G = 7.
        let s = nb.logScores("ab")
        #expect(abs(s[0] - (log(2.0 / 3) + 3 * log(3.0 / 13))) < 1e-12)
        #expect(abs(s[1] - (log(1.0 / 3) + 3 * log(1.0 / 10))) < 1e-12)
        #expect(nb.predict("ab") == 0 && nb.predict("ba") == 1 && nb.predict("łąka") >= 0)
    }
}
