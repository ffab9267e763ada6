import Testing

@testable import RNNKit

@Suite struct RNNTests {
    // A one-unit RNN worked by hand (and in Python, same formulas, printed with repr):
    //   w_ih = 0.5, w_hh = −0.8, b_ih = 0.1, b_hh = −0.2, h₋₁ = 0.3, x = [1, −0.5, 2],
    //   hₜ = tanh(0.5 xₜ + 0.1 − 0.8 hₜ₋₁ − 0.2),
    //   L = Σₜ ½ (hₜ − yₜ)² with y = [0.2, −0.1, 0.6], so ∂L/∂hₜ from the loss is hₜ − yₜ.
    let rnn = RNN(
        weightIH: Matrix([[0.5]]), weightHH: Matrix([[-0.8]]), biasIH: Matrix([[0.1]]), biasHH: Matrix([[-0.2]]))
    let xs = [1.0, -0.5, 2.0].map { Matrix([[$0]]) }
    let h0 = Matrix([[0.3]])
    let ys = [0.2, -0.1, 0.6]

    @Test func handWorkedForward() {
        let (hs, final, _) = rnn.forward(xs, initial: h0)
        // h₀ = tanh(0.5 + 0.1 − 0.24 − 0.2) = tanh(0.16) = 0.1586485042974989
        // h₁ = tanh(−0.25 + 0.1 − 0.8·0.15865 − 0.2) = −0.4437725929692933
        // h₂ = tanh(1 + 0.1 + 0.8·0.44377 − 0.2) = 0.849684806435087
        let expected = [0.1586485042974989, -0.4437725929692933, 0.849684806435087]
        for (h, e) in zip(hs, expected) { #expect(abs(h[0, 0] - e) < 1e-15) }
        #expect(final == hs[2])
    }

    @Test func handWorkedBackward() {
        let (hs, _, cache) = rnn.forward(xs, initial: h0)
        let dhs = hs.indices.map { t in Matrix([[hs[t][0, 0] - ys[t]]]) }
        let trace = rnn.backwardTrace(dhs, dFinal: nil, cache: cache)
        // Total ∂L/∂hₜ, last step first: ∂L/∂h₂ = h₂ − y₂; ∂L/∂h₁ = (h₁ − y₁) + ∂L/∂a₂ · w_hh; ...
        let dh = [0.2151860582029215, -0.3993096308537098, 0.24968480643508706]
        // ∂L/∂aₜ = ∂L/∂hₜ (1 − hₜ²)
        let da = [0.2097699654373754, -0.32067194238177826, 0.06942129735552063]
        for t in 0..<3 {
            #expect(abs(trace.dh[t][0, 0] - dh[t]) < 1e-15)
            #expect(abs(trace.dPreactivation[t][0, 0] - da[t]) < 1e-15)
        }
        let g = trace.gradients
        #expect(abs(g.parameters.values[0][0, 0] - 0.5089485313393057) < 1e-15)  // Σ ∂L/∂aₜ xₜ
        #expect(abs(g.parameters.values[1][0, 0] - -0.01875040353258199) < 1e-15)  // Σ ∂L/∂aₜ hₜ₋₁
        #expect(abs(g.parameters.values[2][0, 0] - -0.04148067958888221) < 1e-15)  // Σ ∂L/∂aₜ
        #expect(g.parameters.values[2] == g.parameters.values[3])  // b_ih and b_hh: the same gradient
        #expect(abs(g.initial[0, 0] - -0.1678159723499003) < 1e-15)  // ∂L/∂a₀ · w_hh
        let dx = [0.1048849827186877, -0.16033597119088913, 0.03471064867776032]  // ∂L/∂aₜ · w_ih
        for t in 0..<3 { #expect(abs(g.inputs[t][0, 0] - dx[t]) < 1e-15) }
        // The dW_hh above agrees with a 50-digit numeric derivative (mpmath): −0.018750403532581999…
    }

    @Test func stepContributionsSumToTheGradient() {
        var rng = RandomSource(seed: 12)
        let layer = RNN(inputSize: 3, hiddenSize: 4, using: &rng)
        let seq = (0..<6).map { _ in Matrix.normal(2, 3, using: &rng) }
        let (hs, _, cache) = layer.forward(seq)
        let dhs = hs.map { _ in Matrix.normal(2, 4, using: &rng) }
        let trace = layer.backwardTrace(dhs, dFinal: nil, cache: cache)
        for i in 0..<4 {
            var sum = Matrix.zeros(layer.parameters[i].rows, layer.parameters[i].cols)
            for c in trace.stepContributions { sum.add(c.values[i]) }
            #expect(sum.isClose(to: trace.gradients.parameters.values[i], tolerance: 1e-12))
        }
        // backward and backwardTrace give the same gradients.
        let plain = layer.backward(dhs, dFinal: nil, cache: cache)
        for (a, b) in zip(plain.parameters.values, trace.gradients.parameters.values) { #expect(a == b) }
    }

    @Test func pytorchLayoutNamesAndInitialization() {
        var rng = RandomSource(seed: 13)
        let layer = RNN(inputSize: 3, hiddenSize: 16, using: &rng)
        #expect(layer.parameterNames == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(layer.weightIH.rows == 16 && layer.weightIH.cols == 3)
        #expect(layer.weightHH.rows == 16 && layer.weightHH.cols == 16)
        #expect(layer.biasIH.rows == 1 && layer.biasHH.cols == 16)
        #expect(layer.parameters.allSatisfy { $0.maxAbs() <= 0.25 })  // ±1/√16
        #expect(layer.parameterCount == 16 * 3 + 16 * 16 + 16 + 16)
    }

    @Test func forwardMatchesTheStepByStepFormula() {
        var rng = RandomSource(seed: 14)
        let layer = RNN(inputSize: 2, hiddenSize: 3, using: &rng)
        let seq = (0..<4).map { _ in Matrix.normal(5, 2, using: &rng) }
        let start = Matrix.normal(5, 3, using: &rng)
        var h = start
        let (hs, _, _) = layer.forward(seq, initial: start)
        for t in 0..<4 {
            let a = seq[t].matmul(layer.weightIH.T) + layer.biasIH + h.matmul(layer.weightHH.T) + layer.biasHH
            h = tanh(a)
            #expect(hs[t].isClose(to: h, tolerance: 1e-14))
        }
    }
}
