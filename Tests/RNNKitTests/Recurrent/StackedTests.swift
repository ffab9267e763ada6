import Testing

@testable import RNNKit

private typealias S = GatedTestSupport
private typealias Inputs = Reference.LSTMCase
private typealias Shared = Reference.Stacked

@Suite("Stacked")
struct StackedTests {
    // MARK: Reference values (two layers, fixed dropout mask)

    @Test("two stacked LSTMs with a fixed dropout mask match the NumPy reference, to 1e-10")
    func referenceLSTM() {
        let Ref = Reference.StackedLSTMCase.self
        let stack = Stacked([
            LSTMTests.referenceLayer(),
            LSTM(
                weightIH: Shared.layer1WeightIH, weightHH: Shared.layer1WeightHH, biasIH: Shared.layer1BiasIH, biasHH: Shared.layer1BiasHH),
        ])
        let initial = [LSTMState(h: Inputs.h0, c: Inputs.c0), LSTMState(h: Shared.layer1H0, c: Shared.layer1C0)]
        let (hs, final, cache) = stack.forward(Inputs.xs, initial: initial, masks: [Shared.mask])
        #expect(S.maxDifference(hs, Ref.hs) < 1e-10)
        #expect(S.maxDifference(final[0].h, Ref.finalH0) < 1e-10 && S.maxDifference(final[0].c, Ref.finalC0) < 1e-10)
        #expect(S.maxDifference(final[1].h, Ref.finalH1) < 1e-10 && S.maxDifference(final[1].c, Ref.finalC1) < 1e-10)
        let dFinal = [LSTMState(h: Shared.dFinalH0, c: Shared.dFinalC0), LSTMState(h: Inputs.dFinalH, c: Inputs.dFinalC)]
        let g = stack.backward(Inputs.dhs, dFinal: dFinal, cache: cache)
        let expected = [
            Ref.dParameter0, Ref.dParameter1, Ref.dParameter2, Ref.dParameter3,
            Ref.dParameter4, Ref.dParameter5, Ref.dParameter6, Ref.dParameter7,
        ]
        for k in 0..<8 { #expect(S.maxDifference(g.parameters.values[k], expected[k]) < 1e-10, "\(stack.parameterNames[k])") }
        #expect(S.maxDifference(g.inputs, Ref.dxs) < 1e-10)
        #expect(S.maxDifference(g.initial[0].h, Ref.dH0) < 1e-10 && S.maxDifference(g.initial[0].c, Ref.dC0) < 1e-10)
        #expect(S.maxDifference(g.initial[1].h, Ref.dH1) < 1e-10 && S.maxDifference(g.initial[1].c, Ref.dC1) < 1e-10)
    }

    @Test("two stacked GRUs with a fixed dropout mask match the NumPy reference, to 1e-10")
    func referenceGRU() {
        let Ref = Reference.StackedGRUCase.self
        let stack = Stacked([
            GRUTests.referenceLayer(),
            GRU(
                weightIH: Shared.layer1WeightIH.rows(0..<6), weightHH: Shared.layer1WeightHH.rows(0..<6),
                biasIH: Shared.layer1BiasIH.columns(0..<6), biasHH: Shared.layer1BiasHH.columns(0..<6)),
        ])
        let (hs, final, cache) = stack.forward(Inputs.xs, initial: [Inputs.h0, Shared.layer1H0], masks: [Shared.mask])
        #expect(S.maxDifference(hs, Ref.hs) < 1e-10)
        #expect(S.maxDifference(final[0], Ref.finalH0) < 1e-10 && S.maxDifference(final[1], Ref.finalH1) < 1e-10)
        let g = stack.backward(Inputs.dhs, dFinal: [Shared.dFinalH0, Inputs.dFinalH], cache: cache)
        let expected = [
            Ref.dParameter0, Ref.dParameter1, Ref.dParameter2, Ref.dParameter3,
            Ref.dParameter4, Ref.dParameter5, Ref.dParameter6, Ref.dParameter7,
        ]
        for k in 0..<8 { #expect(S.maxDifference(g.parameters.values[k], expected[k]) < 1e-10, "\(stack.parameterNames[k])") }
        #expect(S.maxDifference(g.inputs, Ref.dxs) < 1e-10)
        #expect(S.maxDifference(g.initial[0], Ref.dH0) < 1e-10 && S.maxDifference(g.initial[1], Ref.dH1) < 1e-10)
    }

    // MARK: Gradient checks

    /// Checks every parameter, every input and every layer's initial state of a 2-layer stack.
    func checkGradients<L: RandomlyInitializedRecurrentLayer>(
        _ type: L.Type, dropout: Double, seed: UInt64, perturbState: (L.State, inout RandomSource) -> L.State,
        stateMatrices: (L.State) -> [Matrix], rebuild: (L.State, [Matrix]) -> L.State
    ) {
        var rng = RandomSource(seed: seed)
        let (input, hidden, batch, steps) = (3, 3, 2, 4)
        let stack = Stacked<L>(inputSize: input, hiddenSize: hidden, layers: 2, dropout: dropout, using: &rng)
        let xs = S.randomSequence(steps, batch, input, using: &rng)
        let initial = stack.zeroState(batch: batch).map { perturbState($0, &rng) }
        // A fixed mask, drawn once: with it, dropout is an ordinary function of the inputs.
        let masks: [[Matrix]]? =
            dropout > 0 ? [(0..<steps).map { _ in Dropout(p: dropout).mask(rows: batch, cols: hidden, using: &rng) }] : nil
        let r = S.randomSequence(steps, batch, hidden, using: &rng)
        let finalCoefficients = initial.map { s in stateMatrices(s).map { Matrix.uniform($0.rows, $0.cols, -1, 1, using: &rng) } }
        func loss(_ m: Stacked<L>, _ xs: [Matrix], _ initial: [L.State]) -> Double {
            let (hs, final, _) = m.forward(xs, initial: initial, masks: masks)
            var total = S.linearLoss(hs, r)
            for (state, coefficients) in zip(final, finalCoefficients) { total += S.linearLoss(stateMatrices(state), coefficients) }
            return total
        }
        let (_, _, cache) = stack.forward(xs, initial: initial, masks: masks)
        let dFinal = zip(initial, finalCoefficients).map { rebuild($0, $1) }
        let g = stack.backward(r, dFinal: dFinal, cache: cache)

        let errors = GradientCheck.check(stack, analytic: g.parameters) { loss($0, xs, initial) }
        #expect(
            errors.map(\.name) == [
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            ])
        for (name, error) in errors { #expect(error < 1e-7, "\(name): \(error)") }
        let dxs = GradientCheck.numericGradients(at: xs) { loss(stack, $0, initial) }
        for t in 0..<steps { #expect(GradientCheck.relativeError(g.inputs[t], dxs[t]) < 1e-7, "x[\(t)]") }
        for l in 0..<2 {
            let parts = stateMatrices(initial[l])
            let numeric = GradientCheck.numericGradients(at: parts) { p in
                var states = initial
                states[l] = rebuild(initial[l], p)
                return loss(stack, xs, states)
            }
            let analytic = stateMatrices(g.initial[l])
            for k in parts.indices { #expect(GradientCheck.relativeError(analytic[k], numeric[k]) < 1e-7, "layer \(l) state \(k)") }
        }
    }

    @Test("gradient check, 2 LSTM layers, dropout off and on (fixed mask)", arguments: [0.0, 0.4])
    func gradientCheckLSTM(dropout: Double) {
        checkGradients(
            LSTM.self, dropout: dropout, seed: 21,
            perturbState: { s, rng in
                LSTMState(h: .uniform(s.h.rows, s.h.cols, -1, 1, using: &rng), c: .uniform(s.c.rows, s.c.cols, -1, 1, using: &rng))
            },
            stateMatrices: { [$0.h, $0.c] }, rebuild: { LSTMState(h: $1[0], c: $1[1]) })
    }

    @Test("gradient check, 2 GRU layers, dropout off and on (fixed mask)", arguments: [0.0, 0.4])
    func gradientCheckGRU(dropout: Double) {
        checkGradients(
            GRU.self, dropout: dropout, seed: 22,
            perturbState: { s, rng in .uniform(s.rows, s.cols, -1, 1, using: &rng) },
            stateMatrices: { [$0] }, rebuild: { $1[0] })
    }

    @Test("gradient check, 2 tanh-RNN layers with dropout (the stack works for any RecurrentLayer)")
    func gradientCheckRNN() {
        checkGradients(
            RNN.self, dropout: 0.3, seed: 23,
            perturbState: { s, rng in .uniform(s.rows, s.cols, -1, 1, using: &rng) },
            stateMatrices: { [$0] }, rebuild: { $1[0] })
    }

    // MARK: Dropout semantics

    @Test("training draws masks of 0 and 1/(1−p) between layers only; evaluation and p = 0 draw none")
    func dropoutSemantics() {
        var rng = RandomSource(seed: 8)
        let stack = Stacked<LSTM>(inputSize: 2, hiddenSize: 5, layers: 3, dropout: 0.25, using: &rng)
        let xs = S.randomSequence(6, 4, 2, using: &rng)
        let initial = stack.zeroState(batch: 4)

        var trainRNG = RandomSource(seed: 99)
        let trained = stack.forward(xs, initial: initial, training: true, using: &trainRNG)
        let masks = trained.cache.masks!
        #expect(masks.count == 2 && masks.allSatisfy { $0.count == 6 })  // between layers 0-1 and 1-2, not after the top
        let entries = masks.flatMap { $0.flatMap(\.storage) }
        #expect(entries.allSatisfy { $0 == 0 || $0 == 1 / 0.75 })
        #expect(entries.contains(0) && entries.contains(1 / 0.75))
        // The same masks given explicitly reproduce the training pass; a fresh generator with the same seed too.
        #expect(stack.forward(xs, initial: initial, masks: masks).hs == trained.hs)
        var again = RandomSource(seed: 99)
        #expect(stack.forward(xs, initial: initial, training: true, using: &again).hs == trained.hs)

        // Evaluation: no mask, no draw, and a different (undropped) result.
        var evalRNG = RandomSource(seed: 99)
        let evaluated = stack.forward(xs, initial: initial, training: false, using: &evalRNG)
        #expect(evaluated.cache.masks == nil && evalRNG.state == RandomSource(seed: 99).state)
        #expect(evaluated.hs == stack.forward(xs, initial: initial).hs)
        #expect(evaluated.hs != trained.hs)
        var noDrop = stack
        noDrop.dropout = 0
        var zeroRNG = RandomSource(seed: 99)
        #expect(noDrop.forward(xs, initial: initial, training: true, using: &zeroRNG).hs == evaluated.hs)
    }

    @Test("PyTorch's names for deeper layers, sizes, and parameters round trip through the setter")
    func namesAndParameters() {
        var rng = RandomSource(seed: 9)
        var stack = Stacked<GRU>(inputSize: 3, hiddenSize: 4, layers: 3, using: &rng)
        #expect(stack.parameterNames.suffix(4) == ["weight_ih_l2", "weight_hh_l2", "bias_ih_l2", "bias_hh_l2"])
        #expect(stack.layers[0].weightIH.shape == (12, 3) && stack.layers[1].weightIH.shape == (12, 4))
        #expect(stack.inputSize == 3 && stack.hiddenSize == 4)
        var params = stack.parameters
        params[5] = params[5] * 2
        stack.parameters = params
        #expect(stack.layers[1].weightHH == params[5])
    }

    @Test("a one-layer stack is the layer itself")
    func singleLayer() {
        var rng = RandomSource(seed: 10)
        let lstm = LSTM(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = S.randomSequence(4, 2, 2, using: &rng)
        var trainRNG = RandomSource(seed: 1)
        let stacked = Stacked([lstm], dropout: 0.5).forward(xs, initial: [lstm.zeroState(batch: 2)], training: true, using: &trainRNG)
        #expect(stacked.hs == lstm.forward(xs).hs)
    }
}
