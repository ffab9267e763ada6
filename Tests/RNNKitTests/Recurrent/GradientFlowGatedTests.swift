import Testing

@testable import RNNKit

@Suite("gradientFlow for any recurrent layer")
struct GradientFlowGatedTests {
    static let xs = (0..<12).map { t in Matrix([[Double(t % 4) * 0.3 - 0.5, Double(t % 3) * 0.2]]) }

    @Test("for the RNN, the backward-pass probe equals the product of Jacobians")
    func agreesWithTheRNNProbe() {
        var rng = RandomSource(seed: 3)
        let rnn = RNN(inputSize: 2, hiddenSize: 5, using: &rng)
        let direct = gradientFlow(rnn, inputs: Self.xs)
        let probed = gradientFlow(rnn, inputs: Self.xs, initial: nil) { (h: Matrix) in h }
        #expect(direct.map(\.stepsBack) == probed.map(\.stepsBack))
        for (a, b) in zip(direct, probed) { #expect(abs(a.norm - b.norm) <= 1e-12 * a.norm, "s = \(a.stepsBack)") }
    }

    @Test("LSTM, one step back along the cell: ∂h_T/∂c_{T-1} = diag(o_T (1 − tanh² c_T) f_T)")
    func oneStepAlongTheCell() {
        var rng = RandomSource(seed: 4)
        let lstm = LSTM(inputSize: 2, hiddenSize: 4, using: &rng)
        let (_, _, cache) = lstm.forward(Self.xs)
        let last = cache.steps - 1
        let g = cache.gates(at: last)
        let diagonal = g.o * tanhDerivative(fromOutput: cache.tanhCs[last]) * g.f  // (1 × hidden)
        let expected = diagonal.storage.map { abs($0) }.max()!  // the spectral norm of a diagonal matrix
        let flow = gradientFlow(lstm, inputs: Self.xs, part: .cell)
        #expect(abs(flow[0].norm - expected) < 1e-12)
    }

    @Test("LSTM: the probe's Jacobian matches central differences at every distance (Frobenius norms)")
    func lstmMatchesFiniteDifferences() {
        var rng = RandomSource(seed: 5)
        let lstm = LSTM(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = Array(Self.xs[..<6])
        let flow = gradientFlow(lstm, inputs: xs, part: .both, norm: .frobenius)
        for k in 0..<xs.count {
            // The state after k steps, then ∂h_last/∂(h_k, c_k) numerically, one output unit at a time.
            let start = k == 0 ? lstm.zeroState(batch: 1) : lstm.forward(Array(xs[..<k])).final
            let rest = Array(xs[k...])
            var squares = 0.0
            for j in 0..<3 {
                let dh = GradientCheck.numericGradient(at: start.h) {
                    lstm.forward(rest, initial: LSTMState(h: $0, c: start.c)).final.h[0, j]
                }
                let dc = GradientCheck.numericGradient(at: start.c) {
                    lstm.forward(rest, initial: LSTMState(h: start.h, c: $0)).final.h[0, j]
                }
                squares += dh.norm() * dh.norm() + dc.norm() * dc.norm()
            }
            let numeric = squares.squareRoot()
            #expect(abs(flow[xs.count - 1 - k].norm - numeric) < 1e-8 * numeric, "k = \(k)")
        }
    }

    @Test("GRU: one step back, the Jacobian is computed from the gates (checked against central differences)")
    func gruOneStep() {
        var rng = RandomSource(seed: 6)
        let gru = GRU(inputSize: 2, hiddenSize: 3, using: &rng)
        let xs = Array(Self.xs[..<4])
        let h2 = gru.forward(Array(xs[..<3])).final
        var squares = 0.0
        for j in 0..<3 {
            let d = GradientCheck.numericGradient(at: h2) { gru.forward([xs[3]], initial: $0).final[0, j] }
            squares += d.norm() * d.norm()
        }
        let flow = gradientFlow(gru, inputs: xs, norm: .frobenius)
        #expect(abs(flow[0].norm - squares.squareRoot()) < 1e-8 * flow[0].norm)
        #expect(flow.count == 4)
    }
}
