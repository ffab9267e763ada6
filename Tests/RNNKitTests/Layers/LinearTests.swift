import Testing

@testable import RNNKit

@Suite struct LinearTests {
    @Test func forwardIsXTimesWTransposePlusB() {
        let layer = Linear(weight: Matrix([[1, 2, 3], [-1, 0, 2]]), bias: Matrix(row: [0.5, -1]))
        let x = Matrix([[1, 1, 1], [2, 0, -1]])
        // Row 1: [1+2+3+0.5, -1+0+2-1] = [6.5, 0]; row 2: [2-3+0.5, -2-2-1] = [-0.5, -5].
        #expect(layer.forward(x) == Matrix([[6.5, 0], [-0.5, -5]]))
    }

    @Test func initializationIsUniformWithinOneOverRootIn() {
        var rng = RandomSource(seed: 3)
        let layer = Linear(inputSize: 16, outputSize: 50, using: &rng)
        #expect(layer.weight.rows == 50 && layer.weight.cols == 16 && layer.bias.rows == 1 && layer.bias.cols == 50)
        #expect(layer.weight.maxAbs() <= 0.25 && layer.bias.maxAbs() <= 0.25)
        #expect(layer.weight.maxAbs() > 0.24)  // it fills the range
        #expect(layer.parameterNames == ["weight", "bias"])
    }

    @Test func gradientsPassTheCheck() {
        var rng = RandomSource(seed: 4)
        let layer = Linear(inputSize: 5, outputSize: 3, using: &rng)
        let x = Matrix.normal(4, 5, using: &rng), y = Matrix.normal(4, 3, using: &rng)
        let (_, dy) = mseLoss(layer.forward(x), y)
        let (grads, dx) = layer.backward(dy, input: x)
        for (name, error) in GradientCheck.check(layer, analytic: grads, loss: { mseLoss($0.forward(x), y).loss }) {
            #expect(error < 1e-7, "\(name)")
        }
        let numericDx = GradientCheck.numericGradient(at: x) { mseLoss(layer.forward($0), y).loss }
        #expect(GradientCheck.relativeError(dx, numericDx) < 1e-7)
    }

    @Test func settingParametersWritesThemBack() {
        var rng = RandomSource(seed: 5)
        var layer = Linear(inputSize: 2, outputSize: 2, using: &rng)
        layer.parameters = [Matrix.identity(2), Matrix(row: [1, 2])]
        #expect(layer.weight == Matrix.identity(2) && layer.bias == Matrix(row: [1, 2]))
    }
}
