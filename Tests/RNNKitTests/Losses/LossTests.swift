import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct LossTests {
    @Test func mseIsTheMeanOverEveryEntry() {
        let p = Matrix([[1, 2], [3, 4]]), y = Matrix([[0, 2], [5, 4]])
        let (loss, grad) = mseLoss(p, y)
        #expect(loss == (1 + 0 + 4 + 0) / 4.0)  // divided by all 4 entries, not the batch of 2
        #expect(grad == Matrix([[0.5, 0], [-1, 0]]))  // 2 (p − y) / 4
    }

    @Test func mseGradientPassesTheCheck() {
        var rng = RandomSource(seed: 6)
        let p = Matrix.normal(3, 4, using: &rng), y = Matrix.normal(3, 4, using: &rng)
        let numeric = GradientCheck.numericGradient(at: p) { mseLoss($0, y).loss }
        #expect(GradientCheck.relativeError(mseLoss(p, y).grad, numeric) < 1e-7)
    }

    @Test func logSoftmaxIsStableAndNormalized() {
        let z = Matrix([[1000, 1001, 1002], [-5, 0, 5], [0, 0, 0]])
        let lp = logSoftmax(z)
        #expect(!lp.hasNonFinite)
        for r in 0..<3 { #expect(abs(lp.row(r).reduce(0) { $0 + exp($1) } - 1) < 1e-15) }
        #expect(abs(lp[2, 0] - -log(3.0)) < 1e-15)
        // Shifting a row by a constant changes nothing: row 0 equals [0, 1, 2]'s log-softmax.
        #expect(Matrix(row: lp.row(0)).isClose(to: logSoftmax(Matrix(row: [0, 1, 2])), tolerance: 1e-15))
        #expect(softmax(z).sumColumns().isClose(to: Matrix(column: [1, 1, 1]), tolerance: 1e-15))
    }

    @Test func nllPicksTheTargetLogProbabilities() {
        let lp = Matrix([[-0.1, -2.5], [-1.2, -0.4]])
        let (loss, grad) = nllLoss(logProbabilities: lp, targets: [0, 0])
        #expect(abs(loss - (0.1 + 1.2) / 2) < 1e-16)
        #expect(grad == Matrix([[-0.5, 0], [-0.5, 0]]))
    }

    @Test func crossEntropyIsLogSoftmaxThenNLLWithSoftmaxMinusOneHotGradient() {
        var rng = RandomSource(seed: 8)
        let z = Matrix.normal(5, 4, using: &rng)
        let t = [0, 3, 1, 1, 2]
        let (loss, grad) = crossEntropyLoss(logits: z, targets: t)
        #expect(abs(loss - nllLoss(logProbabilities: logSoftmax(z), targets: t).loss) < 1e-15)
        var expected = softmax(z)
        for (i, c) in t.enumerated() { expected[i, c] -= 1 }
        #expect(grad.isClose(to: expected / 5, tolerance: 1e-15))
        let numeric = GradientCheck.numericGradient(at: z) { crossEntropyLoss(logits: $0, targets: t).loss }
        #expect(GradientCheck.relativeError(grad, numeric) < 1e-7)
        // Uniform logits over 4 classes cost log 4.
        #expect(abs(crossEntropyLoss(logits: Matrix.zeros(2, 4), targets: [1, 2]).loss - log(4.0)) < 1e-15)
    }
}
