import Testing

@testable import RNNKit

@Suite("MLP")
struct MLPTests {
    @Test("forward is Linear → ReLU → Linear → ReLU → Linear")
    func forwardComposition() {
        var rng = RandomSource(seed: 6)
        let mlp = MLP(inputSize: 4, hiddenSizes: (8, 5), outputSize: 2, using: &rng)
        let x = Matrix.uniform(3, 4, -1, 1, using: &rng)
        let byHand = mlp.layer3.forward(relu(mlp.layer2.forward(relu(mlp.layer1.forward(x)))))
        #expect(mlp.predict(x) == byHand)
        #expect(byHand.shape == (3, 2))
    }

    @Test("gradient check: every parameter and the input (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 7)
        let mlp = MLP(inputSize: 4, hiddenSizes: (6, 5), outputSize: 2, using: &rng)
        let x = Matrix.uniform(5, 4, -1, 1, using: &rng)
        let target = Matrix.uniform(5, 2, -1, 1, using: &rng)
        let (y, cache) = mlp.forward(x)
        let (_, dy) = mseLoss(y, target)
        let (grads, dx) = mlp.backward(dy, cache: cache)
        // Some units must be off, or the ReLUs' backward is not exercised.
        #expect(cache.a1.storage.contains { $0 < 0 } && cache.a2.storage.contains { $0 < 0 })
        let errors = GradientCheck.check(mlp, analytic: grads) { mseLoss($0.predict(x), target).loss }
        #expect(errors.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        for (name, error) in errors { #expect(error < 1e-7, "\(name): \(error)") }
        let numeric = GradientCheck.numericGradient(at: x) { mseLoss(mlp.predict($0), target).loss }
        #expect(GradientCheck.relativeError(dx, numeric) < 1e-7)
    }

    @Test("parameters round trip through the setter, in layer order")
    func parameters() {
        var rng = RandomSource(seed: 8)
        var mlp = MLP(inputSize: 3, hiddenSizes: (4, 4), outputSize: 1, using: &rng)
        #expect(mlp.parameterCount == (3 * 4 + 4) + (4 * 4 + 4) + (4 + 1))
        var p = mlp.parameters
        p[4] = p[4] * 3
        mlp.parameters = p
        #expect(mlp.layer3.weight == p[4])
    }
}
