// Backpropagation through time for the tanh RNN, written by hand.
//
// Forward, at every step t:   aₜ = xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh,   hₜ = tanh(aₜ).
//
// hₜ reaches the loss by two roads: directly (dhs[t], the loss read at step t) and through
// hₜ₊₁, which it helped compute. So the *total* gradient is built from the last step back:
//
//     ∂L/∂hₜ = dhs[t] + ∂L/∂aₜ₊₁ W_hh        (the second term is 0 after the last step, or dFinal)
//     ∂L/∂aₜ = ∂L/∂hₜ ⊙ (1 − hₜ²)
//
// and each weight, used at every step, collects one contribution per step:
//
//     ∂L/∂W_ih = Σₜ ∂L/∂aₜᵀ xₜ,   ∂L/∂W_hh = Σₜ ∂L/∂aₜᵀ hₜ₋₁,   ∂L/∂b_ih = ∂L/∂b_hh = Σₜ Σ_batch ∂L/∂aₜ.
//
// Only the first loop is sequential; the sums over time are done afterwards as single matrix
// products over all steps stacked, like the forward pass's input projection.

extension RNN {
    /// Backpropagation through time.
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂hₜ from above for each step (from a head reading hₜ), each `(batch × hidden)`.
    ///     Pass zeros for steps no loss reads; an empty array means no step's output is read.
    ///   - dFinal: ∂L/∂h of the final state from beyond the sequence (a later chunk of truncated
    ///     BPTT, or a many-to-one head reading only `final`), or `nil`.
    ///   - cache: what `forward` returned.
    /// - Returns: ∂L/∂θ in `parameters` order, ∂L/∂xₜ for every step and ∂L/∂h₋₁.
    public func backward(_ dhs: [Matrix], dFinal: Matrix?, cache: Cache) -> RecurrentGradients<Matrix> {
        checkGradients(dhs, dFinal: dFinal, steps: cache.steps, initial: cache.initial)  // RecurrentSetup.swift
        guard cache.steps > 0 else { return emptySequenceGradients(dFinal: dFinal, initial: cache.initial) }
        return RNNKernel.backward(self, dhs, dFinal: dFinal, cache: cache)
    }

    /// The sequential half of BPTT, shared by `backward` and `backwardTrace`: the total gradient
    /// ∂L/∂hₜ and the pre-activation gradient ∂L/∂aₜ of every step, and ∂L/∂h₋₁.
    func backpropagateThroughTime(_ dhs: [Matrix], dFinal: Matrix?, cache: Cache)
        -> (dh: [Matrix], da: [Matrix], dInitial: Matrix)
    {
        let steps = cache.steps, batch = cache.batch
        checkGradients(dhs, dFinal: dFinal, steps: steps, initial: cache.initial)
        let zero = Matrix(rows: batch, cols: hiddenSize)
        var dh = [Matrix](repeating: zero, count: steps)
        var da = [Matrix](repeating: zero, count: steps)
        var dhNext = dFinal ?? zero  // ∂L/∂hₜ through the steps after t; at the end, from beyond the sequence
        for t in stride(from: steps - 1, through: 0, by: -1) {
            var total = dhNext  // the road through hₜ₊₁ ...
            if !dhs.isEmpty { total.add(dhs[t]) }  // ... plus the loss read at step t: ∂L/∂hₜ (batch × hidden)
            let h = cache.hs[t]
            let dat = total * tanhDerivative(fromOutput: h)  // through tanh: ⊙ (1 − hₜ²), (batch × hidden)
            dhNext = Matrix.gemm(dat, weightHH)  // into hₜ₋₁: ∂L/∂aₜ W_hh, (batch × hidden)·(hidden × hidden)
            dh[t] = total
            da[t] = dat
        }
        return (dh, da, dhNext)  // after the loop, dhNext is ∂L/∂h₋₁
    }
}
