import Testing

@testable import RNNKit

/// A layer's state as a test needs it: drawn at random, and listed as matrices to compare.
protocol TestState {
    static func random(batch: Int, hidden: Int, using rng: inout RandomSource) -> Self
    var matrices: [Matrix] { get }
}

extension Matrix: TestState {
    static func random(batch: Int, hidden: Int, using rng: inout RandomSource) -> Matrix {
        .uniform(batch, hidden, -1, 1, using: &rng)
    }
    var matrices: [Matrix] { [self] }
}

extension LSTMState: TestState {
    static func random(batch: Int, hidden: Int, using rng: inout RandomSource) -> LSTMState {
        LSTMState(h: .uniform(batch, hidden, -1, 1, using: &rng), c: .uniform(batch, hidden, -1, 1, using: &rng))
    }
    var matrices: [Matrix] { [h, c] }
}

/// The readable path (`step`, `stepBackward`, run by `forwardReadable` and `backwardReadable`)
/// against the kernels (`forward`, `backward`): the same outputs and gradients to 1e-13, and a
/// central-difference check of the readable backward.
@Suite struct ReadableStepTests {
    /// (input, hidden, batch, steps): batch 1, one step, zero steps, hidden 1, odd sizes, and one
    /// batch large enough for the kernels to cut it into blocks of rows.
    static let shapes = [(1, 1, 1, 1), (3, 5, 1, 0), (2, 1, 4, 3), (7, 3, 5, 1), (4, 9, 3, 6), (5, 6, 17, 4), (3, 33, 40, 3)]

    /// Every output and gradient of one path, in one list: hs, the final state, then the
    /// parameter, input and initial-state gradients.
    struct Results {
        var outputs: [Matrix]
        var gradients: [Matrix]
    }

    static func check<L: SteppedRecurrentLayer & RandomlyInitializedRecurrentLayer>(_: L.Type, seed: UInt64) where L.State: TestState {
        var rng = RandomSource(seed: seed)
        for (input, hidden, batch, steps) in shapes {
            let layer = L(inputSize: input, hiddenSize: hidden, using: &rng)
            let xs = (0..<steps).map { _ in Matrix.uniform(batch, input, -1, 1, using: &rng) }
            let initial = L.State.random(batch: batch, hidden: hidden, using: &rng)
            let dFinal = L.State.random(batch: batch, hidden: hidden, using: &rng)
            let dhs = (0..<steps).map { _ in Matrix.uniform(batch, hidden, -1, 1, using: &rng) }
            // Loss read at every step and beyond the last; and at no step (an empty dhs).
            for (dhs, dFinal) in [(dhs, Optional(dFinal)), ([], dFinal), (dhs, nil)] {
                let kernel = layer.forward(xs, initial: initial)
                let kernelGradients = layer.backward(dhs, dFinal: dFinal, cache: kernel.cache)
                let readable = layer.forwardReadable(xs, initial: initial)
                let readableGradients = layer.backwardReadable(dhs, dFinal: dFinal, cache: readable.cache)
                let a = Results(
                    outputs: kernel.hs + kernel.final.matrices,
                    gradients: kernelGradients.parameters.values + kernelGradients.inputs + kernelGradients.initial.matrices)
                let b = Results(
                    outputs: readable.hs + readable.final.matrices,
                    gradients: readableGradients.parameters.values + readableGradients.inputs + readableGradients.initial.matrices)
                let label = "\(L.self) input \(input) hidden \(hidden) batch \(batch) steps \(steps) dhs \(dhs.count)"
                #expect(a.outputs.count == b.outputs.count && a.gradients.count == b.gradients.count, "\(label)")
                for (x, y) in zip(a.outputs + a.gradients, b.outputs + b.gradients) {
                    #expect(x.shape == y.shape, "\(label): \(x.shapeDescription) vs \(y.shapeDescription)")
                    if x.shape == y.shape {
                        let error = GradientCheck.relativeError(x, y)
                        #expect(error < 1e-13, "\(label): relative difference \(error)")
                    }
                }
            }
        }
    }

    @Test("LSTM: readable steps equal the kernel, outputs and every gradient, to 1e-13")
    func lstmReadableEqualsKernel() { Self.check(LSTM.self, seed: 3) }

    @Test("GRU: readable steps equal the kernel, outputs and every gradient, to 1e-13")
    func gruReadableEqualsKernel() { Self.check(GRU.self, seed: 4) }

    @Test("RNN: readable steps equal the kernel, outputs and every gradient, to 1e-13")
    func rnnReadableEqualsKernel() { Self.check(RNN.self, seed: 5) }

    /// The readable backward against central differences of the readable forward: every
    /// parameter, every input and the initial state, on a loss read at every step and beyond.
    static func gradientCheck<L: SteppedRecurrentLayer & RandomlyInitializedRecurrentLayer>(_: L.Type, seed: UInt64)
    where L.State: TestState {
        var rng = RandomSource(seed: seed)
        let (input, hidden, batch, steps) = (3, 4, 2, 5)
        let layer = L(inputSize: input, hiddenSize: hidden, using: &rng)
        let xs = (0..<steps).map { _ in Matrix.uniform(batch, input, -1, 1, using: &rng) }
        let initial = L.State.random(batch: batch, hidden: hidden, using: &rng)
        let dhs = (0..<steps).map { _ in Matrix.uniform(batch, hidden, -1, 1, using: &rng) }
        let dFinal = L.State.random(batch: batch, hidden: hidden, using: &rng)
        // A loss linear in the outputs: its gradient with respect to hs[t] is dhs[t], and with
        // respect to the final state dFinal.
        func loss(_ m: L, _ xs: [Matrix], _ initial: L.State) -> Double {
            let (hs, final, _) = m.forwardReadable(xs, initial: initial)
            let read = zip(hs, dhs).reduce(0) { $0 + ($1.0 * $1.1).sum() }
            return zip(final.matrices, dFinal.matrices).reduce(read) { $0 + ($1.0 * $1.1).sum() }
        }
        let (_, _, cache) = layer.forwardReadable(xs, initial: initial)
        let g = layer.backwardReadable(dhs, dFinal: dFinal, cache: cache)
        for (name, error) in GradientCheck.check(layer, analytic: g.parameters, loss: { loss($0, xs, initial) }) {
            #expect(error < 1e-7, "\(L.self) \(name): \(error)")
        }
        let dxs = GradientCheck.numericGradients(at: xs) { loss(layer, $0, initial) }
        for t in 0..<steps { #expect(GradientCheck.relativeError(g.inputs[t], dxs[t]) < 1e-7, "\(L.self) x[\(t)]") }
        // The initial state, one matrix of it at a time (h, and c for the LSTM).
        let parts = initial.matrices
        for k in parts.indices {
            let numeric = GradientCheck.numericGradient(at: parts[k]) { p in
                var changed = parts
                changed[k] = p
                return loss(layer, xs, L.State.fromMatrices(changed))
            }
            #expect(GradientCheck.relativeError(g.initial.matrices[k], numeric) < 1e-7, "\(L.self) initial[\(k)]")
        }
    }

    @Test("LSTM: the readable backward passes the gradient check (relative error < 1e-7)")
    func lstmGradientCheck() { Self.gradientCheck(LSTM.self, seed: 13) }

    @Test("GRU: the readable backward passes the gradient check (relative error < 1e-7)")
    func gruGradientCheck() { Self.gradientCheck(GRU.self, seed: 14) }

    @Test("RNN: the readable backward passes the gradient check (relative error < 1e-7)")
    func rnnGradientCheck() { Self.gradientCheck(RNN.self, seed: 15) }
}

extension TestState {
    /// The state made of `matrices` (the inverse of `matrices`).
    static func fromMatrices(_ m: [Matrix]) -> Self {
        if Self.self == LSTMState.self { return LSTMState(h: m[0], c: m[1]) as! Self }
        return m[0] as! Self
    }
}
