// The tanh RNN as its chapter writes it: one step forward, h = tanh(x W_xhᵀ + h W_hhᵀ + b), and
// its backward right under it. `forward` and `backward` compute the same by the kernel in
// `Kernels/RNNKernel.swift`; a test holds the two equal.

extension RNN: SteppedRecurrentLayer {
    /// What one step keeps for its backward pass.
    public struct StepCache: Sendable {
        /// x_t, the step's input, `(batch × input)`.
        public let x: Matrix
        /// h_{t-1}, the state the step started from, `(batch × hidden)`.
        public let hPrev: Matrix
        /// h_t, the new state, `(batch × hidden)`.
        public let h: Matrix
    }

    // ANCHOR: rnn-step
    /// One step: h_t = tanh(x_t W_ihᵀ + h_{t-1} W_hhᵀ + b_ih + b_hh). (W_ih is the chapter's W_xh,
    /// and b_ih + b_hh its b.)
    public func step(_ x: Matrix, from hPrev: Matrix) -> (state: Matrix, cache: StepCache) {
        let xPart = Matrix.gemm(x, weightIH, transposeB: true) + biasIH  // x W_xhᵀ + b_ih: (batch × hidden)
        let hPart = Matrix.gemm(hPrev, weightHH, transposeB: true) + biasHH  // h W_hhᵀ + b_hh: (batch × hidden)
        let h = tanh(xPart + hPart)  // (batch × hidden)
        return (h, StepCache(x: x, hPrev: hPrev, h: h))
    }
    // ANCHOR_END: rnn-step

    // ANCHOR: rnn-step-backward
    /// The backward pass of `step`. `dh` is ∂L/∂h_t (the loss at t and step t+1). Returns this
    /// step's parameter gradients, ∂L/∂x_t and ∂L/∂h_{t-1}.
    public func stepBackward(_ dh: Matrix, cache s: StepCache) -> StepGradients<Matrix> {
        // h = tanh(a): through tanh, 1 − h².
        let da = dh * (1 - s.h * s.h)  // (batch × hidden)
        // a = x W_xhᵀ + h_{t-1} W_hhᵀ + b: into the weights, the biases, x and h_{t-1}.
        let dWeightIH = Matrix.gemm(da, s.x, transposeA: true)  // daᵀ x: (hidden × input)
        let dWeightHH = Matrix.gemm(da, s.hPrev, transposeA: true)  // daᵀ h_{t-1}: (hidden × hidden)
        let dBias = da.sumRows()  // the same for both biases: (1 × hidden)
        let dx = Matrix.gemm(da, weightIH)  // (batch × input)
        let dhPrev = Matrix.gemm(da, weightHH)  // (batch × hidden)
        return StepGradients(parameters: Gradients([dWeightIH, dWeightHH, dBias, dBias]), input: dx, previous: dhPrev)
    }
    // ANCHOR_END: rnn-step-backward

    public static func matrices(of state: Matrix) -> [Matrix] { [state] }

    public static func addingToOutput(_ dh: Matrix, _ dState: Matrix) -> Matrix { dState + dh }
}
