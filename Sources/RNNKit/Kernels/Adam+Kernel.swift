/// Adam's update of one parameter, entry by entry, in place, without temporaries: the loop of
/// `Adam.step` (`Training/Adam.swift`, where the formula is explained), over raw pointers so that it
/// vectorizes and allocates nothing.
///
///     θ ← shrink · θ,  g ← g + l2 · θ       weight decay: AdamW's shrink = 1 − ηλ, Adam's l2 = λ
///     m ← β₁ m + (1 − β₁) g
///     v ← β₂ v + (1 − β₂) g²
///     θ ← θ − stepSize · m / (√v / √(1 − β₂ᵗ) + ε),   stepSize = α / (1 − β₁ᵗ)
func adamUpdate(
    _ parameter: inout Matrix, firstMoment: inout Matrix, secondMoment: inout Matrix, gradient: Matrix,
    beta1 b1: Double, beta2 b2: Double, epsilon eps: Double, stepSize: Double, rootCorrection2: Double,
    l2: Double = 0, shrink: Double = 1
) {
    gradient.storage.withUnsafeBufferPointer { g in
        firstMoment.storage.withUnsafeMutableBufferPointer { m in
            secondMoment.storage.withUnsafeMutableBufferPointer { v in
                parameter.storage.withUnsafeMutableBufferPointer { p in
                    if shrink != 1 {
                        for j in 0..<p.count { p[j] *= shrink }  // decoupled decay (AdamW): θ ← θ (1 − ηλ)
                    }
                    // Two copies of one loop, so that the common case (no L2 term) stays branch-free.
                    if l2 != 0 {
                        for j in 0..<p.count {
                            let gj = g[j] + l2 * p[j]  // L2 decay (Adam's weight_decay): g ← g + λθ
                            m[j] = b1 * m[j] + (1 - b1) * gj  // m ← β₁ m + (1 − β₁) g
                            v[j] = b2 * v[j] + (1 - b2) * gj * gj  // v ← β₂ v + (1 − β₂) g²
                            let denominator = v[j].squareRoot() / rootCorrection2 + eps
                            p[j] -= stepSize * m[j] / denominator
                        }
                        return
                    }
                    for j in 0..<p.count {
                        m[j] = b1 * m[j] + (1 - b1) * g[j]  // m ← β₁ m + (1 − β₁) g
                        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]  // v ← β₂ v + (1 − β₂) g²
                        let denominator = v[j].squareRoot() / rootCorrection2 + eps
                        p[j] -= stepSize * m[j] / denominator
                    }
                }
            }
        }
    }
}
