import Foundation
import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("SelfAttention and positional encodings")
struct SelfAttentionTests {
    @Test("positional encodings: sin and cos of t / 10000^(2i/d), and P[t + k] a fixed rotation of P[t] in each pair")
    func positionalEncodings() {
        let p = positionalEncoding(positions: 12, size: 6)
        #expect(p.shape == (12, 6))
        #expect(abs(p[3, 0] - sin(3.0)) < 1e-15 && abs(p[3, 1] - cos(3.0)) < 1e-15)
        #expect(abs(p[5, 4] - sin(5 / pow(10000, 4.0 / 6))) < 1e-15)
        // pair (0, 1) turns by one radian per step: P[t+1] = R(1) P[t]
        for t in 0..<11 {
            let (s, c) = (p[t, 0], p[t, 1])
            #expect(abs(p[t + 1, 0] - (s * cos(1) + c * sin(1))) < 1e-14)
            #expect(abs(p[t + 1, 1] - (c * cos(1) - s * sin(1))) < 1e-14)
        }
    }

    @Test("one position attending only to itself gives z + v; the weights of each real query sum to 1; padding is zero")
    func forwardByHand() {
        var rng = RandomSource(seed: 40)
        let layer = SelfAttention(inputSize: 3, size: 4, using: &rng)
        let xs = S.randomSequence(3, 2, 3, using: &rng)
        let (hs, last, cache) = layer.forward(xs, lengths: [3, 1])
        // row 1 has one position: it attends to itself with weight 1
        let z = xs[0].rows(1..<2).matmul(layer.inputWeight.T) + layer.inputBias + positionalEncoding(positions: 1, size: 4)
        let expected = z + z.matmul(layer.valueWeight.T)
        #expect(S.maxDifference(hs[0].rows(1..<2), expected) < 1e-14)
        #expect(hs[1].rows(1..<2) == Matrix.zeros(1, 4) && hs[2].rows(1..<2) == Matrix.zeros(1, 4))
        #expect(last.rows(1..<2) == hs[0].rows(1..<2) && last.rows(0..<1) == hs[2].rows(0..<1))
        for t in 0..<3 { #expect(abs(cache.weights[0].row(t).reduce(0, +) - 1) < 1e-14) }
        #expect(cache.weights[1][0, 0] == 1 && cache.weights[1][0, 1] == 0)
    }

    @Test("a padded row's outputs equal those of its sequence run alone")
    func paddingIsInvisible() {
        var rng = RandomSource(seed: 41)
        let layer = SelfAttention(inputSize: 3, size: 4, using: &rng)
        let xs = S.randomSequence(4, 2, 3, using: &rng)
        let (hs, _, _) = layer.forward(xs, lengths: [4, 2])
        let (alone, _, _) = layer.forward([xs[0].rows(1..<2), xs[1].rows(1..<2)])
        #expect(S.maxDifference(hs[0].rows(1..<2), alone[0]) < 1e-14 && S.maxDifference(hs[1].rows(1..<2), alone[1]) < 1e-14)
    }

    @Test("gradient check with padding: every parameter, every input, through hs and last (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 42)
        let layer = SelfAttention(inputSize: 3, size: 4, using: &rng)
        let xs = S.randomSequence(4, 3, 3, using: &rng)
        let lengths = [4, 2, 3]
        let r = S.randomSequence(4, 3, 4, using: &rng)
        let rLast = Matrix.uniform(3, 4, -1, 1, using: &rng)
        func loss(_ m: SelfAttention, _ xs: [Matrix]) -> Double {
            let (hs, last, _) = m.forward(xs, lengths: lengths)
            return S.linearLoss(hs, r) + S.dot(last, rLast)
        }
        let (_, _, cache) = layer.forward(xs, lengths: lengths)
        let g = layer.backward(r, dLast: rLast, cache: cache)
        for (name, error) in GradientCheck.check(layer, analytic: g.parameters, loss: { loss($0, xs) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let dxs = GradientCheck.numericGradients(at: xs) { loss(layer, $0) }
        for t in 0..<4 { #expect(GradientCheck.relativeError(g.inputs[t], dxs[t]) < 1e-7, "input \(t)") }
        #expect(g.inputs[3].rows(1..<3) == Matrix.zeros(2, 3))
    }

    @Test("as a tagger's encoder it learns to read one position ahead, which no one-directional layer can")
    func learnsToReadAhead() {
        var rng = RandomSource(seed: 43)
        var tagger = SequenceTagger(encoder: SelfAttention(inputSize: 4, size: 16, using: &rng), labelCount: 5, using: &rng)
        var adam = Adam(learningRate: 0.01)
        func data(_ count: Int) -> ([[Int]], [[Int]]) {
            let xs = (0..<count).map { _ in (0..<10).map { _ in rng.int(below: 4) } }
            return (xs, xs.map { Array($0.dropFirst()) + [4] })
        }
        for _ in 0..<400 {
            let (xs, labels) = data(32)
            tagger.trainStep(PaddedBatch(xs, padding: 0), labels: PaddedBatch(labels, padding: 0).steps, optimizer: &adam)
        }
        let (xs, labels) = data(200)
        let predicted = tagger.predict(PaddedBatch(xs, padding: 0))  // [step][sequence], as the labels
        let right = zip(predicted, PaddedBatch(labels, padding: 0).steps).flatMap { zip($0, $1).map { $0 == $1 ? 1.0 : 0.0 } }
        #expect(right.reduce(0, +) / Double(right.count) > 0.6)  // one direction's ceiling is 0.325
    }
}
