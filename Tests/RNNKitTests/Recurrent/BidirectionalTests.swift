import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("Bidirectional")
struct BidirectionalTests {
    @Test("full-length sequences: equals a forward layer and a backward layer run separately, outputs [h→ ; h←]")
    func equalsTwoLayers() {
        var rng = RandomSource(seed: 5)
        let bi = Bidirectional<GRU>(inputSize: 3, hiddenSize: 4, using: &rng)
        let xs = S.randomSequence(6, 2, 3, using: &rng)
        let (hs, last, _) = bi.forward(xs)
        let (hsF, finalF, _) = bi.forwardLayer.forward(xs)
        let (hsBReversed, finalB, _) = bi.backwardLayer.forward(Array(xs.reversed()))
        let hsB = Array(hsBReversed.reversed())
        for t in 0..<6 {
            #expect(hs[t] == Matrix.hstack([hsF[t], hsB[t]]), "step \(t)")
        }
        #expect(last == Matrix.hstack([finalF, finalB]))
        #expect(bi.parameterNames.last == "bias_hh_l0_reverse")
        #expect(bi.outputSize == 8)
    }

    @Test("padded batch: each row equals its own unpadded sequence run alone, for RNN, LSTM and GRU")
    func paddedRowsEqualUnpadded() {
        var rng = RandomSource(seed: 6)
        let lengths = [5, 2, 4]
        let xs = S.randomSequence(5, 3, 2, using: &rng)  // padding: random values, which must not matter
        func compare<L: RandomlyInitializedRecurrentLayer>(_: L.Type, _ rng: inout RandomSource) {
            let bi = Bidirectional<L>(inputSize: 2, hiddenSize: 3, using: &rng)
            let (hs, last, _) = bi.forward(xs, lengths: lengths)
            for b in 0..<3 {
                let own = (0..<lengths[b]).map { xs[$0].rows(b..<(b + 1)) }  // row b alone, unpadded
                let (ownHs, ownLast, _) = bi.forward(own)
                for t in 0..<5 {
                    let row = hs[t].rows(b..<(b + 1))
                    if t < lengths[b] {
                        #expect(S.maxDifference(row, ownHs[t]) < 1e-14, "\(L.self) row \(b) step \(t)")
                    } else {
                        #expect(row == Matrix.zeros(1, 6), "\(L.self) padding of row \(b) at step \(t) is zero")
                    }
                }
                #expect(S.maxDifference(last.rows(b..<(b + 1)), ownLast) < 1e-14, "\(L.self) last of row \(b)")
            }
        }
        compare(RNN.self, &rng)
        compare(LSTM.self, &rng)
        compare(GRU.self, &rng)
    }

    @Test("reverseWithinLengths reverses each row's real steps, keeps its padding, and undoes itself")
    func reverseWithinLengthsExample() {
        let xs = (0..<4).map { t in Matrix([[Double(t)], [Double(10 + t)]]) }  // row 0: 0 1 2 3, row 1: 10 11 12 13
        let r = reverseWithinLengths(xs, lengths: [4, 2])
        #expect(r.map { $0[0, 0] } == [3, 2, 1, 0])
        #expect(r.map { $0[1, 0] } == [11, 10, 12, 13])
        #expect(reverseWithinLengths(r, lengths: [4, 2]) == xs)
    }

    @Test("gradient check on a padded batch: every parameter and every input, RNN, LSTM and GRU (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 7)
        let lengths = [4, 1, 3]
        let xs = S.randomSequence(4, 3, 2, using: &rng)
        let r = S.randomSequence(4, 3, 6, using: &rng)
        let rLast = Matrix.uniform(3, 6, -1, 1, using: &rng)
        func check<L: RandomlyInitializedRecurrentLayer>(_: L.Type, _ rng: inout RandomSource) {
            let bi = Bidirectional<L>(inputSize: 2, hiddenSize: 3, using: &rng)
            func loss(_ m: Bidirectional<L>, _ xs: [Matrix]) -> Double {
                let (hs, last, _) = m.forward(xs, lengths: lengths)
                return S.linearLoss(hs, r) + S.dot(last, rLast)
            }
            let (_, _, cache) = bi.forward(xs, lengths: lengths)
            let g = bi.backward(r, dLast: rLast, cache: cache)
            for (name, error) in GradientCheck.check(bi, analytic: g.parameters, loss: { loss($0, xs) }) {
                #expect(error < 1e-7, "\(L.self) \(name): \(error)")
            }
            let numeric = GradientCheck.numericGradients(at: xs) { loss(bi, $0) }
            for t in 0..<4 {
                #expect(GradientCheck.relativeError(g.inputs[t], numeric[t]) < 1e-7, "\(L.self) dx[\(t)]")
            }
            // Padded inputs reach nothing, so their gradient is exactly zero.
            #expect(g.inputs[1].rows(1..<2) == Matrix.zeros(1, 2) && g.inputs[3].rows(2..<3) == Matrix.zeros(1, 2))
        }
        check(RNN.self, &rng)
        check(LSTM.self, &rng)
        check(GRU.self, &rng)
    }
}
