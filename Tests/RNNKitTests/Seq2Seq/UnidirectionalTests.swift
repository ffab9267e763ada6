import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("Unidirectional")
struct UnidirectionalTests {
    @Test("padded batch: each row's outputs and summary equal its sequence run alone; padding outputs are zero")
    func paddedRowsEqualUnpadded() {
        var rng = RandomSource(seed: 51)
        let encoder = Unidirectional(LSTM(inputSize: 2, hiddenSize: 3, using: &rng))
        let lengths = [3, 5, 1]
        let xs = S.randomSequence(5, 3, 2, using: &rng)
        let (hs, last, _) = encoder.forward(xs, lengths: lengths)
        for b in 0..<3 {
            let own = (0..<lengths[b]).map { xs[$0].rows(b..<(b + 1)) }
            let (ownHs, ownFinal, _) = encoder.layer.forward(own)
            for t in 0..<5 {
                let row = hs[t].rows(b..<(b + 1))
                #expect(t < lengths[b] ? S.maxDifference(row, ownHs[t]) < 1e-14 : row == Matrix.zeros(1, 3), "row \(b) step \(t)")
            }
            #expect(S.maxDifference(last.rows(b..<(b + 1)), ownFinal.h) < 1e-14, "summary of row \(b)")
        }
    }

    @Test("gradient check on a padded batch: parameters and inputs (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 52)
        let encoder = Unidirectional(GRU(inputSize: 2, hiddenSize: 3, using: &rng))
        let lengths = [4, 2]
        let xs = S.randomSequence(4, 2, 2, using: &rng)
        let r = S.randomSequence(4, 2, 3, using: &rng)
        let rLast = Matrix.uniform(2, 3, -1, 1, using: &rng)
        func loss(_ m: Unidirectional<GRU>, _ xs: [Matrix]) -> Double {
            let (hs, last, _) = m.forward(xs, lengths: lengths)
            return S.linearLoss(hs, r) + S.dot(last, rLast)
        }
        let (_, _, cache) = encoder.forward(xs, lengths: lengths)
        let g = encoder.backward(r, dLast: rLast, cache: cache)
        for (name, error) in GradientCheck.check(encoder, analytic: g.parameters, loss: { loss($0, xs) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let numeric = GradientCheck.numericGradients(at: xs) { loss(encoder, $0) }
        for t in 0..<4 { #expect(GradientCheck.relativeError(g.inputs[t], numeric[t]) < 1e-7, "dx[\(t)]") }
    }
}
