/// How a matrix is measured.
public enum MatrixNorm: Sendable {
    /// The spectral norm ‖J‖₂ = σ₁(J), the largest singular value: the most J can stretch any
    /// one direction. The right measure for "can a gradient survive": ‖J g‖ ≤ ‖J‖₂ ‖g‖.
    case spectral
    /// The Frobenius norm √(Σ Jᵢⱼ²). Cheaper; ‖J‖₂ ≤ ‖J‖_F ≤ √rank · ‖J‖₂.
    case frobenius
}

/// How strongly the last hidden state depends on each earlier one: ‖∂h_last/∂h_{last−s}‖ for
/// every distance s = 1, 2, …, steps, for one sequence run through `rnn`.
///
/// In the library's row-vector convention, hₜ = tanh(aₜ) with aₜ = xₜ W_ihᵀ + hₜ₋₁ W_hhᵀ + b, so
/// one step's Jacobian is
///
///     ∂hₜ/∂hₜ₋₁ = diag(1 − hₜ²) W_hh,    and    ∂h_last/∂h_k = Π_{t = last, …, k+1} diag(1 − hₜ²) W_hh.
///
/// Without the tanh (`withTanh: false`, the linear recurrence hₜ = aₜ) every factor is W_hh and
/// the product is W_hhˢ, whose size behaves like ρ(W_hh)ˢ: it explodes for ρ > 1 and vanishes
/// for ρ < 1. The tanh can only shrink it further, since every 1 − hₜ² ≤ 1.
///
/// Gradients flow through the *transpose* of this product (∂L/∂h_k = ∂L/∂h_last · ∂h_last/∂h_k),
/// which has the same spectral and Frobenius norms.
///
/// - Parameters:
///   - rnn: the layer.
///   - xs: one sequence, `xs[t]` `(1 × input)` (batch 1: the Jacobian is per example).
///   - initial: h₋₁, zero by default. The initial state counts as the state `steps` steps back.
///   - withTanh: `false` drops the tanh factors (the hidden states are still those of the tanh
///     run, which the linear product does not use).
///   - norm: `.spectral` (default; one singular value computation per step, O(hidden³)) or
///     `.frobenius`.
/// - Returns: for s = 1…steps, `(stepsBack: s, norm: ‖∂h_last/∂h_{last−s}‖)`.
public func gradientFlow(
    _ rnn: RNN, inputs xs: [Matrix], initial: Matrix? = nil, withTanh: Bool = true, norm: MatrixNorm = .spectral
) -> [(stepsBack: Int, norm: Double)] {
    guard xs.allSatisfy({ $0.rows == 1 }) else {
        shapeError("gradientFlow: the Jacobian is per example; give a batch of 1, got \(xs.first?.shapeDescription ?? "[]")")
    }
    let (hs, _, _) = rnn.forward(xs, initial: initial ?? rnn.zeroState(batch: 1))
    let n = rnn.hiddenSize
    var product = Matrix.identity(n)  // ∂h_last/∂h_last = I
    var result: [(stepsBack: Int, norm: Double)] = []
    for t in stride(from: hs.count - 1, through: 0, by: -1) {
        // Multiply on the right by the Jacobian of step t: diag(1 − hₜ²) W_hh.
        if withTanh {
            let d = tanhDerivative(fromOutput: hs[t])  // (1 × hidden): the diagonal of diag(1 − hₜ²)
            product = product * d  // P · diag(d): column j scaled by dⱼ (broadcast of a row)
        }
        product = product.matmul(rnn.weightHH)  // (hidden × hidden)
        let size = norm == .spectral ? product.largestSingularValue() : product.norm()
        result.append((hs.count - t, size))
    }
    return result
}
