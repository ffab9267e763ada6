// The GRU as its chapter writes it: one step forward, one line per equation, and its backward
// right under it. `forward` and `backward` compute the same by the kernel in
// `Kernels/GRUKernel.swift`; a test holds the two equal.

extension GRU: SteppedRecurrentLayer {
    /// What one step keeps for its backward pass, each `(batch × hidden)` but x `(batch × input)`.
    public struct StepCache: Sendable {
        /// x_t, the step's input.
        public let x: Matrix
        /// h_{t-1}, the state the step started from.
        public let hPrev: Matrix
        /// The reset gate r, the update gate z and the candidate n.
        public let r: Matrix
        public let z: Matrix
        public let n: Matrix
        /// h_{t-1} W_hnᵀ + b_hn, the hidden part of the candidate before r multiplies it.
        public let hn: Matrix
    }

    // ANCHOR: gru-step
    /// One GRU step, PyTorch's gate order r, z, n, with b_hn inside the reset product and
    /// h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}.
    public func step(_ x: Matrix, from hPrev: Matrix) -> (state: Matrix, cache: StepCache) {
        let H = hiddenSize
        let r0 = 0..<H, z0 = H..<(2 * H), n0 = (2 * H)..<(3 * H)  // each gate's columns
        let xPart = Matrix.gemm(x, weightIH, transposeB: true) + biasIH  // x W_ihᵀ + b_ih: (batch × 3·hidden)
        let hPart = Matrix.gemm(hPrev, weightHH, transposeB: true) + biasHH  // h W_hhᵀ + b_hh: (batch × 3·hidden)
        let r = sigmoid(xPart.columns(r0) + hPart.columns(r0))  // reset gate: (batch × hidden)
        let z = sigmoid(xPart.columns(z0) + hPart.columns(z0))  // update gate: (batch × hidden)
        let hn = hPart.columns(n0)  // h W_hnᵀ + b_hn: (batch × hidden)
        let n = tanh(xPart.columns(n0) + r * hn)  // candidate: (batch × hidden)
        let h = (1 - z) * n + z * hPrev  // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}: (batch × hidden)
        return (h, StepCache(x: x, hPrev: hPrev, r: r, z: z, n: n, hn: hn))
    }
    // ANCHOR_END: gru-step

    // ANCHOR: gru-step-backward
    /// The backward pass of `step`. `dh` is ∂L/∂h_t (the loss at t and step t+1). Returns this
    /// step's parameter gradients, ∂L/∂x_t and ∂L/∂h_{t-1}.
    public func stepBackward(_ dh: Matrix, cache s: StepCache) -> StepGradients<Matrix> {
        // h = (1 − z) ⊙ n + z ⊙ h_{t-1}: into n, into z, and straight into h_{t-1}.
        let dn = dh * (1 - s.z)  // (batch × hidden)
        let dz = dh * (s.hPrev - s.n)  // (batch × hidden)
        let dhDirect = dh * s.z  // (batch × hidden)
        // n = tanh(a_n): through tanh, 1 − n².
        let dan = dn * (1 - s.n * s.n)  // (batch × hidden)
        // a_n = (x W_inᵀ + b_in) + r ⊙ hn: into r, and into hn (scaled by r).
        let dr = dan * s.hn  // (batch × hidden)
        let dhn = dan * s.r  // (batch × hidden)
        // Through the sigmoids of r and z: σ (1 − σ).
        let dar = dr * s.r * (1 - s.r)  // (batch × hidden)
        let daz = dz * s.z * (1 - s.z)  // (batch × hidden)
        // r's and z's pre-activations are plain sums of an input side and a hidden side; the
        // candidate's input side gets dan, its hidden side dhn.
        let dInputSide = Matrix.hstack([dar, daz, dan])  // ∂L/∂(x W_ihᵀ + b_ih): (batch × 3·hidden)
        let dHiddenSide = Matrix.hstack([dar, daz, dhn])  // ∂L/∂(h W_hhᵀ + b_hh): (batch × 3·hidden)
        // Into the weights, the biases and x.
        let dWeightIH = Matrix.gemm(dInputSide, s.x, transposeA: true)  // (3·hidden × input)
        let dWeightHH = Matrix.gemm(dHiddenSide, s.hPrev, transposeA: true)  // (3·hidden × hidden)
        let dBiasIH = dInputSide.sumRows()  // (1 × 3·hidden)
        let dBiasHH = dHiddenSide.sumRows()  // (1 × 3·hidden)
        let dx = Matrix.gemm(dInputSide, weightIH)  // (batch × input)
        // Into h_{t-1}: through the hidden side, plus the direct road through z ⊙ h_{t-1}.
        let dhPrev = dhDirect + Matrix.gemm(dHiddenSide, weightHH)  // (batch × hidden)
        return StepGradients(
            parameters: Gradients([dWeightIH, dWeightHH, dBiasIH, dBiasHH]), input: dx, previous: dhPrev)
    }
    // ANCHOR_END: gru-step-backward

    public static func matrices(of state: Matrix) -> [Matrix] { [state] }

    public static func addingToOutput(_ dh: Matrix, _ dState: Matrix) -> Matrix { dState + dh }
}
