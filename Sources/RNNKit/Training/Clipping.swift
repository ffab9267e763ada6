/// Rescales all gradients together so that their global L2 norm is at most `maxNorm`, exactly
/// as PyTorch's `torch.nn.utils.clip_grad_norm_`:
///
///     total = √(Σ over every entry of every gradient of g²)
///     coef  = maxNorm / (total + 10⁻⁶)
///     if coef < 1:  g ← coef · g      (otherwise the gradients are left exactly as they were)
///
/// The direction of the update is kept; only its length is capped. The "if" matters: a formula
/// written as g ← (g / ‖g‖) · c, without it, would also *stretch* every small gradient to length c.
/// The 10⁻⁶ keeps the division finite for a zero gradient (and makes the clipped norm a hair
/// below `maxNorm`).
///
/// - Returns: the global norm *before* clipping (what PyTorch returns; worth logging, since a
///   spike in it is the signature of an exploding gradient).
@discardableResult
public func clipGradientsByNorm(_ g: inout Gradients, maxNorm: Double) -> Double {
    let total = g.globalNorm
    let coef = maxNorm / (total + 1e-6)
    if coef < 1 {
        for i in g.values.indices { g.values[i] *= coef }
    }
    return total
}

/// Clamps every gradient entry to [−limit, limit] (PyTorch's `clip_grad_value_`).
///
/// Cruder than clipping by norm: entries beyond the limit are cut independently, so the direction
/// of the update changes.
public func clipGradientsByValue(_ g: inout Gradients, limit: Double) {
    for i in g.values.indices {
        g.values[i].clamp(-limit, limit)
    }
}
