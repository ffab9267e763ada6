#if canImport(Glibc)
    import Glibc
#endif

/// The GRU as different papers write it, for comparing them on the same weights and input.
///
/// `GRU` itself is PyTorch's cell and the only one with a backward pass. The papers differ in two
/// independent choices, and a variant is one choice of each:
///
/// - **Where the reset gate acts.** PyTorch (and cuDNN) reset the hidden product after computing
///   it, bias included: n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn)). Cho et al. 2014, Chung et
///   al. 2014 and d2l reset the state before the product: n = tanh(x W_inᵀ + b_in + (r ⊙ h) W_hnᵀ
///   + b_hn). These are different functions of the same weights: with r ⊙ h, each unit's reset
///   silences one *input* of the product; with r ⊙ (h W_hnᵀ), it silences one *output*.
/// - **Which way the update gate points.** PyTorch and Cho et al. 2014: h' = (1 − z) ⊙ n + z ⊙ h
///   (z near 1 keeps the old state). Chung et al. 2014: h' = (1 − z) ⊙ h + z ⊙ n (z near 1 takes
///   the candidate). Since 1 − σ(a) = σ(−a), this is only a relabelling: negating W_iz, W_hz, b_iz
///   and b_hz turns one into the other exactly.
public struct GRUVariant: Sendable, Equatable {
    /// Where the reset gate multiplies.
    public enum ResetPlacement: Sendable, Equatable {
        /// r ⊙ (h W_hnᵀ + b_hn): PyTorch, cuDNN.
        case afterHiddenProduct
        /// (r ⊙ h) W_hnᵀ + b_hn: Cho et al. 2014, Chung et al. 2014, d2l.
        case beforeHiddenProduct
    }

    /// What the update gate z selects when it is near 1.
    public enum UpdateDirection: Sendable, Equatable {
        /// h' = (1 − z) ⊙ n + z ⊙ h: PyTorch, Cho et al. 2014, d2l.
        case zKeepsOldState
        /// h' = (1 − z) ⊙ h + z ⊙ n: Chung et al. 2014.
        case zTakesCandidate
    }

    public var resetPlacement: ResetPlacement
    public var updateDirection: UpdateDirection

    public init(resetPlacement: ResetPlacement, updateDirection: UpdateDirection) {
        self.resetPlacement = resetPlacement
        self.updateDirection = updateDirection
    }

    /// PyTorch's `nn.GRU` (the same as `GRU.forward`).
    public static let pytorch = GRUVariant(resetPlacement: .afterHiddenProduct, updateDirection: .zKeepsOldState)
    /// Cho et al. 2014, "Learning phrase representations using RNN encoder-decoder", as d2l teaches it.
    public static let cho2014 = GRUVariant(resetPlacement: .beforeHiddenProduct, updateDirection: .zKeepsOldState)
    /// Chung et al. 2014, "Empirical evaluation of gated recurrent neural networks on sequence modeling".
    public static let chung2014 = GRUVariant(resetPlacement: .beforeHiddenProduct, updateDirection: .zTakesCandidate)
}

extension GRU {
    /// One step of the GRU written as `variant` says, with this layer's weights: forward only.
    ///
    /// With `.pytorch` it equals one step of `forward`.
    ///
    /// - Parameters:
    ///   - x: the input, `(batch × input)`.
    ///   - h: the previous hidden state, `(batch × hidden)`.
    /// - Returns: the next hidden state, `(batch × hidden)`.
    public func step(_ x: Matrix, _ h: Matrix, variant: GRUVariant = .pytorch) -> Matrix {
        let hidden = hiddenSize
        let r0 = 0..<hidden, z0 = hidden..<(2 * hidden), n0 = (2 * hidden)..<(3 * hidden)
        let inputSide = Matrix.gemm(x, weightIH, transposeB: true) + biasIH  // x W_ihᵀ + b_ih: (batch × 3·hidden)
        let wHR = weightHH.rows(r0), wHZ = weightHH.rows(z0), wHN = weightHH.rows(n0)  // each (hidden × hidden)
        let r = sigmoid(inputSide.columns(r0) + Matrix.gemm(h, wHR, transposeB: true) + biasHH.columns(r0))  // (batch × hidden)
        let z = sigmoid(inputSide.columns(z0) + Matrix.gemm(h, wHZ, transposeB: true) + biasHH.columns(z0))  // (batch × hidden)
        let resetHidden: Matrix  // the reset hidden part of the candidate's pre-activation: (batch × hidden)
        switch variant.resetPlacement {
        case .afterHiddenProduct: resetHidden = r * (Matrix.gemm(h, wHN, transposeB: true) + biasHH.columns(n0))
        case .beforeHiddenProduct: resetHidden = Matrix.gemm(r * h, wHN, transposeB: true) + biasHH.columns(n0)
        }
        let n = tanh(inputSide.columns(n0) + resetHidden)  // (batch × hidden)
        switch variant.updateDirection {
        case .zKeepsOldState: return (1 - z) * n + z * h
        case .zTakesCandidate: return (1 - z) * h + z * n
        }
    }

    /// Runs `step` over a whole sequence: h_t for every t under `variant` (forward only).
    public func hiddenStates(_ xs: [Matrix], initial: Matrix, variant: GRUVariant) -> [Matrix] {
        var h = initial
        return xs.map { x in
            h = step(x, h, variant: variant)
            return h
        }
    }
}
