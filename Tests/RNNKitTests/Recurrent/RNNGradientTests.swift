import Testing

@testable import RNNKit

/// An RNN with a linear head, as one value with one parameter list, for the gradient checker.
struct RNNWithHead: Parameterized {
    var rnn: RNN
    var head: Linear
    var parameters: [Matrix] {
        get { rnn.parameters + head.parameters }
        set {
            rnn.parameters = Array(newValue[0..<4])
            head.parameters = Array(newValue[4...])
        }
    }
    var parameterNames: [String] { rnn.parameterNames + head.parameterNames.map { "head." + $0 } }

    /// Many-to-many: the head reads every step, L = (1/T) Σₜ MSE(head(hₜ), yₜ).
    func manyToMany(_ xs: [Matrix], _ h0: Matrix, _ ys: [Matrix]) -> (loss: Double, grads: Gradients, dxs: [Matrix], dh0: Matrix) {
        let (hs, _, cache) = rnn.forward(xs, initial: h0)
        var loss = 0.0
        var headGrads = Gradients.zeros(like: head.parameters)
        var dhs: [Matrix] = []
        let steps = Double(xs.count)
        for t in hs.indices {
            let (l, dy) = mseLoss(head.forward(hs[t]), ys[t])
            loss += l / steps
            let (g, dh) = head.backward(dy * (1 / steps), input: hs[t])  // through the head
            for i in headGrads.values.indices { headGrads.values[i].add(g.values[i]) }  // shared across steps
            dhs.append(dh)  // ∂L/∂hₜ from step t's loss
        }
        let back = rnn.backward(dhs, dFinal: nil, cache: cache)
        return (loss, back.parameters + headGrads, back.inputs, back.initial)
    }

    /// Many-to-one: the head reads the final state only. `viaFinal` passes the gradient as dFinal
    /// instead of as the last entry of dhs: both must agree.
    func manyToOne(_ xs: [Matrix], _ h0: Matrix, _ y: Matrix, viaFinal: Bool = false)
        -> (loss: Double, grads: Gradients, dxs: [Matrix], dh0: Matrix)
    {
        let (_, final, cache) = rnn.forward(xs, initial: h0)
        let (loss, dy) = mseLoss(head.forward(final), y)
        let (headGrads, dh) = head.backward(dy, input: final)
        let zero = Matrix.zeros(h0.rows, h0.cols)
        let back =
            viaFinal
            ? rnn.backward([], dFinal: dh, cache: cache)
            : rnn.backward(Array(repeating: zero, count: xs.count - 1) + [dh], dFinal: nil, cache: cache)
        return (loss, back.parameters + headGrads, back.inputs, back.initial)
    }
}

@Suite struct RNNGradientTests {
    static func setUp() -> (RNNWithHead, [Matrix], Matrix, [Matrix]) {
        var rng = RandomSource(seed: 21)
        let model = RNNWithHead(
            rnn: RNN(inputSize: 3, hiddenSize: 4, using: &rng), head: Linear(inputSize: 4, outputSize: 2, using: &rng))
        let xs = (0..<5).map { _ in Matrix.normal(2, 3, using: &rng) }
        let h0 = Matrix.normal(2, 4, std: 0.5, using: &rng)
        let ys = (0..<5).map { _ in Matrix.normal(2, 2, using: &rng) }
        return (model, xs, h0, ys)
    }

    @Test func manyToManyPassesTheGradientCheck() {
        let (model, xs, h0, ys) = Self.setUp()
        let (_, grads, dxs, dh0) = model.manyToMany(xs, h0, ys)
        for (name, error) in GradientCheck.check(model, analytic: grads, loss: { $0.manyToMany(xs, h0, ys).loss }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let numericXs = GradientCheck.numericGradients(at: xs) { model.manyToMany($0, h0, ys).loss }
        for t in xs.indices { #expect(GradientCheck.relativeError(dxs[t], numericXs[t]) < 1e-7, "x[\(t)]") }
        let numericH0 = GradientCheck.numericGradient(at: h0) { model.manyToMany(xs, $0, ys).loss }
        #expect(GradientCheck.relativeError(dh0, numericH0) < 1e-7)
    }

    @Test func manyToOnePassesTheGradientCheck() {
        let (model, xs, h0, ys) = Self.setUp()
        let y = ys[0]
        let (_, grads, dxs, dh0) = model.manyToOne(xs, h0, y)
        for (name, error) in GradientCheck.check(model, analytic: grads, loss: { $0.manyToOne(xs, h0, y).loss }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let numericXs = GradientCheck.numericGradients(at: xs) { model.manyToOne($0, h0, y).loss }
        for t in xs.indices { #expect(GradientCheck.relativeError(dxs[t], numericXs[t]) < 1e-7, "x[\(t)]") }
        let numericH0 = GradientCheck.numericGradient(at: h0) { model.manyToOne(xs, $0, y).loss }
        #expect(GradientCheck.relativeError(dh0, numericH0) < 1e-7)
        // The same gradient arrives through dFinal.
        let viaFinal = model.manyToOne(xs, h0, y, viaFinal: true)
        for (a, b) in zip(grads.values, viaFinal.grads.values) { #expect(a.isClose(to: b, tolerance: 1e-15)) }
        #expect(dh0.isClose(to: viaFinal.dh0, tolerance: 1e-15))
    }
}
