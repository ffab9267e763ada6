import Testing

@testable import RNNKit

/// The setup the RNN, the LSTM and the GRU share (`RecurrentSetup.swift`): the same edge cases
/// for all three, on both paths.
@Suite struct RecurrentSetupTests {
    /// Every output and gradient of the kernel path, with `dhs` as given.
    static func kernelResults<L: SteppedRecurrentLayer>(_ layer: L, _ xs: [Matrix], _ initial: L.State, _ dhs: [Matrix], _ dFinal: L.State)
        -> [Matrix]
    {
        let (hs, final, cache) = layer.forward(xs, initial: initial)
        let g = layer.backward(dhs, dFinal: dFinal, cache: cache)
        return hs + L.matrices(of: final) + g.parameters.values + g.inputs + L.matrices(of: g.initial)
    }

    static func check<L: SteppedRecurrentLayer & RandomlyInitializedRecurrentLayer>(_: L.Type) where L.State: TestState {
        var rng = RandomSource(seed: 8)
        let (input, hidden, batch, steps) = (3, 5, 4, 6)
        let layer = L(inputSize: input, hiddenSize: hidden, using: &rng)
        let xs = (0..<steps).map { _ in Matrix.uniform(batch, input, -1, 1, using: &rng) }
        let initial = L.State.random(batch: batch, hidden: hidden, using: &rng)
        let dFinal = L.State.random(batch: batch, hidden: hidden, using: &rng)
        // An empty dhs means no step's output is read: the same bits as zeros at every step.
        let zeros = [Matrix](repeating: Matrix(rows: batch, cols: hidden), count: steps)
        #expect(kernelResults(layer, xs, initial, [], dFinal) == kernelResults(layer, xs, initial, zeros, dFinal), "\(L.self)")
        // Zero steps: no outputs, the initial state as the final one; backward hands dFinal (or
        // zeros) back as the initial state's gradient, with zero parameter gradients.
        do {
            let empty = layer.forward([], initial: initial)
            #expect(empty.hs.isEmpty && L.matrices(of: empty.final) == L.matrices(of: initial), "\(L.self) kernel")
            let readable = layer.forwardReadable([], initial: initial)
            #expect(readable.hs.isEmpty && L.matrices(of: readable.final) == L.matrices(of: initial), "\(L.self) readable")
            let g = layer.backward([], dFinal: dFinal, cache: empty.cache)
            let gReadable = layer.backwardReadable([], dFinal: dFinal, cache: readable.cache)
            for gradients in [g, gReadable] {
                #expect(L.matrices(of: gradients.initial) == L.matrices(of: dFinal) && gradients.inputs.isEmpty, "\(L.self)")
                #expect(gradients.parameters.values.allSatisfy { $0.maxAbs() == 0 }, "\(L.self)")
                #expect(zip(gradients.parameters.values, layer.parameters).allSatisfy { $0.shape == $1.shape }, "\(L.self)")
            }
            let noFinal = layer.backward([], dFinal: nil, cache: empty.cache)
            #expect(L.matrices(of: noFinal.initial).allSatisfy { $0.shape == (batch, hidden) && $0.maxAbs() == 0 }, "\(L.self)")
        }
        // PyTorch's initialization, shared: the four parameters in order, uniform in ±1/√hidden.
        let k = 1 / Double(hidden).squareRoot()
        #expect(layer.parameterNames == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(layer.parameters.allSatisfy { $0.maxAbs() <= k })
    }

    @Test("RNN: empty dhs, zero steps and initialization as the shared setup says")
    func rnn() { Self.check(RNN.self) }

    @Test("LSTM: empty dhs, zero steps and initialization as the shared setup says")
    func lstm() { Self.check(LSTM.self) }

    @Test("GRU: empty dhs, zero steps and initialization as the shared setup says")
    func gru() { Self.check(GRU.self) }

    @Test("a shape that does not fit traps with both shapes in the message")
    func shapeMessages() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = RandomSource(seed: 1)
            let lstm = LSTM(inputSize: 3, hiddenSize: 5, using: &rng)
            _ = lstm.forward([Matrix(rows: 4, cols: 2)], initial: lstm.zeroState(batch: 4))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("xs[0] is (4×2), need (4×3)"), "\(text)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = RandomSource(seed: 1)
            let gru = GRU(inputSize: 3, hiddenSize: 5, using: &rng)
            let (_, _, cache) = gru.forward([Matrix(rows: 4, cols: 3)], initial: gru.zeroState(batch: 4))
            _ = gru.backward([Matrix(rows: 4, cols: 6)], dFinal: nil, cache: cache)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("dhs[0] is (4×6), need (4×5)"), "\(text)")
        }
    }
}
