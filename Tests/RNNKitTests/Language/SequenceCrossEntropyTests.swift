import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SequenceCrossEntropyTests {
    @Test func withoutMaskItIsTheCrossEntropyOfAllStepsStacked() {
        var rng = RandomSource(seed: 7)
        let z = (0..<3).map { _ in Matrix.normal(2, 4, using: &rng) }
        let y = [[0, 3], [1, 1], [2, 0]]
        let (loss, grads, count) = sequenceCrossEntropy(logits: z, targets: y)
        let stacked = crossEntropyLoss(logits: Matrix.vstack(z), targets: y.flatMap { $0 })
        #expect(count == 6)
        #expect(abs(loss - stacked.loss) < 1e-14)
        #expect(Matrix.vstack(grads).isClose(to: stacked.grad, tolerance: 1e-15))
    }

    @Test func paddedStepsAreIgnoredAndTheMeanIsOverRealStepsOnly() {
        var rng = RandomSource(seed: 8)
        let batch = PaddedBatch([[1, 2, 3], [4]], padding: 0)
        let z = (0..<3).map { _ in Matrix.normal(2, 5, using: &rng) }
        let (loss, grads, count) = sequenceCrossEntropy(logits: z, targets: batch.steps, mask: batch.masks)
        #expect(count == 4)
        // By hand: the four real (step, row) pairs.
        let real = [(0, 0, 1), (1, 0, 2), (2, 0, 3), (0, 1, 4)]
        let expected = real.reduce(0.0) { $0 - logSoftmax(z[$1.0])[$1.1, $1.2] } / 4
        #expect(abs(loss - expected) < 1e-14)
        #expect(grads[1].row(1) == [0, 0, 0, 0, 0] && grads[2].row(1) == [0, 0, 0, 0, 0])
        // Garbage logits on padded rows change nothing.
        var z2 = z
        z2[2][1, 0] = 1e6
        #expect(sequenceCrossEntropy(logits: z2, targets: batch.steps, mask: batch.masks).loss == loss)
    }

    @Test func gradientCheckWithAMask() {
        var rng = RandomSource(seed: 9)
        let batch = PaddedBatch([[2, 1], [0, 3, 3, 1], [4, 4, 0]], padding: 0)
        let z = (0..<4).map { _ in Matrix.normal(3, 5, using: &rng) }
        let analytic = sequenceCrossEntropy(logits: z, targets: batch.steps, mask: batch.masks).grads
        let numeric = GradientCheck.numericGradients(at: z) {
            sequenceCrossEntropy(logits: $0, targets: batch.steps, mask: batch.masks).loss
        }
        for t in 0..<4 { #expect(GradientCheck.relativeError(analytic[t], numeric[t]) < 1e-7, "step \(t)") }
    }

    @Test func perplexityAndBits() {
        #expect(abs(perplexity(meanNLL: log(27.0)) - 27) < 1e-12)  // uniform over 27 tokens
        #expect(abs(bitsPerCharacter(meanNLL: log(8.0)) - 3) < 1e-15)
    }
}
