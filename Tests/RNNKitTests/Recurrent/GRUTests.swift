import Testing

@testable import RNNKit

private typealias S = GatedTestSupport
private typealias Ref = Reference.GRUCase
private typealias Inputs = Reference.LSTMCase  // the GRU case reads the LSTM case's xs, h0, dhs and dFinalH

@Suite("GRU")
struct GRUTests {
    static func referenceLayer() -> GRU {
        GRU(weightIH: Ref.weightIH, weightHH: Ref.weightHH, biasIH: Ref.biasIH, biasHH: Ref.biasHH)
    }

    @Test("forward matches the NumPy reference: outputs and every gate, to 1e-10")
    func referenceForward() {
        let gru = Self.referenceLayer()
        let (hs, final, cache) = gru.forward(Inputs.xs, initial: Inputs.h0)
        #expect(S.maxDifference(hs, Ref.hs) < 1e-10)
        #expect(S.maxDifference(final, Ref.finalH) < 1e-10)
        #expect(S.maxDifference(cache.resetGates, Ref.resetGates) < 1e-10)
        #expect(S.maxDifference(cache.updateGates, Ref.updateGates) < 1e-10)
        #expect(S.maxDifference(cache.candidates, Ref.candidates) < 1e-10)
        let loss = S.linearLoss(hs, Inputs.dhs) + S.dot(final, Inputs.dFinalH)
        #expect(abs(loss - Ref.loss) < 1e-10)
    }

    @Test("backward matches the NumPy reference: all four parameters, every input, initial h, to 1e-10")
    func referenceBackward() {
        let gru = Self.referenceLayer()
        let (_, _, cache) = gru.forward(Inputs.xs, initial: Inputs.h0)
        let g = gru.backward(Inputs.dhs, dFinal: Inputs.dFinalH, cache: cache)
        let expected = [Ref.dWeightIH, Ref.dWeightHH, Ref.dBiasIH, Ref.dBiasHH]
        for k in 0..<4 { #expect(S.maxDifference(g.parameters.values[k], expected[k]) < 1e-10, "parameter \(k)") }
        #expect(S.maxDifference(g.inputs, Ref.dxs) < 1e-10)
        #expect(S.maxDifference(g.initial, Ref.dH0) < 1e-10)
        // b_hn sits inside the reset product, so its gradient differs from b_in's: the two biases
        // cannot be merged (they can for r and z).
        #expect(g.parameters.values[2].columns(0..<4) == g.parameters.values[3].columns(0..<4))
        #expect(S.maxDifference(g.parameters.values[2].columns(4..<6), g.parameters.values[3].columns(4..<6)) > 1e-3)
    }

    @Test("gradient check over a sequence: every parameter, every input, initial h (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 12)
        let (input, hidden, batch, steps) = (3, 4, 2, 5)
        let gru = GRU(inputSize: input, hiddenSize: hidden, using: &rng)
        let xs = S.randomSequence(steps, batch, input, using: &rng)
        let h0 = Matrix.uniform(batch, hidden, -1, 1, using: &rng)
        let r = S.randomSequence(steps, batch, hidden, using: &rng)
        let rh = Matrix.uniform(batch, hidden, -1, 1, using: &rng)
        func loss(_ m: GRU, _ xs: [Matrix], _ h0: Matrix) -> Double {
            let (hs, final, _) = m.forward(xs, initial: h0)
            return S.linearLoss(hs, r) + S.dot(final, rh)
        }
        let (_, _, cache) = gru.forward(xs, initial: h0)
        let g = gru.backward(r, dFinal: rh, cache: cache)

        for (name, error) in GradientCheck.check(gru, analytic: g.parameters, loss: { loss($0, xs, h0) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let dxs = GradientCheck.numericGradients(at: xs) { loss(gru, $0, h0) }
        for t in 0..<steps { #expect(GradientCheck.relativeError(g.inputs[t], dxs[t]) < 1e-7, "x[\(t)]") }
        let dh0 = GradientCheck.numericGradient(at: h0) { loss(gru, xs, $0) }
        #expect(GradientCheck.relativeError(g.initial, dh0) < 1e-7)
    }

    @Test("PyTorch's layout, names and initialization bound ±1/√hidden")
    func initialization() {
        var rng = RandomSource(seed: 1)
        let gru = GRU(inputSize: 5, hiddenSize: 16, using: &rng)
        #expect(gru.weightIH.shape == (48, 5))
        #expect(gru.weightHH.shape == (48, 16))
        #expect(gru.biasIH.shape == (1, 48) && gru.biasHH.shape == (1, 48))
        #expect(gru.parameterNames == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(gru.parameters.allSatisfy { $0.maxAbs() <= 0.25 })
    }

    @Test("variants: one step under each paper's equations matches the NumPy reference")
    func variantsMatchReference() {
        let gru = Self.referenceLayer()
        let x = Inputs.xs[0], h = Inputs.h0
        #expect(S.maxDifference(gru.step(x, h, variant: .pytorch), Ref.stepPyTorch) < 1e-10)
        #expect(S.maxDifference(gru.step(x, h, variant: .cho2014), Ref.stepResetBeforeProduct) < 1e-10)
        #expect(S.maxDifference(gru.step(x, h, variant: .chung2014), Ref.stepResetBeforeProductZTakesNew) < 1e-10)
        let flipped = GRUVariant(resetPlacement: .afterHiddenProduct, updateDirection: .zTakesCandidate)
        #expect(S.maxDifference(gru.step(x, h, variant: flipped), Ref.stepZTakesNew) < 1e-10)
    }

    @Test("variants: .pytorch equals forward; the reset placement changes the function")
    func variantsAgainstForward() {
        var rng = RandomSource(seed: 3)
        let gru = GRU(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = S.randomSequence(4, 2, 2, using: &rng)
        let h0 = Matrix.uniform(2, 3, -1, 1, using: &rng)
        let hs = gru.forward(xs, initial: h0).hs
        #expect(S.maxDifference(gru.hiddenStates(xs, initial: h0, variant: .pytorch), hs) < 1e-14)
        #expect(S.maxDifference(gru.hiddenStates(xs, initial: h0, variant: .cho2014), hs) > 1e-3)
    }

    @Test("variants: the Chung update direction is PyTorch's with the update gate's weights negated (the doc's claim)")
    func updateDirectionIsARelabelling() {
        var rng = RandomSource(seed: 4)
        let gru = GRU(inputSize: 3, hiddenSize: 4, using: &rng)
        var negated = gru
        let z = 4..<8  // the update gate's rows / columns
        for r in z {
            for c in 0..<3 { negated.weightIH[r, c] = -gru.weightIH[r, c] }
            for c in 0..<4 { negated.weightHH[r, c] = -gru.weightHH[r, c] }
            negated.biasIH[0, r] = -gru.biasIH[0, r]
            negated.biasHH[0, r] = -gru.biasHH[0, r]
        }
        let xs = S.randomSequence(5, 2, 3, using: &rng)
        let h0 = Matrix.uniform(2, 4, -1, 1, using: &rng)
        let takesNew = GRUVariant(resetPlacement: .afterHiddenProduct, updateDirection: .zTakesCandidate)
        let a = gru.hiddenStates(xs, initial: h0, variant: takesNew)
        let b = negated.hiddenStates(xs, initial: h0, variant: .pytorch)
        #expect(S.maxDifference(a, b) < 1e-14)
        #expect(
            S.maxDifference(
                gru.hiddenStates(xs, initial: h0, variant: .chung2014), negated.hiddenStates(xs, initial: h0, variant: .cho2014)) < 1e-14)
    }
}
