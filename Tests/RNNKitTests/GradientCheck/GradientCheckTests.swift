import Testing

@testable import RNNKit

@Suite struct GradientCheckTests {
    @Test func numericGradientOfAKnownFunction() {
        // L(p) = Σ pᵢ³, so ∂L/∂pᵢ = 3 pᵢ².
        let p = Matrix([[1, -2], [0.5, 3]])
        let numeric = GradientCheck.numericGradient(at: p) { m in m.storage.reduce(0) { $0 + $1 * $1 * $1 } }
        #expect(numeric.isClose(to: p.map { 3 * $0 * $0 }, tolerance: 1e-8))
    }

    @Test func relativeErrorDefinition() {
        let a = Matrix(row: [3, 4]), b = Matrix(row: [3, 4.5])
        #expect(GradientCheck.relativeError(a, b) == 0.5 / (5 + b.norm()))
        #expect(GradientCheck.relativeError(.zeros(2, 2), .zeros(2, 2)) == 0)  // both zero
        #expect(GradientCheck.relativeError(a, -a) == 1)  // opposite: the largest possible
    }

    @Test func checkCatchesAWrongGradient() {
        var rng = RandomSource(seed: 10)
        let layer = Linear(inputSize: 3, outputSize: 2, using: &rng)
        let x = Matrix.normal(4, 3, using: &rng), y = Matrix.normal(4, 2, using: &rng)
        var (grads, _) = layer.backward(mseLoss(layer.forward(x), y).grad, input: x)
        grads.values[1] = grads.values[1] * 2  // a bias gradient off by a factor of 2
        let report = GradientCheck.check(layer, analytic: grads) { mseLoss($0.forward(x), y).loss }
        #expect(report.map(\.name) == ["weight", "bias"])
        #expect(report[0].relativeError < 1e-7)
        #expect(report[1].relativeError > 0.3)  // |2g − g| / (|2g| + |g|) = 1/3
    }

    @Test func numericGradientsOverSeveralMatrices() {
        let ps = [Matrix(row: [1, 2]), Matrix(row: [3])]
        // L = p₀₀ p₁₀ + p₀₁²: gradients [p₁₀, 2 p₀₁] and [p₀₀].
        let grads = GradientCheck.numericGradients(at: ps) { m in m[0][0, 0] * m[1][0, 0] + m[0][0, 1] * m[0][0, 1] }
        #expect(grads[0].isClose(to: Matrix(row: [3, 4]), tolerance: 1e-8))
        #expect(grads[1].isClose(to: Matrix(row: [1]), tolerance: 1e-8))
    }
}
