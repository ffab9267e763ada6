import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ActivationTests {
    @Test func sigmoidIsStableAtBothEnds() {
        #expect(sigmoid(0.0) == 0.5)
        #expect(sigmoid(-800.0) >= 0 && sigmoid(-800.0) < 1e-300)  // no 0/inf, no NaN
        #expect(sigmoid(800.0) == 1)
        #expect(abs(sigmoid(2.0) - 1 / (1 + exp(-2.0))) < 1e-16)
        #expect(abs(sigmoid(-3.0) + sigmoid(3.0) - 1) < 1e-15)  // σ(−x) = 1 − σ(x)
        #expect(!sigmoid(Matrix(row: [-1000, 0, 1000])).hasNonFinite)
    }

    @Test func derivativesFromTheOutputMatchCentralDifferences() {
        let xs = Matrix(row: [-2.5, -0.3, 0.0, 0.7, 3.1])
        let h = 1e-6
        let dSigmoid = sigmoidDerivative(fromOutput: sigmoid(xs))
        let dTanh = tanhDerivative(fromOutput: tanh(xs))
        for j in 0..<xs.cols {
            let x = xs[0, j]
            #expect(abs(dSigmoid[0, j] - (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)) < 1e-9)
            #expect(abs(dTanh[0, j] - (tanh(x + h) - tanh(x - h)) / (2 * h)) < 1e-9)
        }
        #expect(sigmoidDerivative(fromOutput: sigmoid(0.0)) == 0.25)  // the largest value, at 0
        #expect(tanhDerivative(fromOutput: 0.0) == 1)
    }

    @Test func reluAndItsDerivative() {
        let x = Matrix(row: [-2, 0, 3])
        #expect(relu(x) == Matrix(row: [0, 0, 3]))
        #expect(reluDerivative(x) == Matrix(row: [0, 0, 1]))  // 0 at 0, like PyTorch
        #expect(relu(-1.5) == 0 && relu(1.5) == 1.5 && reluDerivative(2.0) == 1)
    }
}
