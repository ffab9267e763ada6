import Testing

@testable import RNNKit

@Suite struct OptimizerTests {
    // Both optimizers start from θ = [1, −2] and see g₁ = [0.5, −1], then g₂ = [0.2, 0.4].
    let g1 = Gradients([Matrix(row: [0.5, -1])])
    let g2 = Gradients([Matrix(row: [0.2, 0.4])])

    @Test func plainSGD() {
        var opt = SGD(learningRate: 0.1)
        var params = [Matrix(row: [1, -2])]
        opt.step(&params, g1)  // θ − 0.1 g₁ = [0.95, −1.9]
        #expect(params[0].isClose(to: Matrix(row: [0.95, -1.9]), tolerance: 1e-15))
    }

    @Test func sgdWithMomentumTwoStepsByHand() {
        var opt = SGD(learningRate: 0.1, momentum: 0.9)
        var params = [Matrix(row: [1, -2])]
        // Step 1: v = g₁ = [0.5, −1] (PyTorch's first step copies the gradient);
        //         θ = [1, −2] − 0.1 [0.5, −1] = [0.95, −1.9].
        opt.step(&params, g1)
        #expect(params[0].isClose(to: Matrix(row: [0.95, -1.9]), tolerance: 1e-15))
        // Step 2: v = 0.9 [0.5, −1] + [0.2, 0.4] = [0.65, −0.5];
        //         θ = [0.95, −1.9] − 0.1 [0.65, −0.5] = [0.885, −1.85].
        opt.step(&params, g2)
        #expect(params[0].isClose(to: Matrix(row: [0.885, -1.85]), tolerance: 1e-15))
        #expect(opt.velocities[0].isClose(to: Matrix(row: [0.65, -0.5]), tolerance: 1e-15))
    }

    @Test func adamTwoStepsByHand() {
        var opt = Adam(learningRate: 0.1)
        var params = [Matrix(row: [1, -2])]
        // Step 1: m = 0.1 g₁ = [0.05, −0.1], v = 0.001 g₁² = [0.00025, 0.001];
        //   1 − β₁ = 0.1 and 1 − β₂ = 0.001 undo the zero start exactly: m̂ = g₁, √v̂ = |g₁|,
        //   so θ moves by η · g/(|g| + ε) = ±0.1 (less a hair from ε = 1e-8):
        //   θ = [1 − 0.05/(0.5 + 1e-8), −2 + 0.1/(1 + 1e-8)] = [0.900000002, −1.900000001].
        opt.step(&params, g1)
        #expect(abs(params[0][0, 0] - 0.900000002) < 1e-15)
        #expect(abs(params[0][0, 1] - -1.900000001) < 1e-15)
        // Step 2: m = 0.9 m + 0.1 g₂ = [0.065, −0.05], v = 0.999 v + 0.001 g₂² = [0.00028975, 0.001159],
        //   θ −= (0.1 / (1 − 0.9²)) · m / (√v / √(1 − 0.999²) + 1e-8)
        //   = [0.8101424839029282, −1.865439416662626] (same formula in NumPy).
        opt.step(&params, g2)
        #expect(opt.firstMoments[0].isClose(to: Matrix(row: [0.065, -0.05]), tolerance: 1e-15))
        #expect(opt.secondMoments[0].isClose(to: Matrix(row: [0.00028975, 0.001159]), tolerance: 1e-14))
        #expect(abs(params[0][0, 0] - 0.8101424839029282) < 1e-14)
        #expect(abs(params[0][0, 1] - -1.865439416662626) < 1e-14)
        #expect(opt.stepCount == 2)
    }

    @Test func optimizersMinimizeAQuadratic() {
        // L(θ) = ‖θ − c‖², gradient 2(θ − c): both should reach c.
        let c = Matrix(row: [3, -1, 0.5])
        var sgd = SGD(learningRate: 0.05, momentum: 0.9), adam = Adam(learningRate: 0.05)
        var a = [Matrix.zeros(1, 3)], b = [Matrix.zeros(1, 3)]
        for _ in 0..<500 {
            sgd.step(&a, Gradients([(a[0] - c) * 2]))
            adam.step(&b, Gradients([(b[0] - c) * 2]))
        }
        #expect(a[0].isClose(to: c, tolerance: 1e-6))
        #expect(b[0].isClose(to: c, tolerance: 1e-3))
    }
}
