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

    @Test func chunksWithTheCarriedStateReadTheStreamAsAWhole() {
        var rng = RandomSource(seed: 35)
        let e = Embedding(vocabularySize: 7, dimension: 3, using: &rng)
        let m = CharacterLanguageModel(embedding: e, layer: LSTM(inputSize: 3, hiddenSize: 4, using: &rng), using: &rng)
        // Two streams of 7 tokens, read as one batch of 6 steps, or as chunks of 4 and 2 steps.
        let streams = [[3, 4, 5, 6, 3, 3, 4], [6, 5, 4, 3, 6, 5, 5]]
        let whole = PaddedBatch(streams.map { Array($0[0..<6]) }, padding: 0)
        let wholeTargets = PaddedBatch(streams.map { Array($0[1..<7]) }, padding: 0).steps
        let all = m.loss(whole, targets: wholeTargets, initial: m.layer.zeroState(batch: 2))
        var state = m.layer.zeroState(batch: 2)
        var sum = 0.0
        for range in [0..<4, 4..<6] {
            let inputs = PaddedBatch(streams.map { Array($0[range]) }, padding: 0)
            let targets = PaddedBatch(streams.map { Array($0[(range.lowerBound + 1)..<(range.upperBound + 1)]) }, padding: 0).steps
            let r = m.loss(inputs, targets: targets, initial: state)
            sum += r.meanNLL * Double(r.count)
            state = r.final
        }
        #expect(abs(sum / 12 - all.meanNLL) < 1e-14)
        // The second chunk's gradient, from the carried state held fixed: central differences agree.
        let first = PaddedBatch(streams.map { Array($0[0..<4]) }, padding: 0)
        let carried = m.loss(
            first, targets: PaddedBatch(streams.map { Array($0[1..<5]) }, padding: 0).steps,
            initial: m.layer.zeroState(batch: 2)
        ).final
        let second = PaddedBatch(streams.map { Array($0[4..<6]) }, padding: 0)
        let secondTargets = PaddedBatch(streams.map { Array($0[5..<7]) }, padding: 0).steps
        let (loss, g, final, _) = m.lossAndGradients(second, targets: secondTargets, initial: carried)
        #expect(abs(loss - m.loss(second, targets: secondTargets, initial: carried).meanNLL) < 1e-15)
        #expect(final.h.isClose(to: state.h, tolerance: 1e-15))
        for (name, error) in GradientCheck.check(
            m, analytic: g,
            loss: {
                $0.lossAndGradients(second, targets: secondTargets, initial: carried).loss
            })
        {
            #expect(error < 1e-7, "\(name): \(error)")
        }
    }

    @Test func conditionalModelGradientCheckAndItsCategoriesSteer() {
        var rng = RandomSource(seed: 36)
        let e = Embedding(vocabularySize: 7, dimension: 3, using: &rng)
        let lm = CharacterLanguageModel(embedding: e, layer: GRU(inputSize: 3, hiddenSize: 4, using: &rng), using: &rng)
        var m = ConditionalLanguageModel(model: lm, categories: 3, using: &rng)
        m.conditions.weight = m.conditions.weight * 10  // well apart, so the check below is not marginal
        let (inputs, targets) = nextTokenBatch([[3, 4, 5], [5], [6, 6]])
        let categories = [2, 0, 2]
        let g = m.lossAndGradients(inputs, targets: targets, categories: categories).gradients
        for (name, error) in GradientCheck.check(
            m, analytic: g,
            loss: {
                $0.lossAndGradients(inputs, targets: targets, categories: categories).loss
            })
        {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        #expect(m.parameterNames.last == "condition.weight" && g.values.count == m.parameters.count)
        // Category 1 is used by no sequence: its row gets no gradient.
        #expect(g.values.last!.row(1).allSatisfy { $0 == 0 })
        let (nll, count) = m.loss(inputs, targets: targets, categories: categories)
        #expect(count == 9 && abs(nll - m.lossAndGradients(inputs, targets: targets, categories: categories).loss) < 1e-15)
        // The same input under two categories gets two different first predictions.
        let first = nextTokenBatch([[3]]).inputs
        let z0 = m.model.step([1], state: m.conditions.forward([0])).logits
        let z2 = m.model.step([1], state: m.conditions.forward([2])).logits
        #expect(!z0.isClose(to: z2, tolerance: 1e-6) && first.batchSize == 1)
        var a = RandomSource(seed: 9), b = RandomSource(seed: 9)
        #expect(
            m.sample(category: 1, maxLength: 8, temperature: 1, using: &a) == m.sample(category: 1, maxLength: 8, temperature: 1, using: &b)
        )
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

    @Test func kneserNeyByHandOnAToyCorpus() {
        // Vocabulary of 5: <pad> <s> </s> a(3) b(4); outcomes a, b, </s> (V = 3); D = 0.5.
        // Pairs: <s>→a twice; a→b, a→a, a→</s>; b→</s>.
        let m = NGramModel(order: 2, sequences: [[3, 4], [3, 3]], vocabularySize: 5, kneserNeyDiscount: 0.5)
        // Continuation counts (distinct tokens before): a after <s>, a → 2; b after a → 1;
        // </s> after b, a → 2; total 5, three kinds. P1(x) = max(N − D, 0)/5 + D·3/5 · 1/3.
        let p1 = [3: 1.5 / 5 + 0.1, 4: 0.5 / 5 + 0.1, 2: 1.5 / 5 + 0.1]
        // After <s>: a twice of 2, one kind → P(x | <s>) = max(c − D, 0)/2 + D·1/2 · P1(x).
        #expect(abs(m.probability(of: 3, after: [1]) - (1.5 / 2 + 0.25 * p1[3]!)) < 1e-15)
        #expect(abs(m.probability(of: 4, after: [1]) - 0.25 * p1[4]!) < 1e-15)
        #expect(abs(m.probability(of: 3, after: [1]) - 0.85) < 1e-15)
        // After a: b, a, </s> once each of 3 → 0.5/3 + 0.5·3/3 · P1(x).
        #expect(abs(m.probability(of: 4, after: [3]) - (0.5 / 3 + 0.5 * 0.2)) < 1e-15)
        // After </s>, a context never seen: P1 alone.
        #expect(abs(m.probability(of: 2, after: [2]) - p1[2]!) < 1e-15)
        // Order 1 uses raw counts: a 3, b 1, </s> 2 of 6, three kinds.
        let u = NGramModel(order: 1, sequences: [[3, 4], [3, 3]], vocabularySize: 5, kneserNeyDiscount: 0.5)
        #expect(abs(u.probability(of: 4, after: []) - (0.5 / 6 + 0.5 * 3 / 6 / 3)) < 1e-15)
    }

    @Test func kneserNeyTrigramUsesContinuationCountsAtBothLowerLevels() {
        // Sequences "ab" and "bb" (a = 3, b = 4), order 3, D = 1.
        // Trigrams: <s><s>a, <s>ab, ab</s>; <s><s>b, <s>bb, bb</s>.
        let m = NGramModel(order: 3, sequences: [[3, 4], [4, 4]], vocabularySize: 5, kneserNeyDiscount: 1)
        // Level 1 (distinct bigrams <s>a, ab, b</s>, <s>b, bb): a ← {<s>} 1, b ← {a, <s>, b} 3,
        // </s> ← {b} 1; total 5, three kinds: P1(x) = max(N − 1, 0)/5 + 3/5 · 1/3.
        let p1b = 2.0 / 5 + 0.2, p1a = 0.2
        // Level 2 after b (distinct trigrams ·b·: ab</s>, bb</s>, <s>bb): </s> ← {a, b} 2,
        // b ← {<s>} 1; total 3, two kinds: P2(x | b) = max(N − 1, 0)/3 + 2/3 · P1(x).
        let p2bEnd = 1.0 / 3 + 2.0 / 3 * 0.2
        let p2bb = 2.0 / 3 * p1b
        // Level 3 after (a, b): </s> once, one kind: P3(x | a b) = max(c − 1, 0)/1 + 1 · P2(x | b).
        #expect(abs(m.probability(of: 2, after: [3, 4]) - p2bEnd) < 1e-15)
        #expect(abs(p2bEnd - 7.0 / 15) < 1e-15)
        #expect(abs(m.probability(of: 4, after: [3, 4]) - p2bb) < 1e-15)
        // After (<s>, <s>): a once, b once → 0 + 2/2 · P2(x | <s>); level 2 after <s>: a ← {<s>},
        // b ← {<s>} → 0 + 2/2 · P1(x).
        #expect(abs(m.probability(of: 3, after: [1, 1]) - p1a) < 1e-15)
        #expect(abs(m.probability(of: 4, after: [1, 1]) - p1b) < 1e-15)
    }

    @Test func kneserNeyDistributionsSumToOneAtEveryOrder() {
        let sequences = [[3, 4, 5, 3, 3], [4, 5, 5], [5, 3, 4, 4, 3, 5], [3]]
        for order in 1...5 {
            for d in [0.3, 0.75, 1.0] {
                let m = NGramModel(order: order, sequences: sequences, vocabularySize: 6, kneserNeyDiscount: d)
                for context in [[1, 1, 1, 1], [1, 1, 1, 3], [3, 4, 5, 3], [5, 5, 5, 5], [2, 2, 2, 2], [4, 5, 5, 3]] {
                    let h = Array(context.suffix(order - 1))
                    let total = [2, 3, 4, 5].reduce(0.0) { $0 + m.probability(of: $1, after: h) }
                    #expect(abs(total - 1) < 1e-14, "order \(order), D \(d), context \(h)")
                    #expect([2, 3, 4, 5].allSatisfy { m.probability(of: $0, after: h) > 0 })
                }
            }
        }
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
