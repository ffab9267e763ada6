#if canImport(Glibc)
    import Glibc
#endif

// Classification losses: log-softmax, the negative log-likelihood, and their composition, the
// cross-entropy of PyTorch's `nn.CrossEntropyLoss` (= `LogSoftmax` followed by `NLLLoss`).

/// Row-wise log-softmax: log pᵢⱼ = zᵢⱼ − log Σₖ e^{zᵢₖ}, one row of logits per example.
///
/// Stable: it subtracts each row's largest logit m before exponentiating,
/// log Σₖ e^{zₖ} = m + log Σₖ e^{zₖ − m}, so the largest exponential is e⁰ = 1 and nothing
/// overflows (logits of 1000 work as well as logits of 1, and give the same result as logits
/// shifted down by 1000).
public func logSoftmax(_ logits: Matrix) -> Matrix {
    var out = logits
    for r in 0..<logits.rows {
        let row = r * logits.cols
        var m = -Double.infinity
        for c in 0..<logits.cols { m = Swift.max(m, logits.storage[row + c]) }
        var s = 0.0
        for c in 0..<logits.cols { s += exp(logits.storage[row + c] - m) }
        let logS = log(s)  // log Σₖ e^{zₖ − m}, between 0 and log(classes)
        // (zⱼ − m) − log Σₖ e^{zₖ − m}: subtracting m first is exact for nearby logits, so large
        // logits lose no digits to the large sum m + log Σ.
        for c in 0..<logits.cols { out.storage[row + c] = (logits.storage[row + c] - m) - logS }
    }
    return out
}

/// Row-wise softmax, pᵢⱼ = e^{zᵢⱼ} / Σₖ e^{zᵢₖ}: each row becomes a probability distribution.
/// Computed as exp(logSoftmax), so it is as stable.
public func softmax(_ logits: Matrix) -> Matrix { logSoftmax(logits).map { exp($0) } }

/// The negative log-likelihood of the correct classes, averaged over the batch (PyTorch's
/// `nn.NLLLoss()`, `reduction="mean"`):
///
///     L = −(1/B) Σᵢ log p[i, tᵢ],        ∂L/∂ log p[i, j] = −1/B if j = tᵢ, else 0
///
/// - Parameters:
///   - logProbabilities: `(batch × classes)`, usually `logSoftmax(logits)`.
///   - targets: the correct class of each row, in `0..<classes`.
public func nllLoss(logProbabilities: Matrix, targets: [Int]) -> (loss: Double, grad: Matrix) {
    checkTargets(targets, for: logProbabilities, "nllLoss")
    let b = Double(logProbabilities.rows)
    var grad = Matrix(rows: logProbabilities.rows, cols: logProbabilities.cols)
    var sum = 0.0
    for (i, t) in targets.enumerated() {
        sum -= logProbabilities[i, t]
        grad[i, t] = -1 / b  // only the correct class's log-probability enters the loss
    }
    return (sum / b, grad)
}

/// Softmax cross-entropy from raw scores (PyTorch's `nn.CrossEntropyLoss()`): log-softmax then
/// NLL, averaged over the batch.
///
/// Its gradient is the famous simple one, (softmax(z) − onehot(t)) / B: the chain rule through
/// log-softmax collapses the NLL's −1/B on the correct class into "predicted minus wanted".
///
/// - Parameters:
///   - logits: `(batch × classes)` scores, any real numbers.
///   - targets: the correct class of each row, in `0..<classes`.
public func crossEntropyLoss(logits: Matrix, targets: [Int]) -> (loss: Double, grad: Matrix) {
    checkTargets(targets, for: logits, "crossEntropyLoss")
    let logP = logSoftmax(logits)  // (batch × classes)
    let loss = nllLoss(logProbabilities: logP, targets: targets).loss
    let b = Double(logits.rows)
    var grad = logP.map { exp($0) / b }  // softmax / B
    for (i, t) in targets.enumerated() { grad[i, t] -= 1 / b }  // minus onehot / B
    return (loss, grad)
}

private func checkTargets(_ targets: [Int], for m: Matrix, _ name: String) {
    guard targets.count == m.rows else {
        shapeError("\(name): \(targets.count) targets for \(m.rows) rows \(m.shapeDescription)")
    }
    for (i, t) in targets.enumerated() where t < 0 || t >= m.cols {
        fatalError("\(name): target \(t) of row \(i) is not a class of \(m.shapeDescription) (0..<\(m.cols))")
    }
}
