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

    @Test(
        "initial and final states: each direction runs from its own initial state, and final is its state after its whole sequence (LSTM: h and c)"
    )
    func initialAndFinalStates() {
        var rng = RandomSource(seed: 11)
        let bi = Bidirectional<LSTM>(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = S.randomSequence(5, 2, 2, using: &rng)
        func state() -> LSTMState { LSTMState(h: .uniform(2, 3, -1, 1, using: &rng), c: .uniform(2, 3, -1, 1, using: &rng)) }
        let initial = Bidirectional<LSTM>.States(forward: state(), backward: state())
        let (hs, last, final, cache) = bi.forward(xs, initial: initial)
        let f = bi.forwardLayer.forward(xs, initial: initial.forward)
        let b = bi.backwardLayer.forward(Array(xs.reversed()), initial: initial.backward)
        #expect(final.forward.h == f.final.h && final.forward.c == f.final.c)
        #expect(final.backward.h == b.final.h && final.backward.c == b.final.c)
        #expect(last == Matrix.hstack([final.forward.h, final.backward.h]))  // PyTorch: h_n is what last holds
        for t in 0..<5 { #expect(hs[t] == Matrix.hstack([f.hs[t], b.hs[4 - t]]), "step \(t)") }
        // The backward layer's outputs in forward time, and its cache's steps put back at positions.
        for t in 0..<5 { #expect(cache.backwardOutputs[t] == hs[t].columns(3..<6)) }
        #expect(cache.inForwardTime(cache.backward.hs) == cache.backwardOutputs)
        #expect(cache.inForwardTime(cache.backward.cs)[0] == b.final.c)  // position 0 is read last
    }

    @Test(
        "padded rows: initial states enter at each row's first read step, and final is each row's own final state (PyTorch's packed h_n, c_n)"
    )
    func statesWithPadding() {
        var rng = RandomSource(seed: 12)
        let bi = Bidirectional<LSTM>(inputSize: 2, hiddenSize: 3, using: &rng)
        let lengths = [4, 2, 3, 2]
        let xs = S.randomSequence(4, 4, 2, using: &rng)
        func state() -> LSTMState { LSTMState(h: .uniform(4, 3, -1, 1, using: &rng), c: .uniform(4, 3, -1, 1, using: &rng)) }
        let initial = Bidirectional<LSTM>.States(forward: state(), backward: state())
        let (hs, last, final, _) = bi.forward(xs, initial: initial, lengths: lengths)
        for r in 0..<4 {
            let own = (0..<lengths[r]).map { xs[$0].rows(r..<(r + 1)) }
            let ownInitial = Bidirectional<LSTM>.States(forward: initial.forward.rows(at: [r]), backward: initial.backward.rows(at: [r]))
            let (ownHs, ownLast, ownFinal, _) = bi.forward(own, initial: ownInitial)
            for t in 0..<lengths[r] { #expect(S.maxDifference(hs[t].rows(r..<(r + 1)), ownHs[t]) < 1e-14, "row \(r) step \(t)") }
            #expect(S.maxDifference(last.rows(r..<(r + 1)), ownLast) < 1e-14)
            let mine = final.forward.rows(at: [r]), theirs = ownFinal.forward
            #expect(S.maxDifference(mine.h, theirs.h) < 1e-14 && S.maxDifference(mine.c, theirs.c) < 1e-14, "row \(r) forward final")
            let mineB = final.backward.rows(at: [r]), theirsB = ownFinal.backward
            #expect(S.maxDifference(mineB.h, theirsB.h) < 1e-14 && S.maxDifference(mineB.c, theirsB.c) < 1e-14, "row \(r) backward final")
        }
        // h_n is what `last` holds, for every row.
        #expect(S.maxDifference(last, Matrix.hstack([final.forward.h, final.backward.h])) < 1e-14)
    }

    @Test("gradient check on a padded batch with initial states and final-state gradients, LSTM and GRU (< 1e-7)")
    func gradientCheckPaddedWithStates() {
        var rng = RandomSource(seed: 14)
        let lengths = [4, 1, 3, 3]
        let xs = S.randomSequence(4, 4, 2, using: &rng)
        let r = S.randomSequence(4, 4, 6, using: &rng)
        let rLast = Matrix.uniform(4, 6, -1, 1, using: &rng)
        let rFinal = S.randomSequence(4, 4, 3, using: &rng)
        let lstm = Bidirectional<LSTM>(inputSize: 2, hiddenSize: 3, using: &rng)
        func states(_ m: [Matrix]) -> Bidirectional<LSTM>.States {
            .init(forward: LSTMState(h: m[0], c: m[1]), backward: LSTMState(h: m[2], c: m[3]))
        }
        let start = S.randomSequence(4, 4, 3, using: &rng)
        func loss(_ m: Bidirectional<LSTM>, _ xs: [Matrix], _ s: [Matrix]) -> Double {
            let (hs, last, f, _) = m.forward(xs, initial: states(s), lengths: lengths)
            return S.linearLoss(hs, r) + S.dot(last, rLast) + S.linearLoss([f.forward.h, f.forward.c, f.backward.h, f.backward.c], rFinal)
        }
        let (_, _, _, cache) = lstm.forward(xs, initial: states(start), lengths: lengths)
        let g = lstm.backward(r, dLast: rLast, dFinal: states(rFinal), cache: cache)
        for (name, error) in GradientCheck.check(lstm, analytic: g.parameters, loss: { loss($0, xs, start) }) {
            #expect(error < 1e-7, "LSTM \(name): \(error)")
        }
        let dx = GradientCheck.numericGradients(at: xs) { loss(lstm, $0, start) }
        for t in 0..<4 { #expect(GradientCheck.relativeError(g.inputs[t], dx[t]) < 1e-7, "dx[\(t)]") }
        let ds = GradientCheck.numericGradients(at: start) { loss(lstm, xs, $0) }
        let analytic = [g.initial.forward.h, g.initial.forward.c, g.initial.backward.h, g.initial.backward.c]
        for k in 0..<4 { #expect(GradientCheck.relativeError(analytic[k], ds[k]) < 1e-7, "initial state \(k)") }
        #expect(g.inputs[1].rows(1..<2) == Matrix.zeros(1, 2) && g.inputs[3].rows(2..<3) == Matrix.zeros(1, 2))  // padding

        let gru = Bidirectional<GRU>(inputSize: 2, hiddenSize: 3, using: &rng)
        let h0 = S.randomSequence(2, 4, 3, using: &rng)
        func gruLoss(_ m: Bidirectional<GRU>, _ s: [Matrix]) -> Double {
            let (hs, _, f, _) = m.forward(xs, initial: .init(forward: s[0], backward: s[1]), lengths: lengths)
            return S.linearLoss(hs, r) + S.linearLoss([f.forward, f.backward], [rFinal[0], rFinal[2]])
        }
        let (_, _, _, gruCache) = gru.forward(xs, initial: .init(forward: h0[0], backward: h0[1]), lengths: lengths)
        let gG = gru.backward(r, dLast: nil, dFinal: .init(forward: rFinal[0], backward: rFinal[2]), cache: gruCache)
        for (name, error) in GradientCheck.check(gru, analytic: gG.parameters, loss: { gruLoss($0, h0) }) {
            #expect(error < 1e-7, "GRU \(name): \(error)")
        }
        let dsG = GradientCheck.numericGradients(at: h0) { gruLoss(gru, $0) }
        #expect(
            GradientCheck.relativeError(gG.initial.forward, dsG[0]) < 1e-7
                && GradientCheck.relativeError(gG.initial.backward, dsG[1]) < 1e-7)
    }

    @Test("gradient check with initial states and final-state gradients (LSTM h and c, GRU h): parameters, inputs, initial states (< 1e-7)")
    func gradientCheckWithStates() {
        var rng = RandomSource(seed: 13)
        let xs = S.randomSequence(4, 2, 2, using: &rng)
        let r = S.randomSequence(4, 2, 6, using: &rng)
        let rLast = Matrix.uniform(2, 6, -1, 1, using: &rng)
        let rFinal = S.randomSequence(4, 2, 3, using: &rng)  // coefficients of h→, c→, h←, c← at the end

        // LSTM: the state is (h, c), listed as four matrices [h→, c→, h←, c←].
        let lstm = Bidirectional<LSTM>(inputSize: 2, hiddenSize: 3, using: &rng)
        func lstmStates(_ m: [Matrix]) -> Bidirectional<LSTM>.States {
            .init(forward: LSTMState(h: m[0], c: m[1]), backward: LSTMState(h: m[2], c: m[3]))
        }
        let lstmInitial = S.randomSequence(4, 2, 3, using: &rng)
        func lstmLoss(_ m: Bidirectional<LSTM>, _ xs: [Matrix], _ s: [Matrix]) -> Double {
            let (hs, last, final, _) = m.forward(xs, initial: lstmStates(s))
            let f = final
            return S.linearLoss(hs, r) + S.dot(last, rLast) + S.linearLoss([f.forward.h, f.forward.c, f.backward.h, f.backward.c], rFinal)
        }
        let (_, _, _, lstmCache) = lstm.forward(xs, initial: lstmStates(lstmInitial))
        let gL = lstm.backward(r, dLast: rLast, dFinal: lstmStates(rFinal), cache: lstmCache)
        for (name, error) in GradientCheck.check(lstm, analytic: gL.parameters, loss: { lstmLoss($0, xs, lstmInitial) }) {
            #expect(error < 1e-7, "LSTM \(name): \(error)")
        }
        let dxL = GradientCheck.numericGradients(at: xs) { lstmLoss(lstm, $0, lstmInitial) }
        for t in 0..<4 { #expect(GradientCheck.relativeError(gL.inputs[t], dxL[t]) < 1e-7, "LSTM dx[\(t)]") }
        let dsL = GradientCheck.numericGradients(at: lstmInitial) { lstmLoss(lstm, xs, $0) }
        let analyticStates = [gL.initial.forward.h, gL.initial.forward.c, gL.initial.backward.h, gL.initial.backward.c]
        for k in 0..<4 { #expect(GradientCheck.relativeError(analyticStates[k], dsL[k]) < 1e-7, "LSTM initial state \(k)") }

        // GRU: the state is h.
        let gru = Bidirectional<GRU>(inputSize: 2, hiddenSize: 3, using: &rng)
        let gruInitial = S.randomSequence(2, 2, 3, using: &rng)
        func gruLoss(_ m: Bidirectional<GRU>, _ s: [Matrix]) -> Double {
            let (hs, last, final, _) = m.forward(xs, initial: .init(forward: s[0], backward: s[1]))
            return S.linearLoss(hs, r) + S.dot(last, rLast) + S.linearLoss([final.forward, final.backward], [rFinal[0], rFinal[2]])
        }
        let (_, _, _, gruCache) = gru.forward(xs, initial: .init(forward: gruInitial[0], backward: gruInitial[1]))
        let gG = gru.backward(r, dLast: rLast, dFinal: .init(forward: rFinal[0], backward: rFinal[2]), cache: gruCache)
        for (name, error) in GradientCheck.check(gru, analytic: gG.parameters, loss: { gruLoss($0, gruInitial) }) {
            #expect(error < 1e-7, "GRU \(name): \(error)")
        }
        let dsG = GradientCheck.numericGradients(at: gruInitial) { gruLoss(gru, $0) }
        #expect(GradientCheck.relativeError(gG.initial.forward, dsG[0]) < 1e-7)
        #expect(GradientCheck.relativeError(gG.initial.backward, dsG[1]) < 1e-7)
    }

    @Test("BatchRows: taking rows out and putting them back, for a matrix, an LSTM state and a stack's list")
    func batchRows() {
        var m = Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(m.rows(at: [2, 0]) == Matrix([[5, 6], [1, 2]]))
        m.setRows(at: [1], from: Matrix([[0, 0]]))
        m.addRows(at: [0, 2], from: Matrix([[10, 10], [1, 1]]))
        #expect(m == Matrix([[11, 12], [0, 0], [6, 7]]))
        var s = LSTMState(h: Matrix([[1], [2]]), c: Matrix([[3], [4]]))
        s.addRows(at: [1], from: s.rows(at: [0]))
        #expect(s.h == Matrix([[1], [3]]) && s.c == Matrix([[3], [7]]))
        var stack = [Matrix([[1], [2]]), Matrix([[5], [6]])]  // two layers' states
        stack.setRows(at: [0], from: stack.rows(at: [1]))
        #expect(stack == [Matrix([[2], [2]]), Matrix([[6], [6]])])
    }
}
