import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("Attention over keys prepared once per sequence")
struct AttentionKeysTests {
    static let scores: [Attention.Score] = [.dot, .scaledDot, .general, .additive(size: 5)]

    @Test(
        "prepared keys: stacked k_j row b at j·batch + b; K Uᵀ for the additive score (to 1e-14 of the naive product), none for the others")
    func preparedKeys() {
        var rng = RandomSource(seed: 90)
        let keys = S.randomSequence(3, 2, 4, using: &rng)
        for score in Self.scores {
            let attention = Attention(querySize: 4, keySize: 4, score: score, using: &rng)
            let prepared = attention.prepare(keys)
            #expect(prepared.count == 3 && prepared.batch == 2 && prepared.keys == keys)
            for j in 0..<3 { #expect(prepared.stacked.rows((2 * j)..<(2 * j + 2)) == keys[j]) }
            if case .additive = score {
                let naive = naiveProduct(prepared.stacked, attention.keyWeight.T)
                #expect(prepared.projected.shape == (6, 5) && S.maxDifference(prepared.projected, naive) < 1e-14)
            } else {
                #expect(prepared.projected.count == 0)
            }
        }
    }

    @Test("one preparation, many queries: each query's context, weights and scores equal, bit for bit, those over the raw keys")
    func manyQueriesSameResults() {
        var rng = RandomSource(seed: 91)
        let keys = S.randomSequence(4, 3, 4, using: &rng)
        let lengths = [4, 1, 3]
        for score in Self.scores {
            let attention = Attention(querySize: 4, keySize: 4, score: score, using: &rng)
            let prepared = attention.prepare(keys)
            for _ in 0..<3 {
                let q = Matrix.uniform(3, 4, -1, 1, using: &rng)
                let a = attention.forward(query: q, keys: prepared, lengths: lengths)
                let b = attention.forward(query: q, keys: keys, lengths: lengths)
                #expect(a.context == b.context && a.weights == b.weights && a.cache.hidden == b.cache.hidden, "\(score)")
                #expect(a.scores.storage.elementsEqual(b.scores.storage), "\(score)")
            }
            #expect(prepared.projected == attention.prepare(keys).projected)  // queries do not change the prepared keys
        }
    }

    @Test("a decoder step over prepared keys equals the step over raw keys; greedy decoding is unchanged by preparing once")
    func decoderSteps() {
        var rng = RandomSource(seed: 92)
        let decoder = Decoder(inputSize: 5, hiddenSize: 4, vocabularySize: 6, keySize: 3, score: .additive(size: 3), using: &rng)
        let keys = S.randomSequence(4, 2, 3, using: &rng)
        let xs = S.randomSequence(3, 2, 5, using: &rng)
        let s0 = Matrix.uniform(2, 4, -1, 1, using: &rng)
        let prepared = decoder.attention!.prepare(keys)
        let forced = decoder.forward(xs, initial: s0, keys: keys, lengths: [4, 2])
        var state = s0
        for t in 0..<3 {
            let a = decoder.step(xs[t], state: state, prepared: prepared, lengths: [4, 2])
            let b = decoder.step(xs[t], state: state, keys: keys, lengths: [4, 2])
            #expect(a.logits == b.logits && a.state == b.state && a.weights == b.weights)
            #expect(S.maxDifference(a.logits, forced.logits[t]) < 1e-13)  // step by step = teacher-forced in one call
            state = a.state
        }
    }

    @Test("gradient through keys shared by every step, additive score: U, W, v, every key (central differences, < 1e-7)")
    func sharedKeysGradient() {
        var rng = RandomSource(seed: 93)
        let lengths = [5, 3]
        let keys = S.randomSequence(5, 2, 3, using: &rng)
        let xs = S.randomSequence(4, 2, 5, using: &rng)
        let s0 = Matrix.uniform(2, 4, -1, 1, using: &rng)
        let decoder = Decoder(inputSize: 5, hiddenSize: 4, vocabularySize: 6, keySize: 3, score: .additive(size: 4), using: &rng)
        let r = S.randomSequence(4, 2, 6, using: &rng)
        func loss(_ d: Decoder, _ keys: [Matrix]) -> Double {
            S.linearLoss(d.forward(xs, initial: s0, keys: keys, lengths: lengths).logits, r)
        }
        let (_, _, cache) = decoder.forward(xs, initial: s0, keys: keys, lengths: lengths)
        #expect(cache.attention.count == 4 && cache.attention.allSatisfy { $0.prepared.projected == cache.attention[0].prepared.projected })
        let g = decoder.backward(r, cache: cache)
        for (name, error) in GradientCheck.check(decoder, analytic: g.parameters, loss: { loss($0, keys) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let dKeys = GradientCheck.numericGradients(at: keys) { loss(decoder, $0) }
        for t in 0..<5 { #expect(GradientCheck.relativeError(g.keys[t], dKeys[t]) < 1e-7, "key \(t)") }
    }

    @Test("keys prepared for a general score, given to an additive one, trap with a shape message")
    func wrongPreparationTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = RandomSource(seed: 94)
            let general = Attention(querySize: 3, keySize: 3, score: .general, using: &rng)
            let additive = Attention(querySize: 3, keySize: 3, score: .additive(size: 2), using: &rng)
            _ = additive.forward(query: Matrix.zeros(1, 3), keys: general.prepare([Matrix.zeros(1, 3)]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("keys prepared without k Uᵀ"))
    }
}
