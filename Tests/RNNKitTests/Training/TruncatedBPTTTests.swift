import Testing

@testable import RNNKit

@Suite struct TruncatedBPTTTests {
    let layer: RNN
    let head: Linear
    let xs: [Matrix]
    let ys: [Matrix]

    init() {
        var rng = RandomSource(seed: 31)
        layer = RNN(inputSize: 2, hiddenSize: 5, using: &rng)
        head = Linear(inputSize: 5, outputSize: 1, using: &rng)
        xs = (0..<12).map { _ in Matrix.normal(3, 2, using: &rng) }
        ys = (0..<12).map { _ in Matrix.normal(3, 1, using: &rng) }
    }

    /// Each step's loss MSE(head(hₜ), yₜ) / T, the same whatever the chunking.
    func chunkLoss(_ start: Int, _ hs: [Matrix]) -> (loss: Double, dhs: [Matrix]) {
        var loss = 0.0
        var dhs: [Matrix] = []
        let steps = Double(xs.count)
        for (i, h) in hs.enumerated() {
            let (l, dy) = mseLoss(head.forward(h), ys[start + i])
            loss += l / steps
            dhs.append(head.backward(dy * (1 / steps), input: h).dx)
        }
        return (loss, dhs)
    }

    @Test func withOneChunkItIsFullBPTT() {
        let full = layer.forward(xs)
        let (loss, dhs) = chunkLoss(0, full.hs)
        let grads = layer.backward(dhs, dFinal: nil, cache: full.cache).parameters
        for k in [12, 50] {  // k = T, and any k beyond it
            let truncated = truncatedBPTT(layer, xs: xs, initial: layer.zeroState(batch: 3), chunkLength: k, loss: chunkLoss)
            #expect(truncated.loss == loss)
            #expect(truncated.final == full.final)
            for (a, b) in zip(truncated.gradients.values, grads.values) { #expect(a == b) }
        }
    }

    @Test func shorterChunksKeepTheForwardButCutTheGradient() {
        let full = layer.forward(xs)
        let fullGrads = layer.backward(chunkLoss(0, full.hs).dhs, dFinal: nil, cache: full.cache).parameters
        let k = 4
        let truncated = truncatedBPTT(layer, xs: xs, initial: layer.zeroState(batch: 3), chunkLength: k, loss: chunkLoss)
        // The forward pass is unchanged: same states, same loss.
        #expect(truncated.final.isClose(to: full.final, tolerance: 1e-14))
        #expect(abs(truncated.loss - chunkLoss(0, full.hs).loss) < 1e-14)
        // The gradient is the sum of three independent chunk backward passes, each from the state
        // the previous chunk reached, with nothing flowing from one chunk into the one before.
        var expected = Gradients.zeros(like: layer.parameters)
        for start in stride(from: 0, to: 12, by: k) {
            let state = start == 0 ? layer.zeroState(batch: 3) : full.hs[start - 1]
            let run = layer.forward(Array(xs[start..<(start + k)]), initial: state)
            let g = layer.backward(chunkLoss(start, run.hs).dhs, dFinal: nil, cache: run.cache).parameters
            for i in 0..<4 { expected.values[i].add(g.values[i]) }
        }
        for i in 0..<4 {
            #expect(truncated.gradients.values[i].isClose(to: expected.values[i], tolerance: 1e-13))
        }
        // And it differs from full BPTT in the recurrent weight.
        #expect(GradientCheck.relativeError(truncated.gradients.values[1], fullGrads.values[1]) > 1e-4)
    }
}
