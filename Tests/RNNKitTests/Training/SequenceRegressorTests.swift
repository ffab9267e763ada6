import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite("SequenceRegressor")
struct SequenceRegressorTests {
    static func sequence(_ steps: Int, _ batch: Int, _ input: Int, using rng: inout RandomSource) -> [Matrix] {
        (0..<steps).map { _ in Matrix.uniform(batch, input, -1, 1, using: &rng) }
    }

    @Test("many-to-one: the gradient of every parameter, layer and head, passes the gradient check (LSTM, GRU, RNN)")
    func manyToOneGradientCheck() {
        var rng = RandomSource(seed: 7)
        let xs = Self.sequence(5, 3, 2, using: &rng)
        let target = Matrix.uniform(3, 2, -1, 1, using: &rng)
        func checkAll<L: RecurrentLayer>(_ model: SequenceRegressor<L>) {
            let (loss, grads) = model.lossAndGradients(xs, target: target)
            #expect(abs(loss - mseLoss(model.predict(xs), target).loss) < 1e-15)
            for (name, error) in GradientCheck.check(model, analytic: grads, loss: { mseLoss($0.predict(xs), target).loss }) {
                #expect(error < 1e-7, "\(L.self) \(name): \(error)")
            }
        }
        checkAll(SequenceRegressor(layer: LSTM(inputSize: 2, hiddenSize: 4, using: &rng), outputSize: 2, using: &rng))
        checkAll(SequenceRegressor(layer: GRU(inputSize: 2, hiddenSize: 4, using: &rng), outputSize: 2, using: &rng))
        checkAll(SequenceRegressor(layer: RNN(inputSize: 2, hiddenSize: 4, using: &rng), outputSize: 2, using: &rng))
    }

    @Test("many-to-many: the mean over steps of the squared errors, its gradient checked, from a given initial state")
    func manyToManyGradientCheck() {
        var rng = RandomSource(seed: 8)
        let (steps, batch) = (6, 2)
        let xs = Self.sequence(steps, batch, 1, using: &rng)
        let targets = Self.sequence(steps, batch, 1, using: &rng)
        let gru = GRU(inputSize: 1, hiddenSize: 3, using: &rng)
        let h0 = Matrix.uniform(batch, 3, -1, 1, using: &rng)
        let model = SequenceRegressor(layer: gru, using: &rng)
        func loss(_ m: SequenceRegressor<GRU>) -> Double {
            let predictions = m.predictEveryStep(xs, initial: h0).predictions
            var sum = 0.0
            for t in 0..<steps { sum += mseLoss(predictions[t], targets[t]).loss }
            return sum / Double(steps)  // every step has the same batch: the mean of the means
        }
        let (l, grads, final) = model.lossAndGradients(xs, stepTargets: targets, initial: h0)
        #expect(abs(l - loss(model)) < 1e-14)
        #expect(final == gru.forward(xs, initial: h0).final)
        for (name, error) in GradientCheck.check(model, analytic: grads, loss: loss) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
    }

    @Test("parameters: the layer's then the head's, named; setting them writes both back")
    func parameterLayout() {
        var rng = RandomSource(seed: 9)
        var model = SequenceRegressor(layer: LSTM(inputSize: 2, hiddenSize: 3, using: &rng), using: &rng)
        #expect(
            model.parameterNames == [
                "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.weight", "head.bias",
            ])
        #expect(model.parameterCount == 4 * 3 * (2 + 3 + 2) + 3 + 1)
        var p = model.parameters
        p[5] = Matrix([[0.25]])
        p[1] = p[1] * 2
        model.parameters = p
        #expect(model.head.bias == Matrix([[0.25]]))
        #expect(model.layer.weightHH == p[1])
    }

    @Test("trainStep with Adam lowers the loss of a fixed batch, in both modes")
    func trainingLowersTheLoss() {
        var rng = RandomSource(seed: 10)
        let (xs, target) = addingProblem(count: 16, length: 6, using: &rng)
        var model = SequenceRegressor(layer: LSTM(inputSize: 2, hiddenSize: 8, using: &rng), using: &rng)
        var adam = Adam(learningRate: 0.01)
        let first = model.trainStep(xs, target: target, optimizer: &adam, maxGradientNorm: 1)
        for _ in 0..<100 { model.trainStep(xs, target: target, optimizer: &adam, maxGradientNorm: 1) }
        #expect(model.lossAndGradients(xs, target: target).loss < 0.2 * first)

        let series = (0..<21).map { t in Matrix([[sin(Double(t) * 0.5)]]) }
        let inputs = Array(series[..<20]), next = Array(series[1...])
        var forecaster = SequenceRegressor(layer: GRU(inputSize: 1, hiddenSize: 8, using: &rng), using: &rng)
        var adam2 = Adam(learningRate: 0.01)
        let start = forecaster.trainStep(inputs, stepTargets: next, optimizer: &adam2).loss
        for _ in 0..<100 { forecaster.trainStep(inputs, stepTargets: next, optimizer: &adam2) }
        #expect(forecaster.lossAndGradients(inputs, stepTargets: next).loss < 0.1 * start)
    }
}
