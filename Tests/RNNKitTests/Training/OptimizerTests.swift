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

    // The values below are torch.optim.Adam / AdamW's (PyTorch 2.15, float64) on the same two
    // steps, lr 0.1, weight decay 0.5; the NumPy transcription of their formulas gives them too.

    @Test func adamWithL2WeightDecayAddsLambdaThetaToTheGradient() {
        var opt = Adam(learningRate: 0.1, weightDecay: 0.5)
        var params = [Matrix(row: [1, -2])]
        // Step 1: g = g₁ + 0.5 θ = [1, −2]: the moments see it, and the first step is again ±η.
        opt.step(&params, g1)
        #expect(abs(params[0][0, 0] - 0.900000001) < 1e-15 && abs(params[0][0, 1] - -1.9000000005) < 1e-15)
        opt.step(&params, g2)
        #expect(abs(params[0][0, 0] - 0.8032588930021828) < 1e-14 && abs(params[0][0, 1] - -1.8156544475106569) < 1e-14)
        #expect(abs(opt.firstMoments[0][0, 0] - 0.15500000005) < 1e-15)  // m = 0.9·0.1 + 0.1·(g₂ + λθ₁) = 0.09 + 0.1·0.6500000005
    }

    @Test func adamWShrinksTheWeightsBeforeTheStep() {
        var opt = Adam.adamW(learningRate: 0.1, weightDecay: 0.5)
        #expect(opt.decoupledWeightDecay && Adam.adamW().weightDecay == 0.01)  // PyTorch's AdamW default
        var params = [Matrix(row: [1, -2])]
        // Step 1: θ (1 − 0.1·0.5) = [0.95, −1.9], then the plain Adam step of ±0.1.
        opt.step(&params, g1)
        #expect(abs(params[0][0, 0] - 0.8500000019999999) < 1e-15 && abs(params[0][0, 1] - -1.800000001) < 1e-15)
        opt.step(&params, g2)
        #expect(abs(params[0][0, 0] - 0.7176424838029282) < 1e-14 && abs(params[0][0, 1] - -1.6754394166126259) < 1e-14)
        // The moments saw the raw gradients: decoupled decay never enters them.
        #expect(opt.firstMoments[0].isClose(to: Matrix(row: [0.065, -0.05]), tolerance: 1e-15))
    }

    @Test func parameterGroupsHaveTheirOwnLearningRateAndDecay() {
        let names = ["weight", "bias"]
        let noDecayOnBias = Adam.ParameterGroup(names, where: { $0.hasPrefix("bias") }, learningRate: 0.01, weightDecay: 0)
        #expect(noDecayOnBias.indices == [1])
        var opt = Adam.adamW(learningRate: 0.1, weightDecay: 0.5, groups: [noDecayOnBias])
        var params = [Matrix(row: [1, -2]), Matrix(row: [0.5])]
        opt.step(&params, Gradients([Matrix(row: [0.5, -1]), Matrix(row: [0.3])]))
        opt.step(&params, Gradients([Matrix(row: [0.2, 0.4]), Matrix(row: [-0.1])]))
        // torch.optim.AdamW([{params: [w]}, {params: [b], lr: 0.01, weight_decay: 0}], lr=0.1, weight_decay=0.5)
        #expect(abs(params[0][0, 0] - 0.7176424838029282) < 1e-14 && abs(params[0][0, 1] - -1.6754394166126259) < 1e-14)
        #expect(abs(params[1][0, 0] - 0.48599781479280807) < 1e-15)
        // Without weight decay and groups, the update is the plain one, bit for bit.
        var plain = Adam(learningRate: 0.1), zeroDecay = Adam(learningRate: 0.1, weightDecay: 0)
        zeroDecay.groups = [Adam.ParameterGroup(indices: [0])]
        var a = [Matrix(row: [1, -2])], b = a
        plain.step(&a, g1)
        zeroDecay.step(&b, g1)
        #expect(a == b)
    }
}
