import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("Decoder and EncoderDecoder")
struct DecoderTests {
    @Test("teacher-forced backward, with and without attention: every parameter, the initial state and every key (relative error < 1e-7)")
    func decoderGradientCheck() {
        var rng = RandomSource(seed: 31)
        let lengths = [4, 2]
        let keys = S.randomSequence(4, 2, 3, using: &rng)
        let xs = S.randomSequence(3, 2, 5, using: &rng)
        let s0 = Matrix.uniform(2, 4, -1, 1, using: &rng)
        for keySize in [nil, 3] {
            let decoder = Decoder(inputSize: 5, hiddenSize: 4, vocabularySize: 6, keySize: keySize, using: &rng)
            let r = S.randomSequence(3, 2, 6, using: &rng)
            func loss(_ d: Decoder, _ s0: Matrix, _ keys: [Matrix]) -> Double {
                S.linearLoss(d.forward(xs, initial: s0, keys: keys, lengths: lengths).logits, r)
            }
            let (_, _, cache) = decoder.forward(xs, initial: s0, keys: keys, lengths: lengths)
            let g = decoder.backward(r, cache: cache)
            for (name, error) in GradientCheck.check(decoder, analytic: g.parameters, loss: { loss($0, s0, keys) }) {
                #expect(error < 1e-7, "\(name): \(error)")
            }
            let ds0 = GradientCheck.numericGradient(at: s0) { loss(decoder, $0, keys) }
            #expect(GradientCheck.relativeError(g.initial, ds0) < 1e-7)
            if keySize != nil {
                let dKeys = GradientCheck.numericGradients(at: keys) { loss(decoder, s0, $0) }
                for t in 0..<4 { #expect(GradientCheck.relativeError(g.keys[t], dKeys[t]) < 1e-7, "key \(t)") }
            } else {
                #expect(g.keys.isEmpty)
            }
        }
    }

    @Test("a loss on the attention weights of every step: its gradient through the decoder (relative error < 1e-7)")
    func attentionWeightLossGradient() {
        var rng = RandomSource(seed: 33)
        let lengths = [4, 2]
        let keys = S.randomSequence(4, 2, 3, using: &rng)
        let xs = S.randomSequence(3, 2, 5, using: &rng)
        let s0 = Matrix.uniform(2, 4, -1, 1, using: &rng)
        let decoder = Decoder(
            inputSize: 5, hiddenSize: 4, vocabularySize: 6, keySize: 3, score: .additive(size: 3), using: &rng)
        let r = S.randomSequence(3, 2, 6, using: &rng)
        let w = S.randomSequence(3, 2, 4, using: &rng)  // weighs every step's attention weights
        func loss(_ d: Decoder, _ keys: [Matrix]) -> Double {
            let out = d.forward(xs, initial: s0, keys: keys, lengths: lengths)
            return S.linearLoss(out.logits, r) + S.linearLoss(out.weights, w)
        }
        let (_, _, cache) = decoder.forward(xs, initial: s0, keys: keys, lengths: lengths)
        let g = decoder.backward(r, dWeights: w, cache: cache)
        for (name, error) in GradientCheck.check(decoder, analytic: g.parameters, loss: { loss($0, keys) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let dKeys = GradientCheck.numericGradients(at: keys) { loss(decoder, $0) }
        for t in 0..<4 { #expect(GradientCheck.relativeError(g.keys[t], dKeys[t]) < 1e-7, "key \(t)") }
    }

    @Test("step by step with the teacher's inputs gives the teacher-forced forward's scores")
    func stepEqualsForward() {
        var rng = RandomSource(seed: 32)
        let keys = S.randomSequence(4, 2, 3, using: &rng)
        let xs = S.randomSequence(5, 2, 5, using: &rng)
        let decoder = Decoder(inputSize: 5, hiddenSize: 4, vocabularySize: 6, keySize: 3, using: &rng)
        var s = Matrix.uniform(2, 4, -1, 1, using: &rng)
        let (logits, weights, _) = decoder.forward(xs, initial: s, keys: keys, lengths: [4, 3])
        for t in 0..<5 {
            let (z, next, a) = decoder.step(xs[t], state: s, keys: keys, lengths: [4, 3])
            #expect(S.maxDifference(z, logits[t]) < 1e-13, "step \(t)")
            #expect(S.maxDifference(a!, weights[t]) < 1e-14)
            s = next
        }
    }

    static func tinyModel<E: SequenceEncoder>(_ encoder: E, attention: Bool, using rng: inout RandomSource) -> EncoderDecoder<E> {
        EncoderDecoder(encoder: encoder, outputVocabularySize: 5, start: 3, end: 4, attention: attention, using: &rng)
    }

    @Test("the whole model's loss gradient, unidirectional and bidirectional encoders, with and without attention (< 1e-7)")
    func modelGradientCheck() {
        var rng = RandomSource(seed: 33)
        let sources = [[0, 1, 2, 1], [2, 0], [1, 1, 0]]
        let targets = [[0, 1, 4], [2, 2, 4], [1, 0, 4]]
        func check<E: SequenceEncoder>(_ model: EncoderDecoder<E>, _ label: String) {
            let (_, g) = model.lossAndGradients(sources: sources, targets: targets)
            // ε = 1e-5: some gradients here are near 1e-3 while the loss is near 1.6, and at the default
            // ε = 1e-6 the rounding error of the loss (1e-16 · 1.6 / ε) is then 1e-7 of them.
            let errors = GradientCheck.check(model, analytic: g, epsilon: 1e-5) {
                $0.lossAndGradients(sources: sources, targets: targets).loss
            }
            for (name, error) in errors { #expect(error < 1e-7, "\(label) \(name): \(error)") }
        }
        for attention in [false, true] {
            check(
                Self.tinyModel(Unidirectional(GRU(inputSize: 3, hiddenSize: 4, using: &rng)), attention: attention, using: &rng),
                "uni \(attention)")
            check(
                Self.tinyModel(Bidirectional<GRU>(inputSize: 3, hiddenSize: 2, using: &rng), attention: attention, using: &rng),
                "bi \(attention)")
        }
    }

    @Test("batched greedy decoding equals greedyDecode one input at a time, and its log-probability is the teacher-forced one")
    func batchedGreedy() {
        var rng = RandomSource(seed: 34)
        let model = Self.tinyModel(Bidirectional<GRU>(inputSize: 3, hiddenSize: 3, using: &rng), attention: true, using: &rng)
        let sources = [[0, 1, 2, 1, 0], [2, 0], [1, 1, 0]]
        let (outputs, weights) = model.greedy(sources: sources, maxLength: 6)
        for (b, source) in sources.enumerated() {
            let (initial, step) = model.decoderStep(source: source)
            let one = greedyDecode(initial: initial, start: 3, end: 4, maxLength: 6, step: step)
            #expect(one.tokens == outputs[b].tokens)
            #expect(abs(one.logProbability - outputs[b].logProbability) < 1e-12)
            #expect(weights[b].shape == (outputs[b].tokens.count, source.count))
            if outputs[b].tokens.last == 4 {
                #expect(abs(model.logProbability(source: source, target: outputs[b].tokens) - one.logProbability) < 1e-12)
            }
        }
    }
}
