import Testing

@testable import RNNKit

private typealias S = GatedTestSupport
private typealias Ref = Reference.LSTMCase

@Suite("LSTM")
struct LSTMTests {
    static func referenceLayer() -> LSTM {
        LSTM(weightIH: Ref.weightIH, weightHH: Ref.weightHH, biasIH: Ref.biasIH, biasHH: Ref.biasHH)
    }

    @Test("forward matches the NumPy reference: outputs, final state and every gate, to 1e-10")
    func referenceForward() {
        let lstm = Self.referenceLayer()
        let (hs, final, cache) = lstm.forward(Ref.xs, initial: LSTMState(h: Ref.h0, c: Ref.c0))
        #expect(S.maxDifference(hs, Ref.hs) < 1e-10)
        #expect(S.maxDifference(final.h, Ref.finalH) < 1e-10)
        #expect(S.maxDifference(final.c, Ref.finalC) < 1e-10)
        #expect(S.maxDifference(cache.inputGates, Ref.inputGates) < 1e-10)
        #expect(S.maxDifference(cache.forgetGates, Ref.forgetGates) < 1e-10)
        #expect(S.maxDifference(cache.cellCandidates, Ref.cellCandidates) < 1e-10)
        #expect(S.maxDifference(cache.outputGates, Ref.outputGates) < 1e-10)
        #expect(S.maxDifference(cache.cellStates.last!, Ref.finalC) < 1e-10)
        let loss = S.linearLoss(hs, Ref.dhs) + S.dot(final.h, Ref.dFinalH) + S.dot(final.c, Ref.dFinalC)
        #expect(abs(loss - Ref.loss) < 1e-10)
    }

    @Test("backward matches the NumPy reference: all four parameters, every input, initial h and c, to 1e-10")
    func referenceBackward() {
        let lstm = Self.referenceLayer()
        let (_, _, cache) = lstm.forward(Ref.xs, initial: LSTMState(h: Ref.h0, c: Ref.c0))
        let g = lstm.backward(Ref.dhs, dFinal: LSTMState(h: Ref.dFinalH, c: Ref.dFinalC), cache: cache)
        let expected = [Ref.dWeightIH, Ref.dWeightHH, Ref.dBiasIH, Ref.dBiasHH]
        for k in 0..<4 { #expect(S.maxDifference(g.parameters.values[k], expected[k]) < 1e-10, "parameter \(k)") }
        #expect(S.maxDifference(g.inputs, Ref.dxs) < 1e-10)
        #expect(S.maxDifference(g.initial.h, Ref.dH0) < 1e-10)
        #expect(S.maxDifference(g.initial.c, Ref.dC0) < 1e-10)
    }

    @Test("gradient check over a sequence: every parameter, every input, initial h and c (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 11)
        let (input, hidden, batch, steps) = (3, 4, 2, 5)
        let lstm = LSTM(inputSize: input, hiddenSize: hidden, using: &rng)
        let xs = S.randomSequence(steps, batch, input, using: &rng)
        let h0 = Matrix.uniform(batch, hidden, -1, 1, using: &rng)
        let c0 = Matrix.uniform(batch, hidden, -1, 1, using: &rng)
        let r = S.randomSequence(steps, batch, hidden, using: &rng)
        let rh = Matrix.uniform(batch, hidden, -1, 1, using: &rng)
        let rc = Matrix.uniform(batch, hidden, -1, 1, using: &rng)
        func loss(_ m: LSTM, _ xs: [Matrix], _ h0: Matrix, _ c0: Matrix) -> Double {
            let (hs, final, _) = m.forward(xs, initial: LSTMState(h: h0, c: c0))
            return S.linearLoss(hs, r) + S.dot(final.h, rh) + S.dot(final.c, rc)
        }
        let (_, _, cache) = lstm.forward(xs, initial: LSTMState(h: h0, c: c0))
        let g = lstm.backward(r, dFinal: LSTMState(h: rh, c: rc), cache: cache)

        for (name, error) in GradientCheck.check(lstm, analytic: g.parameters, loss: { loss($0, xs, h0, c0) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let dxs = GradientCheck.numericGradients(at: xs) { loss(lstm, $0, h0, c0) }
        for t in 0..<steps { #expect(GradientCheck.relativeError(g.inputs[t], dxs[t]) < 1e-7, "x[\(t)]") }
        let dh0 = GradientCheck.numericGradient(at: h0) { loss(lstm, xs, $0, c0) }
        let dc0 = GradientCheck.numericGradient(at: c0) { loss(lstm, xs, h0, $0) }
        #expect(GradientCheck.relativeError(g.initial.h, dh0) < 1e-7)
        #expect(GradientCheck.relativeError(g.initial.c, dc0) < 1e-7)
    }

    @Test("many-to-one: gradients only at the last step and no dFinal still pass the gradient check")
    func manyToOne() {
        var rng = RandomSource(seed: 5)
        let lstm = LSTM(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = S.randomSequence(6, 4, 2, using: &rng)
        let target = Matrix.uniform(4, 3, -1, 1, using: &rng)
        let (hs, _, cache) = lstm.forward(xs)
        var dhs = hs.map { Matrix(rows: $0.rows, cols: $0.cols) }
        dhs[dhs.count - 1] = target
        let g = lstm.backward(dhs, dFinal: nil, cache: cache)
        let errors = GradientCheck.check(lstm, analytic: g.parameters) { S.dot($0.forward(xs).hs.last!, target) }
        for (name, error) in errors { #expect(error < 1e-7, "\(name): \(error)") }
    }

    @Test("PyTorch's layout, names and initialization bound ±1/√hidden")
    func initialization() {
        var rng = RandomSource(seed: 1)
        let lstm = LSTM(inputSize: 5, hiddenSize: 16, using: &rng)
        #expect(lstm.weightIH.shape == (64, 5))
        #expect(lstm.weightHH.shape == (64, 16))
        #expect(lstm.biasIH.shape == (1, 64) && lstm.biasHH.shape == (1, 64))
        #expect(lstm.parameterNames == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(lstm.parameterCount == 4 * 16 * (5 + 16 + 2))
        #expect(lstm.parameters.allSatisfy { $0.maxAbs() <= 0.25 })
        #expect(lstm.parameters.allSatisfy { $0.maxAbs() > 0.2 })  // the bound is used, not a smaller one
        #expect(lstm.inputSize == 5 && lstm.hiddenSize == 16)
    }

    @Test("the zero-state forward equals forward from zeroState; an empty sequence returns the initial state")
    func conveniences() {
        var rng = RandomSource(seed: 2)
        let lstm = LSTM(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = S.randomSequence(3, 2, 2, using: &rng)
        #expect(lstm.forward(xs).hs == lstm.forward(xs, initial: lstm.zeroState(batch: 2)).hs)
        let initial = LSTMState(h: .uniform(2, 3, -1, 1, using: &rng), c: .uniform(2, 3, -1, 1, using: &rng))
        let (hs, final, cache) = lstm.forward([], initial: initial)
        #expect(hs.isEmpty && final.h == initial.h && final.c == initial.c && cache.steps == 0)
        let g = lstm.backward([], dFinal: initial, cache: cache)
        #expect(g.initial.h == initial.h && g.initial.c == initial.c && g.inputs.isEmpty)
    }
}
