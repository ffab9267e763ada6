// The LSTM as its chapter writes it: one step forward, one line per equation, and its backward
// right under it. `forward` and `backward` compute the same by the kernel in
// `Kernels/LSTMKernel.swift`; a test holds the two equal.

extension LSTM: SteppedRecurrentLayer {
    /// What one step keeps for its backward pass, each `(batch × hidden)` but x `(batch × input)`.
    public struct StepCache: Sendable {
        /// x_t, the step's input.
        public let x: Matrix
        /// h_{t-1} and c_{t-1}, the state the step started from.
        public let hPrev: Matrix
        public let cPrev: Matrix
        /// The gates: input i, forget f, candidate g, output o.
        public let i: Matrix
        public let f: Matrix
        public let g: Matrix
        public let o: Matrix
        /// c_t, the new cell state.
        public let c: Matrix
    }

    // ANCHOR: lstm-step
    /// One LSTM step, PyTorch's gate order i, f, g, o: from x_t and (h_{t-1}, c_{t-1}), (h_t, c_t).
    public func step(_ x: Matrix, from state: LSTMState) -> (state: LSTMState, cache: StepCache) {
        let hPrev = state.h, cPrev = state.c  // (batch × hidden) each
        let H = hiddenSize
        let xPart = Matrix.gemm(x, weightIH, transposeB: true) + biasIH  // x W_ihᵀ + b_ih: (batch × 4·hidden)
        let hPart = Matrix.gemm(hPrev, weightHH, transposeB: true) + biasHH  // h W_hhᵀ + b_hh: (batch × 4·hidden)
        let a = xPart + hPart  // the four gates' pre-activations, side by side: (batch × 4·hidden)
        let i = sigmoid(a.columns(0..<H))  // input gate: (batch × hidden)
        let f = sigmoid(a.columns(H..<(2 * H)))  // forget gate: (batch × hidden)
        let g = tanh(a.columns((2 * H)..<(3 * H)))  // candidate: (batch × hidden)
        let o = sigmoid(a.columns((3 * H)..<(4 * H)))  // output gate: (batch × hidden)
        let c = f * cPrev + i * g  // c_t = f ⊙ c_{t-1} + i ⊙ g: (batch × hidden)
        let h = o * tanh(c)  // h_t = o ⊙ tanh(c_t): (batch × hidden)
        let cache = StepCache(x: x, hPrev: hPrev, cPrev: cPrev, i: i, f: f, g: g, o: o, c: c)
        return (LSTMState(h: h, c: c), cache)
    }
    // ANCHOR_END: lstm-step

    // ANCHOR: lstm-step-backward
    /// The backward pass of `step`. `dState.h` is ∂L/∂h_t (the loss at t and step t+1), `dState.c`
    /// is ∂L/∂c_t through step t+1. Returns this step's parameter gradients, ∂L/∂x_t and
    /// ∂L/∂(h_{t-1}, c_{t-1}).
    public func stepBackward(_ dState: LSTMState, cache s: StepCache) -> StepGradients<LSTMState> {
        let dh = dState.h, dcNext = dState.c  // (batch × hidden) each
        let tanhC = tanh(s.c)  // (batch × hidden)
        // h = o ⊙ tanh(c): into o.
        let do_ = dh * tanhC  // (batch × hidden)
        // h = o ⊙ tanh(c): into c, through tanh; plus c_t's own road into step t+1.
        let dc = dcNext + dh * s.o * (1 - tanhC * tanhC)  // (batch × hidden)
        // c = f ⊙ c_{t-1} + i ⊙ g: into i, f, g and c_{t-1}.
        let di = dc * s.g  // (batch × hidden)
        let df = dc * s.cPrev  // (batch × hidden)
        let dg = dc * s.i  // (batch × hidden)
        let dcPrev = dc * s.f  // (batch × hidden)
        // Through each gate's squashing: σ' = σ (1 − σ), tanh' = 1 − tanh².
        let dai = di * s.i * (1 - s.i)  // (batch × hidden)
        let daf = df * s.f * (1 - s.f)  // (batch × hidden)
        let dag = dg * (1 - s.g * s.g)  // (batch × hidden)
        let dao = do_ * s.o * (1 - s.o)  // (batch × hidden)
        let da = Matrix.hstack([dai, daf, dag, dao])  // (batch × 4·hidden)
        // a = x W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh: into the weights, the biases, x and h_{t-1}.
        let dWeightIH = Matrix.gemm(da, s.x, transposeA: true)  // daᵀ x: (4·hidden × input)
        let dWeightHH = Matrix.gemm(da, s.hPrev, transposeA: true)  // daᵀ h_{t-1}: (4·hidden × hidden)
        let dBias = da.sumRows()  // the same for both biases: (1 × 4·hidden)
        let dx = Matrix.gemm(da, weightIH)  // (batch × input)
        let dhPrev = Matrix.gemm(da, weightHH)  // (batch × hidden)
        return StepGradients(
            parameters: Gradients([dWeightIH, dWeightHH, dBias, dBias]), input: dx,
            previous: LSTMState(h: dhPrev, c: dcPrev))
    }
    // ANCHOR_END: lstm-step-backward

    public static func matrices(of state: LSTMState) -> [Matrix] { [state.h, state.c] }

    public static func addingToOutput(_ dh: Matrix, _ dState: LSTMState) -> LSTMState {
        LSTMState(h: dState.h + dh, c: dState.c)
    }
}
