/// Everything backpropagation through time computes on its way, kept step by step for a reader
/// to inspect (see `RNN.backwardTrace`).
public struct BPTTTrace {
    /// ∂L/∂hₜ for every step: the *total* gradient, both the loss read at step t and everything
    /// that flows back through hₜ₊₁. `(batch × hidden)` each.
    public var dh: [Matrix]
    /// ∂L/∂aₜ = ∂L/∂hₜ ⊙ (1 − hₜ²), the gradient of the pre-activation. `(batch × hidden)` each.
    public var dPreactivation: [Matrix]
    /// Step t's share of each parameter's gradient, in `parameters` order:
    /// [∂L/∂aₜᵀ xₜ, ∂L/∂aₜᵀ hₜ₋₁, Σ_batch ∂L/∂aₜ, Σ_batch ∂L/∂aₜ]. They sum to `gradients.parameters`.
    public var stepContributions: [Gradients]
    /// What `backward` returns: the summed parameter gradients, ∂L/∂xₜ and ∂L/∂h₋₁.
    public var gradients: RecurrentGradients<Matrix>
}

extension RNN {
    /// `backward`, keeping every intermediate: the total ∂L/∂hₜ, the pre-activation gradients and
    /// each step's contribution to each weight's gradient.
    ///
    /// The point it makes: a step's contribution is the *total* gradient at that step times the
    /// step's own local derivative, ∂L/∂aₜᵀ hₜ₋₁ for W_hh. The influence of later steps is already
    /// inside ∂L/∂hₜ, so it must not be added a second time.
    public func backwardTrace(_ dhs: [Matrix], dFinal: Matrix?, cache: Cache) -> BPTTTrace {
        let (dh, da, _) = backpropagateThroughTime(dhs, dFinal: dFinal, cache: cache)
        let contributions = (0..<cache.steps).map { t in
            let dat = da[t]  // ∂L/∂aₜ (batch × hidden)
            let dBias = dat.sumRows()  // (1 × hidden)
            return Gradients([
                Matrix.gemm(dat, cache.input(t), transposeA: true),  // ∂L/∂aₜᵀ xₜ (hidden × input)
                Matrix.gemm(dat, cache.previousState(t), transposeA: true),  // ∂L/∂aₜᵀ hₜ₋₁ (hidden × hidden)
                dBias, dBias,
            ])
        }
        return BPTTTrace(
            dh: dh, dPreactivation: da, stepContributions: contributions,
            gradients: backward(dhs, dFinal: dFinal, cache: cache))
    }
}
