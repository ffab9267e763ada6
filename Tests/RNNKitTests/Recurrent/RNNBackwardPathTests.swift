import Testing

@testable import RNNKit

/// `RNN.backward` runs the recurrence of `backpropagateThroughTime` (the form `backwardTrace`
/// shows) in place on stacked matrices, for speed. Both must give the same numbers.
@Suite struct RNNBackwardPathTests {
    @Test(arguments: [true, false])
    func theFastPathEqualsTheTracedOne(lossAtEveryStep: Bool) {
        var rng = RandomSource(seed: 31)
        let layer = RNN(inputSize: 3, hiddenSize: 5, using: &rng)
        let xs = (0..<7).map { _ in Matrix.normal(4, 3, using: &rng) }
        let h0 = Matrix.normal(4, 5, using: &rng)
        let (hs, _, cache) = layer.forward(xs, initial: h0)
        let dhs = lossAtEveryStep ? hs.map { _ in Matrix.normal(4, 5, using: &rng) } : []
        let dFinal = Matrix.normal(4, 5, using: &rng)
        let fast = layer.backward(dhs, dFinal: dFinal, cache: cache)
        let (_, da, dInitial) = layer.backpropagateThroughTime(dhs, dFinal: dFinal, cache: cache)
        // Same arithmetic in the same order: equal to the last bit.
        #expect(fast.initial == dInitial)
        #expect(fast.parameters.values[2] == Matrix.vstack(da).sumRows())
        let dWeightHH = Matrix.gemm(Matrix.vstack(da), Matrix.vstack([h0] + hs.dropLast()), transposeA: true)
        #expect(fast.parameters.values[1].isClose(to: dWeightHH, tolerance: 1e-14))
    }
}
