#if canImport(Glibc)
    import Glibc
#endif

/// Softmax cross-entropy at every step of a sequence (many-to-many classification), averaged over
/// the real steps only:
///
///     L = −(1/N) Σ_t Σ_b m[t,b] · log softmax(z_t)[b, y[t][b]],      N = Σ_t Σ_b m[t,b]
///
///     ∂L/∂z_t = m_t · (softmax(z_t) − onehot(y_t)) / N
///
/// where m[t,b] is 1 for a real step and 0 for padding. A padded step adds nothing to the loss,
/// does not count in N, and gets a zero gradient, so a batch of sequences of different lengths
/// trains exactly as the sum of its sequences would (each real token weighs the same). This is
/// PyTorch's `nn.CrossEntropyLoss(ignore_index=pad)` over the flattened steps. Without a mask
/// every step counts.
///
/// - Parameters:
///   - logits: `steps × (batch × classes)`.
///   - targets: `targets[t][b]`, the class wanted at step t of sequence b; where the mask is 0
///     it is not read (any value, usually the padding token).
///   - mask: `steps × (batch × 1)` of 0 and 1 (a `PaddedBatch`'s `masks`), or `nil` for all ones.
/// - Returns: L, ∂L/∂z_t for every step, and N, the number of real steps averaged over.
public func sequenceCrossEntropy(
    logits: [Matrix], targets: [[Int]], mask: [Matrix]? = nil
) -> (loss: Double, grads: [Matrix], count: Int) {
    guard logits.count == targets.count, mask == nil || mask!.count == logits.count else {
        shapeError(
            "sequenceCrossEntropy: \(logits.count) steps of logits, \(targets.count) of targets, \(mask.map { "\($0.count)" } ?? "no") masks"
        )
    }
    func isReal(_ t: Int, _ b: Int) -> Bool { mask == nil || mask![t].storage[b] != 0 }
    var count = 0
    for t in logits.indices {
        let z = logits[t]
        guard targets[t].count == z.rows, mask == nil || mask![t].shape == (z.rows, 1) else {
            shapeError(
                "sequenceCrossEntropy: step \(t) has logits \(z.shapeDescription), \(targets[t].count) targets, mask \(mask?[t].shapeDescription ?? "none")"
            )
        }
        for (b, y) in targets[t].enumerated() where isReal(t, b) {
            guard y >= 0 && y < z.cols else {
                fatalError(
                    "sequenceCrossEntropy: target \(y) at step \(t), row \(b) is not a class of \(z.shapeDescription) (0..<\(z.cols))")
            }
            count += 1
        }
    }
    let n = Double(Swift.max(count, 1))  // no real step at all: loss 0, gradients 0
    var sum = 0.0
    var grads = [Matrix]()
    grads.reserveCapacity(logits.count)
    for t in logits.indices {
        let logP = logSoftmax(logits[t])  // (batch × classes)
        var g = Matrix(rows: logP.rows, cols: logP.cols)  // ∂L/∂z_t, zero on padded rows
        let k = logP.cols
        for (b, y) in targets[t].enumerated() where isReal(t, b) {
            sum -= logP.storage[b * k + y]  // −log p of the wanted class
            for c in 0..<k { g.storage[b * k + c] = exp(logP.storage[b * k + c]) / n }  // softmax / N
            g.storage[b * k + y] -= 1 / n  // minus onehot / N
        }
        grads.append(g)
    }
    return (sum / n, grads, count)
}
