import Testing

@testable import RNNKit

@Suite struct GradientFlowTests {
    static func layer(spectralRadius rho: Double) -> RNN {
        var rng = RandomSource(seed: 41)
        var rnn = RNN(inputSize: 1, hiddenSize: 8, using: &rng)
        rnn.weightHH = Matrix.normal(8, 8, using: &rng).scaledToSpectralRadius(rho)
        return rnn
    }

    static let xs = (0..<20).map { t in Matrix([[Double(t % 5) * 0.2 - 0.4]]) }

    @Test func withoutTanhItIsThePowerOfWhh() {
        let rnn = Self.layer(spectralRadius: 1.1)
        let flow = gradientFlow(rnn, inputs: Self.xs, withTanh: false)
        #expect(flow.map(\.stepsBack) == Array(1...20))
        var power = Matrix.identity(8)
        for (s, norm) in flow {
            power = power.matmul(rnn.weightHH)  // W_hhˢ
            #expect(abs(norm - power.singularValues()[0]) <= 1e-12 * norm, "s = \(s)")
        }
        let frobenius = gradientFlow(rnn, inputs: Self.xs, withTanh: false, norm: .frobenius)
        #expect(abs(frobenius[19].norm - power.norm()) <= 1e-12 * power.norm())
    }

    @Test func theFirstStepIsDiagOneMinusHSquaredTimesWhh() {
        let rnn = Self.layer(spectralRadius: 0.9)
        let hs = rnn.forward(Self.xs).hs
        let jacobian = tanhDerivative(fromOutput: hs[19]).T * rnn.weightHH  // row i scaled by 1 − h²ᵢ
        let flow = gradientFlow(rnn, inputs: Self.xs)
        #expect(abs(flow[0].norm - jacobian.largestSingularValue()) < 1e-13)
    }

    @Test func theTanhOnlyShrinksTheBound() {
        for rho in [0.5, 1.0, 1.5] {
            let rnn = Self.layer(spectralRadius: rho)
            let sigma = rnn.weightHH.largestSingularValue()
            var bound = 1.0
            for (_, norm) in gradientFlow(rnn, inputs: Self.xs) {
                bound *= sigma  // ‖Π Dₜ W‖ ≤ Π ‖Dₜ‖ ‖W‖ ≤ σ₁ˢ, since every ‖Dₜ‖ ≤ 1
                #expect(norm <= bound * (1 + 1e-12))
            }
        }
        // ρ = 0.5: the influence of 20 steps back has all but vanished.
        #expect(gradientFlow(Self.layer(spectralRadius: 0.5), inputs: Self.xs).last!.norm < 1e-4)
    }
}
